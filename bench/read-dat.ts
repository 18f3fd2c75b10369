/**
 * Benchmark of readCerberusDat on a slide-sized `.dat` written by real joblib: nuclei/s (median of 3
 * runs, each in a fresh Node process, by wall clock and by the process's CPU time, which a shared
 * machine disturbs less), peak RSS relative to file size, and Python's `joblib.load` on the same file
 * as the baseline. Run alone: `npx tsx bench/read-dat.ts [smoke|quick|full] [workDir]`; set
 * READ_DAT_PYTHON_SECONDS to reuse a joblib.load time measured before instead of measuring it again.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCerberusDat } from '../pipelines/readers/cerberus-dat';
import type { Bench, BenchFigure } from './figure';

const PYTHON = '/usr/bin/python3';
const MAKE_DAT = fileURLToPath(new URL('../test/fixtures/cerberus/make_dat.py', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Slide sizes per scale: nuclei, glands, lumina (full ≈ the TCGA per-slide average). */
const SIZES: Record<string, readonly [number, number, number]> = {
  smoke: [20_000, 50, 110],
  quick: [100_000, 240, 560],
  full: [630_000, 1_500, 3_500],
};

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Writes (once per workDir) a joblib 1.2, protocol 4 `.dat` with 12–30-vertex int32 nucleus contours. */
async function ensureSlide(
  workDir: string,
  [nuclei, glands, lumina]: readonly [number, number, number],
): Promise<string> {
  const path = join(workDir, `read-dat-${nuclei}.dat`);
  if (existsSync(path)) return path;
  await mkdir(workDir, { recursive: true });
  const spec = { seed: 7, nuclei, glands, lumina, vertices: [12, 30], span: 120_000, protocol: 4, expected: false };
  await run(PYTHON, [MAKE_DAT, `${path}.partial`, JSON.stringify(spec)], 60 * 60_000);
  renameSync(`${path}.partial`, path);
  return path;
}

/** One timed read in this process; reports wall and CPU ms, the RSS high-water mark (bytes) and the nucleus count. */
async function childRead(path: string): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await readCerberusDat(path);
  const cpu = process.cpuUsage(cpuStart);
  const ms = performance.now() - start;
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ms, cpuMs, peakBytes: hwmKb * 1024, nuclei: result.nuclei.count }));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The read-dat benchmark (figures: nuclei/s with the joblib.load baseline, peak memory ÷ file size). */
export const readDatBench: Bench = {
  name: 'read-dat',
  async run({ scale, workDir }) {
    const size = SIZES[scale] ?? SIZES.full!;
    const path = await ensureSlide(workDir, size);
    const fileBytes = statSync(path).size;
    const runs: { ms: number; cpuMs: number; peakBytes: number; nuclei: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const output = await run(process.execPath, ['--import', 'tsx', SELF, '--child', path], 10 * 60_000);
      runs.push(JSON.parse(output) as (typeof runs)[number]);
    }
    const nuclei = runs[0]!.nuclei;
    const pythonSeconds: number[] = [];
    const knownSeconds = Number(process.env.READ_DAT_PYTHON_SECONDS);
    if (knownSeconds > 0) pythonSeconds.push(knownSeconds);
    for (let i = pythonSeconds.length; i < (scale === 'full' ? 1 : 3); i++) {
      const code =
        'import sys, time, joblib\nt = time.perf_counter()\njoblib.load(sys.argv[1])\nprint(time.perf_counter() - t)';
      pythonSeconds.push(Number(await run(PYTHON, ['-c', code, path], 30 * 60_000)));
    }
    const dataset = `1 synthetic slide (joblib 1.2, protocol 4): ${nuclei.toLocaleString('en-US')} nuclei, ${size[1]} glands, ${size[2]} lumina, ${(fileBytes / 1e6).toFixed(0)} MB .dat`;
    const baseline = {
      name: `python3 joblib.load${knownSeconds > 0 ? ' (time given in READ_DAT_PYTHON_SECONDS)' : ''}`,
      value: Math.round(nuclei / median(pythonSeconds)),
      unit: 'nuclei/s',
    };
    const figures: BenchFigure[] = [
      {
        name: 'read .dat: nuclei/s',
        value: Math.round(nuclei / (median(runs.map((r) => r.ms)) / 1000)),
        unit: 'nuclei/s',
        dataset,
        baseline,
        target: '≥ 500,000 nuclei/s',
      },
      {
        name: 'read .dat: nuclei per CPU second',
        value: Math.round(nuclei / (median(runs.map((r) => r.cpuMs)) / 1000)),
        unit: 'nuclei/s',
        dataset,
        baseline,
        target: '≥ 500,000 nuclei/s',
      },
      {
        name: 'read .dat: peak RSS ÷ file size',
        value: Number((Math.max(...runs.map((r) => r.peakBytes)) / fileBytes).toFixed(2)),
        unit: '×',
        dataset,
        target: '≤ 3×',
      },
    ];
    return figures;
  },
};

const entry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (entry && process.argv[2] === '--child') {
  await childRead(process.argv[3]!);
} else if (entry) {
  const figures = await readDatBench.run({
    scale: process.argv[2] ?? 'smoke',
    workDir: process.argv[3] ?? join(ROOT, 'bench', 'results', 'work'),
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
