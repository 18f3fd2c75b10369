/**
 * gzipStream: the bytes are gzip of the source's, errors pass through, and a cancel resolves
 * only after the source's own cancel has finished (so a lane slot is not freed early).
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipStream } from '../../../../lib/server/export/gzip-stream';
import { readAll } from '../../../support/export-dataset';

describe('gzipStream', () => {
  it('compresses the whole source', async () => {
    const text = 'slide_id,object_id\n'.repeat(5000);
    const chunks = [text.slice(0, 1000), text.slice(1000)].map((t) => new TextEncoder().encode(t));
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    expect(gunzipSync(await readAll(gzipStream(source))).toString()).toBe(text);
  });

  it('passes a source error on', async () => {
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('COPY failed')),
    });
    await expect(readAll(gzipStream(source))).rejects.toThrow();
  });

  it('resolves a cancel only after the source has stopped', async () => {
    let stopped = false;
    let finishCancel = (): void => undefined;
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1024)),
      cancel: () =>
        new Promise<void>((done) => {
          finishCancel = () => {
            stopped = true;
            done();
          };
        }),
    });
    const reader = gzipStream(source).getReader();
    await reader.read();
    let cancelled = false;
    const cancelling = reader.cancel('client went away').then(() => (cancelled = true));
    await new Promise((done) => setTimeout(done, 20));
    expect(cancelled).toBe(false);
    finishCancel();
    await cancelling;
    expect(stopped).toBe(true);
  });
});
