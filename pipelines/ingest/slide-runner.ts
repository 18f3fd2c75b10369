/**
 * Runs slide tasks on N worker threads (or in this thread when N = 1), reporting each outcome as
 * it arrives. One slide's failure never stops the others.
 */
import { Worker } from 'node:worker_threads';
import { openDuckDB } from '../../lib/db/open-duckdb';
import { workerBundle } from '../worker-bundle';
import { processSlide } from './process-slide';
import type { SlideOutcome, SlideTask } from './slide-task';

/**
 * Young-generation size of each worker's V8 heap. A slide's short-lived objects (the reader's
 * ~630 k id strings and dict entries, per-object temporaries) mostly die before a 96 MB young
 * generation fills, instead of being copied through scavenges and promoted: ≈ 4 % less CPU for
 * the ingest (8 slides, alternating runs against V8's default), ≈ +70 MB per worker.
 */
const WORKER_YOUNG_GENERATION_MB = 96;

/** Processes `tasks` with `jobs` parallel workers; `onOutcome` is called once per task. */
export async function runSlideTasks(
  tasks: readonly SlideTask[],
  jobs: number,
  onOutcome: (outcome: SlideOutcome) => void,
): Promise<void> {
  if (tasks.length === 0) return;
  if (jobs <= 1) {
    const database = await openDuckDB({ threads: 1 });
    try {
      for (const task of tasks) {
        try {
          onOutcome({ ok: true, record: await processSlide(task, database.connection) });
        } catch (error) {
          onOutcome({
            ok: false,
            slideId: task.slideId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    } finally {
      database.close();
    }
    return;
  }
  const bundle = await workerBundle(new URL('./worker.ts', import.meta.url));
  let next = 0;
  // Each lane runs one worker; a worker that dies (e.g. out of memory) fails only its current
  // slide, and the lane starts a fresh worker for the remaining tasks.
  const lane = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(bundle, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      let current: SlideTask | undefined;
      let finished = false;
      const feed = (): void => {
        current = tasks[next++];
        worker.postMessage(current ?? null);
        if (!current) {
          finished = true;
          resolve();
        }
      };
      worker.on('message', (outcome: SlideOutcome) => {
        onOutcome(outcome);
        feed();
      });
      worker.on('error', (error) => {
        if (finished) return;
        finished = true;
        if (current) onOutcome({ ok: false, slideId: current.slideId, error: `worker crashed: ${error.message}` });
        void worker.terminate();
        resolve(next < tasks.length ? lane() : undefined);
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, lane));
}
