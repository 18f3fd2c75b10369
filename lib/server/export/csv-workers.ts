import 'server-only';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { blockBuffers, type CsvBlock } from '../../csv/csv-block';
import type { FormatReply, FormatRequest } from './csv-format-worker';

/** Formatter threads: one per core, at most 4 (DuckDB and the main thread need cores too). */
export const FORMAT_WORKERS = Math.max(1, Math.min(4, availableParallelism()));

/** A formatted block: its CSV bytes and the block's arrays back for reuse. */
export interface FormattedBlock {
  readonly bytes: Uint8Array;
  readonly block: CsvBlock;
}

interface Job {
  resolve: (formatted: FormattedBlock) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
}

/**
 * Starts one formatter thread. Under Next.js (NEXT_RUNTIME set; `next start`, `next dev`)
 * Turbopack turns `new Worker(new URL(…))` into a bundled worker chunk. Unbundled (vitest, tsx)
 * the TypeScript source runs through tsx's loader, registered by a one-line bootstrap. Not
 * `import.meta.url` to tell them apart: Turbopack keeps the source's `.ts` URL there.
 * docs/decisions/0007-csv-formatting-workers.md.
 */
function startWorker(): Worker {
  if (process.env.NEXT_RUNTIME === undefined) {
    // A computed URL, so that the bundler does not copy the source as an asset.
    const source = import.meta.url.replace(/[^/]+$/, 'csv-format-worker.ts');
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(new URL('./csv-format-worker.ts', import.meta.url));
}

let workers: PoolWorker[] = [];
let nextId = 0;

/** Forgets a worker and fails its jobs (it crashed, or exited). */
function drop(entry: PoolWorker, error: Error): void {
  workers = workers.filter((w) => w !== entry);
  for (const job of entry.jobs.values()) job.reject(error);
  entry.jobs.clear();
}

function spawn(): PoolWorker {
  const entry: PoolWorker = { worker: startWorker(), jobs: new Map() };
  entry.worker.on('message', (reply: FormatReply) => {
    const job = entry.jobs.get(reply.id);
    entry.jobs.delete(reply.id);
    if (entry.jobs.size === 0) entry.worker.unref();
    if (!job) return;
    if ('error' in reply) job.reject(new Error(`CSV formatting failed: ${reply.error}`));
    else job.resolve({ bytes: reply.bytes, block: reply.block });
  });
  entry.worker.on('error', (error) => drop(entry, new Error(`CSV formatter thread failed: ${error.message}`)));
  entry.worker.on('exit', (code) => drop(entry, new Error(`CSV formatter thread exited (code ${code})`)));
  // Idle threads must not keep the process alive; busy ones must (after the listeners: adding a
  // 'message' listener refs the worker again).
  entry.worker.unref();
  workers.push(entry);
  return entry;
}

/**
 * Formats `block` on the least busy thread of the process-wide pool (threads start lazily and
 * live for the process, unref'd while idle). The block's arrays are transferred: do not touch them after.
 */
export function formatOnWorker(block: CsvBlock): Promise<FormattedBlock> {
  let entry = workers.reduce<PoolWorker | undefined>((best, w) => (!best || w.jobs.size < best.jobs.size ? w : best), undefined); // prettier-ignore
  if (!entry || (entry.jobs.size > 0 && workers.length < FORMAT_WORKERS)) entry = spawn();
  const id = nextId++;
  const target = entry;
  return new Promise<FormattedBlock>((resolve, reject) => {
    target.jobs.set(id, { resolve, reject });
    if (target.jobs.size === 1) target.worker.ref();
    const request: FormatRequest = { id, block };
    target.worker.postMessage(request, blockBuffers(block));
  });
}

/** Threads of the pool, jobs now queued or running, and jobs ever submitted (tests: back-pressure, no leak). */
export function formatterState(): { threads: number; jobs: number; submitted: number } {
  return { threads: workers.length, jobs: workers.reduce((n, w) => n + w.jobs.size, 0), submitted: nextId };
}
