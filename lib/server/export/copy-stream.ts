import 'server-only';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { close, constants, open } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { literal } from '../../db/sql';
import { acquireConnection } from './connection';
import { exportScratchDir } from './scratch-dir';

const execFileAsync = promisify(execFile);
const openAsync = promisify(open);
const closeAsync = promisify(close);

/** Chunks (≤ 64 KiB each, one pipe read) queued before the FIFO is left unread. */
const QUEUED_CHUNKS = 4;

/**
 * Opens one end of a FIFO without blocking and closes it at once: a DuckDB thread blocked in
 * open() of the other end wakes up (its next write then fails with EPIPE). Fails quietly.
 */
async function touchFifo(path: string, flags: number): Promise<void> {
  const fd = await openAsync(path, flags | constants.O_NONBLOCK).catch(() => undefined);
  if (fd !== undefined) await closeAsync(fd);
}

/**
 * Streams `prefix`, then what DuckDB writes with `COPY (select) TO … (copyOptions)` for each of
 * `selects` in turn (one file per COPY, concatenated: for CSV without header), through a FIFO in
 * the export scratch folder (exportScratchDir): no temporary file, first bytes as soon as DuckDB
 * writes them, constant memory. Back-pressure is the pipe's own: when the client stops
 * reading, the stream stops reading the FIFO, its 64 KiB buffer fills and DuckDB's write() blocks
 * (holding that DuckDB thread and the libuv thread of the COPY call until the client reads on).
 * Cancelling interrupts the COPY, closes the read end (DuckDB's next write fails with EPIPE) and
 * resolves once the connection is closed and the FIFO removed.
 */
export function streamCopy(
  dataset: OpenedDataset,
  selects: readonly string[],
  copyOptions: string,
  prefix?: string,
): ReadableStream<Uint8Array> {
  const path = join(exportScratchDir(), `${randomUUID()}.fifo`);
  const copySqls = selects.map((s) => `COPY (${s}) TO ${literal(path)} (${copyOptions}, USE_TMP_FILE false)`);
  let copySql = copySqls[0] ?? '';
  let socket: Socket | undefined;
  // Our own write end, open from start to finish: the reader sees end-of-file only after the last COPY.
  let writeFd: number | undefined;
  let lease: Awaited<ReturnType<typeof acquireConnection>> | undefined;
  let copy: Promise<unknown> | undefined;
  let copySettled = false;
  let ended: Promise<void> | undefined;
  let setup: Promise<void> | undefined;
  let cleaned: Promise<void> | undefined;
  let done = false;
  const closeWriteEnd = async (): Promise<void> => {
    const fd = writeFd;
    writeFd = undefined;
    if (fd !== undefined) await closeAsync(fd).catch(() => undefined);
  };
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      socket?.destroy();
      if (copy && !copySettled) {
        lease?.connection.interrupt();
        // DuckDB may be blocked in open() (no reader any more): wake it until the COPY has ended.
        while (!copySettled) {
          await touchFifo(path, constants.O_RDONLY);
          await Promise.race([copy.catch(() => undefined), delay(20)]);
        }
      }
      lease?.release();
      await closeWriteEnd();
      await rm(path, { force: true });
    })());
  const begin = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    if (prefix) controller.enqueue(new TextEncoder().encode(prefix));
    await execFileAsync('mkfifo', ['-m', '600', path]);
    // O_NONBLOCK: a blocking open of a FIFO would park a libuv thread until DuckDB opens the other end.
    const fd = await openAsync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      // Our write end before the first read: on some systems (macOS, BSD) a FIFO whose read end has
      // never had a writer reads as end-of-file at once.
      writeFd = await openAsync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      close(fd, () => undefined);
      throw error;
    }
    const reader = new Socket({ fd, readable: true, writable: false });
    socket = reader;
    ended = new Promise<void>((resolve, reject) => {
      reader.on('end', resolve);
      reader.on('error', reject);
    });
    ended.catch(() => undefined);
    reader.on('data', (bytes: Buffer) => {
      if (done) return;
      controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      if ((controller.desiredSize ?? 0) <= 0) reader.pause();
    });
    if (done) return;
    lease = await acquireConnection(dataset);
    if (done) return;
    const connection = lease.connection;
    copy = (async () => {
      for (const sql of copySqls) {
        copySql = sql;
        if (done) return;
        await connection.run(sql);
      }
    })().finally(() => {
      copySettled = true;
    });
  };
  const finish = async (): Promise<void> => {
    if (done) return;
    await copy;
    await closeWriteEnd();
    await ended;
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (setup) {
          socket?.resume();
          return;
        }
        setup = begin(controller);
        setup.then(finish).then(
          async () => {
            if (done) return;
            done = true;
            await cleanup();
            controller.close();
          },
          async (error: unknown) => {
            if (done) return;
            done = true;
            await cleanup();
            controller.error(new QueryError(error, copySql));
          },
        );
      },
      async cancel() {
        done = true;
        await setup?.catch(() => undefined);
        await cleanup();
      },
    },
    { highWaterMark: QUEUED_CHUNKS },
  );
}
