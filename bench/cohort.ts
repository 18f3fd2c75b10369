/**
 * Cohort-wide object filter → exact per-slide counts (`countPerSlide`: the nucleus cube when it
 * answers exactly, else a GROUP BY over the Hive table): p50/p95 over several filters, separately
 * for the two paths, against the same GROUP BY on a plain DuckDB connection.
 * Datasets: smoke = the `test` profile (4 slides); quick/full = it replicated to 100 slides / 3 M
 * nuclei and 600 slides / ≈ 50 M nuclei. Runs in a child Node process with the react-server
 * condition (the server modules import 'server-only'). Alone: `npx tsx bench/cohort.ts [scale] [workDir]`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childBench, runAsScript } from './child-process';
import type { Bench, BenchFigure } from './figure';
import { reusableDataset } from './work-dataset';

const SELF = fileURLToPath(import.meta.url);
/** Replication per scale: copies of the 4 test slides, and copies of each slide's objects. */
const REPLICATION: Record<string, readonly [number, number]> = { smoke: [1, 1], quick: [25, 10], full: [150, 28] };

/** The manifest entry of each file under `dir`: path, size and sha256 (what `verify` and the server's damage check read). */
function describeFiles(dir: string): { path: string; bytes: number; sha256: string }[] {
  return listFiles(dir).map((path) => {
    const file = join(dir, path);
    return { path, bytes: statSync(file).size, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The benchmark dataset of `scale` (built once into `workDir`): the test dataset's slides and objects replicated. */
export async function benchDataset(scale: string, workDir: string): Promise<string> {
  const { ensureTestDataset } = await import('../test/support/test-dataset');
  const base = await ensureTestDataset();
  const [copies, repeat] = REPLICATION[scale] ?? [1, 1];
  if (copies === 1 && repeat === 1) return base;
  const out = join(workDir, `cohort-bench-v3-${copies}x${repeat}`);
  if (reusableDataset(out)) return out;
  const { openDuckDB } = await import('../lib/db/open-duckdb');
  const { readManifest } = await import('../lib/dataset/open-dataset');
  const temp = `${out}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  const db = await openDuckDB();
  try {
    const r = `'-r' || lpad(r.range::VARCHAR, 3, '0')`;
    await db.connection.run(
      `COPY (SELECT * REPLACE (s.slide_id || ${r} AS slide_id) FROM read_parquet('${base}/slides.parquet') s, range(${copies}) r ORDER BY 1) TO '${temp}/slides.parquet' (FORMAT parquet)`,
    );
    // The cube of nucleus counts: each nucleus is replicated `repeat` times, so every count is too.
    await db.connection.run(
      `COPY (SELECT * REPLACE (c.slide_id || ${r} AS slide_id, (c.count * ${repeat})::INTEGER AS count, (c.at_lower_edge * ${repeat})::INTEGER AS at_lower_edge)
         FROM read_parquet('${base}/nuclei_cube/*/*.parquet', hive_partitioning = true) c, range(${copies}) r)
       TO '${temp}/nuclei_cube' (FORMAT parquet, PARTITION_BY (slide_id), COMPRESSION zstd)`,
    );
    for (const kind of ['nuclei', 'glands', 'lumina']) {
      const m = kind === 'nuclei' ? repeat : 1;
      await db.connection.run(
        `COPY (SELECT * REPLACE (o.slide_id || ${r} AS slide_id, (o.object_id + m.range * 10000000)::UINTEGER AS object_id)
           FROM read_parquet('${base}/${kind}/*/*.parquet', hive_partitioning = true) o, range(${copies}) r, range(${m}) m)
         TO '${temp}/${kind}' (FORMAT parquet, PARTITION_BY (slide_id), COMPRESSION zstd)`,
      );
    }
  } finally {
    db.close();
  }
  const manifest = readManifest(base);
  const files = describeFiles(temp);
  const nuclei = manifest.counts.nuclei * copies * repeat;
  const counts = {
    ...manifest.counts,
    slides: manifest.counts.slides * copies,
    nuclei,
    glands: manifest.counts.glands * copies,
    lumina: manifest.counts.lumina * copies,
  };
  writeFileSync(
    join(temp, 'manifest.json'),
    JSON.stringify({ ...manifest, datasetId: 'cohort-bench', counts, files }, null, 2),
  );
  renameSync(temp, out);
  return out;
}

/** Percentile `p` (0–1) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

async function measure(scale: string, workDir: string): Promise<BenchFigure[]> {
  const dir = await benchDataset(scale, workDir);
  const { openDataset } = await import('../lib/dataset/open-dataset');
  const { countPerSlide } = await import('../lib/server/cohort/count-per-slide');
  const { CUBE_COUNT_SOURCE, loadCube } = await import('../lib/server/cohort/cube-source');
  const { filterToSql } = await import('../lib/filters');
  type Filter = Parameters<typeof countPerSlide>[1];
  const dataset = await openDataset(dir);
  const filters: Filter[] = [
    { kind: 'nuclei' },
    { kind: 'nuclei', classes: [3], inGland: false },
    { kind: 'nuclei', classes: [2], tissue: [1] },
    { kind: 'nuclei', classes: [2], ranges: [{ feature: 'area_um2', min: 60 }], tissue: [1] },
    {
      kind: 'nuclei',
      ranges: [
        { feature: 'eccentricity', min: 0.8 },
        { feature: 'solidity', max: 0.9 },
      ],
    },
    { kind: 'glands', ranges: [{ feature: 'solidity', max: 0.85 }] },
  ];
  let started = performance.now();
  await loadCube(dataset);
  const cubeLoadMs = performance.now() - started;
  const repeats = scale === 'smoke' ? 10 : scale === 'quick' ? 8 : 4;
  const times = { cube: [] as number[], scan: [] as number[] };
  const plain = { cube: [] as number[], scan: [] as number[] };
  for (let i = 0; i < repeats; i++) {
    for (const filter of filters) {
      const path = CUBE_COUNT_SOURCE.canAnswer(dataset, filter) ? 'cube' : 'scan';
      started = performance.now();
      await countPerSlide(dataset, filter);
      times[path].push(performance.now() - started);
      started = performance.now();
      await dataset.connection.runAndReadAll(
        `SELECT slide_id, count(*) FROM ${filter.kind} WHERE ${filterToSql(filter)} GROUP BY slide_id`,
      );
      plain[path].push(performance.now() - started);
    }
  }
  dataset.close();
  const { slides, nuclei } = dataset.manifest.counts;
  const described = (path: 'cube' | 'scan') =>
    `${slides} slides, ${nuclei.toLocaleString('en-US')} nuclei (Parquet, Hive), ${times[path].length / repeats} filters × ${repeats}, 2 threads`;
  const figure = (path: 'cube' | 'scan', p: number): BenchFigure => ({
    name: `cohort counts per slide, filters ${path === 'cube' ? 'the cube answers' : 'only a scan answers'}: p${p * 100}`,
    value: Math.round(percentile(times[path], p)),
    unit: 'ms',
    dataset: described(path),
    baseline: {
      name: 'plain DuckDB GROUP BY slide_id of the same filters',
      value: Math.round(percentile(plain[path], p)),
      unit: 'ms',
    },
    ...(p === 0.95 && path === 'cube' ? { target: 'p95 ≤ 100 ms' } : {}),
  });
  return [
    { name: 'cohort cube: load into memory (once per server)', value: Math.round(cubeLoadMs), unit: 'ms', dataset: described('cube') }, // prettier-ignore
    figure('cube', 0.5),
    figure('cube', 0.95),
    figure('scan', 0.5),
    figure('scan', 0.95),
  ];
}

/** Per-slide counts under a cohort object filter, p50/p95. */
export const cohortBench: Bench = childBench('cohort', SELF);

if (process.argv[1] === SELF) await runAsScript(SELF, measure);
