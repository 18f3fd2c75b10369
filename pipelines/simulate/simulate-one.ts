/**
 * Simulates and writes one slide unless its outputs already exist; shared by the in-process
 * loop and the worker threads.
 */
import { existsSync } from 'node:fs';
import type { ClinicalRow } from '../reference/clinical-table';
import { simulateSlide } from './simulate-slide';
import { slideOutputPaths, writeSimulatedSlide } from './write-slide';

/** One slide's job: its clinical row, seed, tissue-area scale and results folder. */
export interface SlideJob {
  readonly row: ClinicalRow;
  readonly seed: number;
  readonly scale: number;
  readonly outDir: string;
}

/** Objects written for one slide (all zero when it was skipped). */
export interface SlideCounts {
  readonly skipped: boolean;
  readonly nuclei: number;
  readonly glands: number;
  readonly lumina: number;
}

/** Runs one job; skips a slide whose `.dat` and `.mat` both exist (the output is deterministic anyway). */
export async function simulateOne(job: SlideJob): Promise<SlideCounts> {
  const paths = slideOutputPaths(job.outDir, job.row.file_name);
  if (existsSync(paths.dat) && existsSync(paths.mat)) return { skipped: true, nuclei: 0, glands: 0, lumina: 0 };
  const slide = simulateSlide(job.row, { seed: job.seed, scale: job.scale });
  await writeSimulatedSlide(job.outDir, job.row.file_name, slide, job.seed);
  return { skipped: false, nuclei: slide.nuclei.count, glands: slide.glands.count, lumina: slide.lumina.count };
}
