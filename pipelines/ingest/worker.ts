/**
 * Worker thread of `ingest --jobs N`: owns one single-threaded DuckDB connection and processes
 * the slides the main thread sends, one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { openDuckDB } from '../../lib/db/open-duckdb';
import { processSlide } from './process-slide';
import type { SlideOutcome, SlideTask } from './slide-task';

const port = parentPort;
if (!port) throw new Error('pipelines/ingest/worker.ts must run as a worker thread');
const database = openDuckDB({ threads: 1 });

port.on('message', async (task: SlideTask | null) => {
  if (task === null) {
    (await database).close();
    port.close();
    return;
  }
  let outcome: SlideOutcome;
  try {
    outcome = { ok: true, record: await processSlide(task, (await database).connection) };
  } catch (error) {
    outcome = { ok: false, slideId: task.slideId, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(outcome);
});
