/**
 * `npm run bench [-- --scale smoke|quick|full] [--only name,name]`: runs every benchmark, prints
 * its figures as a table with dataset size, target and same-run baseline, and merges them into
 * bench/results/<date>.json (each benchmark's latest result of the day, with its scale).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Bench, BenchFigure } from './figure';

const BENCHES: Record<string, () => Promise<Bench>> = {
  'read-dat': async () => (await import('./read-dat')).readDatBench,
  geometry: async () => (await import('./geometry')).geometryBench,
  pipeline: async () => (await import('./pipeline')).pipelineBench,
  scale: async () => (await import('./scale')).scaleBench,
  viewer: async () => (await import('./viewer')).viewerBench,
  load: async () => (await import('./load')).loadBench,
  cohort: async () => (await import('./cohort')).cohortBench,
  export: async () => (await import('./export')).exportBench,
  'first-paint': async () => (await import('./first-paint')).firstPaintBench,
};

interface BenchResult {
  readonly bench: string;
  readonly scale: string;
  readonly figures: readonly BenchFigure[];
  readonly error?: string;
  readonly seconds: number;
  readonly finishedAt: string;
}

/**
 * Merges this run's results into the day's file: a benchmark run now replaces that benchmark's
 * earlier result of the same day, the others are kept (so `--only` runs accumulate).
 */
function mergeResults(file: string, results: readonly BenchResult[], machine: Record<string, unknown>): void {
  const previous = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: BenchResult[] }).results ?? [])
    : [];
  const ran = new Set(results.map((r) => r.bench));
  const merged = [...previous.filter((r) => !ran.has(r.bench) && r.finishedAt), ...results];
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, results: merged }, null, 2)}\n`);
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** How the figure compares with its baseline: a speed-up for times, a ratio otherwise. */
function relative(f: BenchFigure): string {
  if (!f.baseline) return '';
  return f.unit === 'ms'
    ? `${formatNumber(f.baseline.value / f.value)}× faster`
    : `${formatNumber(f.value / f.baseline.value)}× the baseline`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'quick' }, only: { type: 'string' } } });
  const scale = values.scale!;
  if (!['smoke', 'quick', 'full'].includes(scale))
    throw new Error(`--scale must be smoke, quick or full, got ${scale}`);
  const workDir = join(import.meta.dirname, 'results', 'work');
  mkdirSync(workDir, { recursive: true });
  const names = values.only ? values.only.split(',') : Object.keys(BENCHES);
  const results: BenchResult[] = [];
  for (const name of names) {
    const load = BENCHES[name];
    if (!load) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    const started = performance.now();
    process.stderr.write(`bench ${name} (${scale})…\n`);
    try {
      const figures = await (await load()).run({ scale, workDir });
      const seconds = (performance.now() - started) / 1000;
      results.push({ bench: name, scale, figures, seconds, finishedAt: new Date().toISOString() });
    } catch (error) {
      results.push({
        bench: name,
        scale,
        figures: [],
        error: (error as Error).message,
        seconds: (performance.now() - started) / 1000,
        finishedAt: new Date().toISOString(),
      });
    }
  }
  const rows = results.flatMap((r) =>
    r.error
      ? [[r.bench, 'FAILED', r.error, '', '', '']]
      : r.figures.map((f) => [
          r.bench,
          f.name,
          `${formatNumber(f.value)} ${f.unit}`,
          f.baseline ? `${f.baseline.name}: ${formatNumber(f.baseline.value)} ${f.baseline.unit} (${relative(f)})` : '',
          f.target ?? '',
          f.dataset,
        ]),
  );
  const header = ['bench', 'figure', 'value', 'baseline (same run)', 'target', 'dataset'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  process.stdout.write(
    `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`,
  );
  const date = new Date().toISOString().slice(0, 10);
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  mergeResults(join(import.meta.dirname, 'results', `${date}.json`), results, machine);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
