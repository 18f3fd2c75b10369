/**
 * Worker-thread entry of `simulate --jobs N`: receives SlideJob messages, answers with
 * SlideCounts (or an error message) for each.
 */
import { parentPort } from 'node:worker_threads';
import { simulateOne, type SlideJob } from './simulate-one';

parentPort?.on('message', (job: SlideJob) => {
  simulateOne(job).then(
    (counts) => parentPort?.postMessage({ ok: true, counts }),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
