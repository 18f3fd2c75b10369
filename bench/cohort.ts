/**
 * Cohort-wide object filter → exact per-slide counts (`countPerSlide`, GROUP BY over the Hive
 * table): p50/p95 over several filters, against the same GROUP BY on a plain DuckDB connection.
 * Datasets: smoke = the `test` profile (4 slides); quick/full = it replicated to 100 slides / 3 M
 * nuclei and 600 slides / ≈ 50 M nuclei. Runs in a child Node process with the react-server
 * condition (the server modules import 'server-only'). Alone: `npx tsx bench/cohort.ts [scale] [workDir]`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childBench, runAsScript } from './child-process';
import type { Bench, BenchFigure } from './figure';

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
  const out = join(workDir, `cohort-bench-v2-${copies}x${repeat}`);
  if (existsSync(join(out, 'manifest.json'))) return out;
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
  const { filterToSql } = await import('../lib/filters');
  const dataset = await openDataset(dir);
  const filters = [
    { kind: 'nuclei', classes: [2], ranges: [{ feature: 'area_um2', min: 60 }], tissue: [1] },
    {
      kind: 'nuclei',
      ranges: [
        { feature: 'eccentricity', min: 0.8 },
        { feature: 'solidity', max: 0.9 },
      ],
    },
    { kind: 'nuclei', classes: [3], inGland: false },
    { kind: 'nuclei' },
    { kind: 'glands', ranges: [{ feature: 'solidity', max: 0.85 }] },
  ] as const;
  const repeats = scale === 'smoke' ? 10 : scale === 'quick' ? 8 : 4;
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < repeats; i++) {
    for (const filter of filters) {
      let start = performance.now();
      await countPerSlide(dataset, filter);
      ours.push(performance.now() - start);
      start = performance.now();
      await dataset.connection.runAndReadAll(
        `SELECT slide_id, count(*) FROM ${filter.kind} WHERE ${filterToSql(filter)} GROUP BY slide_id`,
      );
      plain.push(performance.now() - start);
    }
  }
  dataset.close();
  const described = `${dataset.manifest.counts.slides} slides, ${dataset.manifest.counts.nuclei.toLocaleString('en-US')} nuclei (Parquet, Hive), ${filters.length} filters × ${repeats}, 2 threads`;
  const baseline = (p: number) => ({
    name: 'plain DuckDB GROUP BY slide_id (no join, no fill)',
    value: Math.round(percentile(plain, p)),
    unit: 'ms',
  });
  return [
    {
      name: 'cohort counts per slide: p50',
      value: Math.round(percentile(ours, 0.5)),
      unit: 'ms',
      dataset: described,
      baseline: baseline(0.5),
    },
    {
      name: 'cohort counts per slide: p95',
      value: Math.round(percentile(ours, 0.95)),
      unit: 'ms',
      dataset: described,
      baseline: baseline(0.95),
      target: 'p95 ≤ 100 ms at 377 M nuclei (needs the cube of issue 9)',
    },
  ];
}

/** Per-slide counts under a cohort object filter, p50/p95. */
export const cohortBench: Bench = childBench('cohort', SELF);

if (process.argv[1] === SELF) await runAsScript(SELF, measure);
