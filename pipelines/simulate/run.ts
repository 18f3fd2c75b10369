/**
 * Runs a simulation: selects the real slides of a profile, writes `slides.csv`, then simulates
 * and writes every slide (in worker threads when jobs > 1), reporting progress.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { writeFileAtomic } from '../dataset/atomic-write';
import { workerBundle } from '../worker-bundle';
import type { Effects } from '../effects';
import type { ClinicalRow } from '../reference/clinical-table';
import { formatSlidesCsv, loadReferenceCohort } from '../reference/slides-csv';
import { PROFILES, selectSlides, type ProfileName } from './profiles';
import { simulateOne, type SlideCounts, type SlideJob } from './simulate-one';
import { plantedTruth } from './truth';

/** Options of one run. */
export interface SimulateRunOptions {
  readonly profile: ProfileName;
  readonly outDir: string;
  readonly slides?: number;
  readonly scale?: number;
  readonly seed: number;
  readonly jobs: number;
}

/** Totals of a run; `seconds` is wall time. */
export interface SimulateSummary {
  readonly slides: number;
  readonly skipped: number;
  readonly nuclei: number;
  readonly glands: number;
  readonly lumina: number;
  readonly seconds: number;
}

/** Simulates the profile's slides into `outDir` (Cerberus layout plus slides.csv). */
export async function runSimulation(
  options: SimulateRunOptions,
  effects: Effects,
  cohort: readonly ClinicalRow[] = loadReferenceCohort(),
): Promise<SimulateSummary> {
  const rows = selectSlides(cohort, options.profile, options.slides);
  const scale = options.scale ?? PROFILES[options.profile].scale;
  const slidesCsv = formatSlidesCsv(rows.map((row) => ({ ...row, mpp: plantedTruth(row, options.seed).mpp })));
  writeFileAtomic(join(options.outDir, 'slides.csv'), slidesCsv);
  const jobs = rows.map((row): SlideJob => ({ row, seed: options.seed, scale, outDir: options.outDir }));
  const started = effects.now();
  const totals = { slides: 0, skipped: 0, nuclei: 0, glands: 0, lumina: 0 };
  let lastReport = started;
  const record = (counts: SlideCounts): void => {
    totals.slides++;
    if (counts.skipped) totals.skipped++;
    totals.nuclei += counts.nuclei;
    totals.glands += counts.glands;
    totals.lumina += counts.lumina;
    const now = effects.now();
    const interval = effects.isTTY ? 1000 : 10_000;
    const done = totals.slides === jobs.length;
    if (now - lastReport >= interval || done) {
      lastReport = now;
      const line = progressLine(totals, jobs.length, (now - started) / 1000);
      if (effects.isTTY) effects.status(`\r${line}\x1b[K${done ? '\n' : ''}`);
      else effects.err(line);
    }
  };
  const workers = Math.max(1, Math.min(options.jobs, jobs.length));
  if (workers === 1) for (const job of jobs) record(await simulateOne(job));
  else await runInWorkers(jobs, workers, record);
  return { ...totals, seconds: (effects.now() - started) / 1000 };
}

/** "slides 120/625 · 812 k objects · 95 k objects/s · ETA 40 s". */
export function progressLine(
  totals: { slides: number; nuclei: number; glands: number; lumina: number },
  total: number,
  seconds: number,
): string {
  const objects = totals.nuclei + totals.glands + totals.lumina;
  const rate = seconds > 0 ? objects / seconds : 0;
  const eta = totals.slides > 0 ? (seconds / totals.slides) * (total - totals.slides) : NaN;
  return `simulate: slides ${totals.slides}/${total} · ${Math.round(objects / 1000)} k objects · ${Math.round(rate / 1000)} k objects/s · ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)} s` : '?'}`;
}

async function runInWorkers(
  jobs: readonly SlideJob[],
  count: number,
  record: (counts: SlideCounts) => void,
): Promise<void> {
  let next = 0;
  const bundle = await workerBundle(new URL('./worker.ts', import.meta.url));
  const pool = Array.from({ length: count }, () => new Worker(bundle));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= jobs.length) return resolve();
              worker.postMessage(jobs[next++]);
            };
            worker.on('message', (reply: { ok: true; counts: SlideCounts } | { ok: false; message: string }) => {
              if (!reply.ok) return reject(new Error(reply.message));
              record(reply.counts);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
