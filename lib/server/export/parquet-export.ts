import 'server-only';
import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { literal } from '../../db/sql';
import { acquireConnection } from './connection';

const READ_SIZE = 1 << 20;

/**
 * Streams `selectSql` as a Parquet file (Snappy, which every reader decodes, including pure-JS
 * ones such as hyparquet that lack ZSTD): DuckDB writes it with COPY to a temporary file
 * on the first pull, which is then read 1 MiB per pull and deleted at the end or on cancel.
 * Cancelling during the COPY interrupts it.
 */
export function streamParquet(dataset: OpenedDataset, selectSql: string): ReadableStream<Uint8Array> {
  const path = join(tmpdir(), `atlas-export-${randomUUID()}.parquet`);
  let lease: Awaited<ReturnType<typeof acquireConnection>> | undefined;
  let copying: Promise<unknown> | undefined;
  let file: FileHandle | undefined;
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    lease?.release();
    await file?.close().catch(() => undefined);
    await rm(path, { force: true });
  };
  const copySql = `COPY (${selectSql}) TO ${literal(path)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!file) {
            lease = await acquireConnection(dataset);
            copying = lease.connection.run(copySql);
            await copying;
            copying = undefined;
            lease.release();
            file = await open(path, 'r');
          }
          const buffer = new Uint8Array(READ_SIZE);
          const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
          if (bytesRead === 0) {
            controller.close();
            await cleanup();
            return;
          }
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (error) {
          await cleanup();
          controller.error(new QueryError(error, copySql));
        }
      },
      async cancel() {
        if (copying) lease?.connection.interrupt();
        await copying?.catch(() => undefined);
        await cleanup();
      },
    },
    { highWaterMark: 1 },
  );
}
