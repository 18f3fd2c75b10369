import 'server-only';
import type { DuckDBResult } from '@duckdb/node-api';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { CsvBlockBuilder, expectedTypeIds } from './csv-blocks';
import { csvHeader, type CsvColumn } from './csv-export';
import { acquireConnection } from './connection';
import { FORMAT_WORKERS, formatOnWorker, type FormattedBlock } from './csv-workers';
import { checkStreamComplete } from './stream-complete';

/** Blocks read from DuckDB but not yet handed to the client: two per formatter thread. */
export const BLOCKS_IN_FLIGHT = 2 * FORMAT_WORKERS;

/**
 * Streams `columns` of the rows of `selects` (SELECTs run in turn on one connection, e.g. one
 * per slide batch) as CSV with a header line, byte for byte what DuckDB's COPY with csvCopyOptions
 * writes, formatted in JS worker threads (lib/csv) instead of DuckDB's slower FLOAT→text cast.
 * The main thread pulls streaming-result chunks into blocks of typed arrays (csv-blocks.ts), the
 * pool formats them, blocks leave in order. Back-pressure: at most BLOCKS_IN_FLIGHT blocks exist
 * between DuckDB and the client; when the client stops reading, the pulling stops. Cancelling
 * interrupts DuckDB and resolves once the connection is released (in-flight blocks are dropped).
 */
export function streamCsvRows(
  dataset: OpenedDataset,
  selects: readonly string[],
  columns: readonly CsvColumn[],
  options: { blockRows?: number } = {},
): ReadableStream<Uint8Array> {
  const builder = new CsvBlockBuilder(columns, options.blockRows);
  const types = expectedTypeIds(columns);
  const pending: Promise<FormattedBlock>[] = [];
  let sql = selects[0] ?? '';
  let done = false;
  let exhausted = false;
  let failure: unknown;
  let producer: Promise<void> | undefined;
  let lease: Awaited<ReturnType<typeof acquireConnection>> | undefined;
  let wakeProducer: (() => void) | undefined;
  let wakeConsumer: (() => void) | undefined;
  const wake = (which: 'producer' | 'consumer'): void => {
    const resolve = which === 'producer' ? wakeProducer : wakeConsumer;
    if (which === 'producer') wakeProducer = undefined;
    else wakeConsumer = undefined;
    resolve?.();
  };
  const dispatch = (): void => {
    const block = builder.take();
    if (!block) return;
    const formatted = formatOnWorker(block);
    formatted.catch(() => undefined);
    pending.push(formatted);
    wake('consumer');
  };
  const produce = async (): Promise<void> => {
    lease = await acquireConnection(dataset);
    for (const select of selects) {
      sql = select;
      if (done) return;
      const result: DuckDBResult = await lease.connection.stream(select);
      const got = result.columnTypes().map((t) => t.typeId);
      if (got.length !== types.length || got.some((t, i) => t !== types[i]))
        throw new Error(`CSV columns arrived as types ${got.join(',')}, expected ${types.join(',')}`);
      let rows = 0;
      for (;;) {
        if (done) return;
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        rows += chunk.rowCount;
        builder.append(chunk);
        if (builder.isFull()) {
          while (!done && pending.length >= BLOCKS_IN_FLIGHT) await new Promise<void>((r) => (wakeProducer = r));
          if (done) return;
          dispatch();
        }
      }
      if (!done) await checkStreamComplete(lease.connection, select, rows);
    }
    while (!done && pending.length >= BLOCKS_IN_FLIGHT) await new Promise<void>((r) => (wakeProducer = r));
    if (done) return;
    dispatch();
  };
  const stop = async (): Promise<void> => {
    done = true;
    lease?.connection.interrupt();
    wake('producer');
    await producer;
    lease?.release();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(new TextEncoder().encode(csvHeader(columns)));
      },
      async pull(controller) {
        producer ??= produce().then(
          () => {
            exhausted = true;
            lease?.release();
            wake('consumer');
          },
          (error: unknown) => {
            failure = error;
            wake('consumer');
          },
        );
        try {
          while (pending.length === 0 && !exhausted && failure === undefined)
            await new Promise<void>((r) => (wakeConsumer = r));
          if (failure !== undefined) throw failure;
          const next = pending[0];
          if (!next) {
            done = true;
            controller.close();
            return;
          }
          const { bytes, block } = await next;
          pending.shift();
          builder.recycle(block);
          wake('producer');
          if (!done) controller.enqueue(bytes);
        } catch (error) {
          if (done) return;
          await stop();
          controller.error(new QueryError(error, sql));
        }
      },
      async cancel() {
        await stop();
      },
    },
    { highWaterMark: 1 },
  );
}
