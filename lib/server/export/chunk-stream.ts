import 'server-only';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { acquireConnection } from './connection';
import { checkStreamComplete } from './stream-complete';

/** How a query's chunks become bytes: text before, per chunk (2048 rows), and after. */
export interface ChunkEncoder {
  readonly prefix?: string;
  readonly encode: (chunk: DuckDBDataChunk, isFirst: boolean) => string;
  readonly suffix?: string;
}

/**
 * Streams `sql` on its own connection as a byte stream, one DuckDB chunk per pull(): DuckDB
 * computes the next chunk only when the client has read the previous one (back-pressure,
 * constant memory). The row count is checked at the end (stream-complete.ts): a query that fails
 * midway errors the stream instead of ending it short. Cancelling the stream interrupts the query
 * and closes the connection.
 */
export function streamQuery(dataset: OpenedDataset, sql: string, encoder: ChunkEncoder): ReadableStream<Uint8Array> {
  const text = new TextEncoder();
  let lease: Awaited<ReturnType<typeof acquireConnection>> | undefined;
  let result: Awaited<ReturnType<Awaited<ReturnType<typeof acquireConnection>>['connection']['stream']>> | undefined;
  let inFlight: Promise<unknown> | undefined;
  let first = true;
  let rows = 0;
  const finish = (): void => lease?.release();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!lease) {
            lease = await acquireConnection(dataset);
            const pending = lease.connection.stream(sql);
            inFlight = pending;
            result = await pending;
            if (encoder.prefix) controller.enqueue(text.encode(encoder.prefix));
          }
          const next = (result as NonNullable<typeof result>).fetchChunk();
          inFlight = next;
          const chunk = await next;
          inFlight = undefined;
          if (!chunk || chunk.rowCount === 0) {
            await checkStreamComplete((lease as NonNullable<typeof lease>).connection, sql, rows);
            if (encoder.suffix) controller.enqueue(text.encode(encoder.suffix));
            controller.close();
            finish();
            return;
          }
          rows += chunk.rowCount;
          const body = encoder.encode(chunk, first);
          first = false;
          if (body !== '') controller.enqueue(text.encode(body));
        } catch (error) {
          finish();
          controller.error(new QueryError(error, sql));
        }
      },
      async cancel() {
        // The client went away: stop DuckDB's work now, then free the connection.
        lease?.connection.interrupt();
        await inFlight?.catch(() => undefined);
        finish();
      },
    },
    { highWaterMark: 1 },
  );
}
