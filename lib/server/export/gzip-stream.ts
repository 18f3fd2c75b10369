import 'server-only';

/**
 * `source` gzip-compressed, whose cancel resolves only once `source` itself has stopped. A plain
 * `pipeThrough(new CompressionStream('gzip'))` resolves the consumer's cancel before the pipe
 * has cancelled the source, so a caller holding a slot until the work stops (lib/server/lanes.ts)
 * would free it while the source (a DuckDB COPY being interrupted) is still running.
 */
export function gzipStream(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let markStopped = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const tracked = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            markStopped();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          markStopped();
          controller.error(error);
        }
      },
      async cancel(reason) {
        await reader.cancel(reason).catch(() => undefined);
        markStopped();
      },
    },
    { highWaterMark: 0 },
  );
  const compressed = tracked
    .pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    .getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await compressed.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await compressed.cancel(reason).catch(() => undefined);
        await stopped;
      },
    },
    { highWaterMark: 0 },
  );
}
