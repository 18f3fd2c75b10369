/**
 * Pipeline benchmark: simulated Cerberus results → `ingest` → dataset. Figures: end-to-end nuclei/s
 * and per stage (read, features, write), peak memory, bytes per nucleus on disk (Parquet vs the
 * `.dat` input of the same slides), and the baseline of DuckDB writing the same rows with no
 * feature work. Alone: `npx tsx bench/pipeline.ts [smoke|quick|full] [workDir]` (default
 * `quick bench/results/work`); or `npm run bench -- --scale full --only pipeline`.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDuckDB } from '../lib/db/open-duckdb';
import { literal } from '../lib/db/sql';
import { main } from '../pipelines/cli';
import { realEffects } from '../pipelines/effects';
import { readSlideRecords } from '../pipelines/ingest/finalize';
import type { Bench, BenchFigure } from './figure';

/**
 * Simulated input per scale: full-density slides (`--profile full`), count and area scale. The full
 * scale runs 8 real-size slides, 4 per worker: the cohort's 599 slides amortise each worker's
 * start-up (loading, JIT warm-up) over ~300 slides, and a bench of 2 slides per worker charged
 * it to 2.
 */
const INPUT: Record<string, { slides: number; scale: number }> = {
  smoke: { slides: 2, scale: 0.02 },
  quick: { slides: 2, scale: 0.25 },
  full: { slides: 8, scale: 1 },
};

function bytesUnder(dir: string, suffix: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path, suffix);
    else if (entry.name.endsWith(suffix)) total += statSync(path).size;
  }
  return total;
}

const quiet = { ...realEffects, out: () => undefined, err: () => undefined, status: () => undefined, isTTY: false };

/** The pipeline benchmark. */
export const pipelineBench: Bench = {
  name: 'pipeline',
  run: async ({ scale, workDir }) => {
    const input = INPUT[scale] ?? INPUT.quick!;
    const results = join(workDir, `pipeline-${scale}-results`);
    // Simulate skips slides already written, so a results folder of fewer slides is completed.
    const simulate = [
      'simulate',
      '--profile',
      'full',
      '--slides',
      String(input.slides),
      '--scale',
      String(input.scale),
    ];
    const simulated = await main([...simulate, '--out', results], quiet);
    if (simulated !== 0) throw new Error(`simulate failed (${simulated})`);
    const out = join(workDir, `pipeline-${scale}-dataset`);
    rmSync(out, { recursive: true, force: true });
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const started = performance.now();
    const code = await main(
      ['ingest', results, '--out', out, '--slides', join(results, 'slides.csv'), '--jobs', '2'],
      quiet,
    );
    const seconds = (performance.now() - started) / 1000;
    // Workers are threads of this process: the peak covers the main thread and both workers.
    const peakRss = process.resourceUsage().maxRSS * 1024;
    if (code !== 0) throw new Error(`ingest failed (${code})`);
    const records = readSlideRecords(out);
    const nuclei = records.reduce((a, r) => a + r.counts.nuclei, 0);
    const stage = (key: 'read' | 'features' | 'write'): number =>
      records.reduce((a, r) => a + r.timings[key], 0) / 1000;
    const dataset = `${records.length} simulated full-density slide(s) at area scale ${input.scale}, ${nuclei.toLocaleString('en-US')} nuclei`;
    const parquetBytes = bytesUnder(join(out, 'nuclei'), '.parquet');
    const datBytes = bytesUnder(join(results, 'dat'), '.dat');

    // Baseline: DuckDB alone writing the same nucleus rows (read back from our Parquet) with no feature work.
    const db = await openDuckDB({ threads: 2 });
    const baselineFile = join(workDir, 'pipeline-baseline.parquet');
    const t0 = performance.now();
    await db.connection.run(
      `CREATE TABLE rows AS SELECT * FROM read_parquet(${literal(join(out, 'nuclei', '*', '*.parquet'))})`,
    );
    const t1 = performance.now();
    await db.connection.run(`COPY rows TO ${literal(baselineFile)} (FORMAT parquet, COMPRESSION zstd)`);
    const baselineSeconds = (performance.now() - t1) / 1000;
    db.close();
    rmSync(baselineFile, { force: true });
    void t0;

    const figures: BenchFigure[] = [
      {
        name: 'ingest end to end (2 jobs)',
        value: nuclei / seconds,
        unit: 'nuclei/s',
        dataset,
        target: '≥ 250,000 nuclei/s',
        baseline: {
          name: 'DuckDB writing the same rows, no features',
          value: nuclei / baselineSeconds,
          unit: 'nuclei/s',
        },
      },
      { name: 'stage: read .dat (per core)', value: nuclei / stage('read'), unit: 'nuclei/s', dataset },
      { name: 'stage: features + relations (per core)', value: nuclei / stage('features'), unit: 'nuclei/s', dataset },
      { name: 'stage: write Parquet (per core)', value: nuclei / stage('write'), unit: 'nuclei/s', dataset },
      {
        name: 'peak RSS of the ingest process (2 workers)',
        value: Math.max(peakRss, rssBefore) / 2 ** 20,
        unit: 'MiB',
        dataset,
        baseline: { name: 'peak RSS before the ingest', value: rssBefore / 2 ** 20, unit: 'MiB' },
      },
      {
        name: 'nuclei Parquet on disk',
        value: parquetBytes / nuclei,
        unit: 'B/nucleus',
        dataset,
        target: '≤ 60 B/nucleus',
        baseline: { name: '.dat input of the same slides', value: datBytes / nuclei, unit: 'B/nucleus' },
      },
    ];
    return figures;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [scale = 'quick', workDir = join(import.meta.dirname, 'results', 'work')] = process.argv.slice(2);
  for (const figure of await pipelineBench.run({ scale, workDir: resolve(workDir) }))
    console.log(`${figure.name}: ${figure.value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${figure.unit}`);
}
