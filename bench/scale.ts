/**
 * Cohort-scale benchmark: per-slide counts and histograms under nucleus filters, through the
 * query layer (cube when it answers exactly, else scan) against the plain DuckDB scan of the
 * Parquet, at several cohort sizes up to the full 599 slides. Large cohorts are assembled from K
 * distinct ingested full-density slides by hard-linking their partition files under new slide
 * ids (no extra disk; stated in every figure), because simulating 377 M distinct nuclei needs
 * ≈ 160 GB of .dat input and hours of CPU on this machine.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDataset, type OpenedDataset } from '../lib/dataset/open-dataset';
import { literal } from '../lib/db/sql';
import { filterToSql, type ObjectFilter } from '../lib/filters';
import { binEdges, DATA_MODEL_VERSION, NUCLEUS_FEATURE_BINS, PARTITIONED_TABLES, TABLES } from '../lib/registry';
import { countPerSlide } from '../lib/server/cohort/count-per-slide';
import { fixedHistogram } from '../lib/server/cohort/fixed-histogram';
import { writeManifest } from '../pipelines/dataset/manifest-writer';
import type { Bench, BenchFigure } from './figure';
import { reusableDataset } from './work-dataset';

/** Builds a dataset of `slides` slides by hard-linking the partitions of `source`'s slides round-robin. */
export async function buildReplicatedDataset(source: string, target: string, slides: number): Promise<string> {
  if (reusableDataset(target)) return target;
  rmSync(target, { recursive: true, force: true });
  const sourceIds = readdirSync(join(source, 'nuclei'))
    .map((d) => d.replace('slide_id=', ''))
    .sort();
  const ids = Array.from({ length: slides }, (_, k) => `BENCH-${String(k).padStart(4, '0')}`);
  for (const table of PARTITIONED_TABLES) {
    ids.forEach((id, k) => {
      const from = join(source, TABLES[table].path, `slide_id=${sourceIds[k % sourceIds.length]}`, 'data.parquet');
      const dir = join(target, TABLES[table].path, `slide_id=${id}`);
      mkdirSync(dir, { recursive: true });
      linkSync(from, join(dir, 'data.parquet'));
    });
  }
  const db = await openDataset(source);
  try {
    const mapping = ids.map((id, k) => `(${literal(id)}, ${literal(sourceIds[k % sourceIds.length]!)})`).join(', ');
    await db.connection.run(
      `COPY (SELECT m.id AS slide_id, s.* EXCLUDE (slide_id) FROM (VALUES ${mapping}) m(id, source) JOIN slides s ON s.slide_id = m.source ORDER BY m.id) TO ${literal(join(target, 'slides.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const counts = db.manifest.counts;
    const per = (n: number): number => Math.round((n / sourceIds.length) * slides);
    writeManifest(target, {
      datasetId: `bench-${slides}`,
      version: '1',
      dataModelVersion: DATA_MODEL_VERSION,
      source: {
        kind: 'simulated',
        description: `${slides} slides assembled from ${sourceIds.length} distinct simulated full-density slides (hard links)`,
        simulated: true,
      },
      createdAt: new Date(0).toISOString(),
      counts: { slides, nuclei: per(counts.nuclei), glands: per(counts.glands), lumina: per(counts.lumina) },
    });
  } finally {
    db.close();
  }
  return target;
}

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

async function time(run: () => Promise<unknown>, repeats: number): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await run();
    out.push(performance.now() - start);
  }
  return out;
}

/** Cube-answerable nucleus filters (bounds on bin edges), varied so caches do not answer. */
function filters(): ObjectFilter[] {
  const area = binEdges(NUCLEUS_FEATURE_BINS.area_um2!);
  return [
    { kind: 'nuclei', classes: [2], tissue: [1], ranges: [{ feature: 'area_um2', min: area[38]! }] },
    { kind: 'nuclei', classes: [3], inGland: false },
    { kind: 'nuclei', ranges: [{ feature: 'eccentricity', min: 0.75 }] },
    { kind: 'nuclei', classes: [2, 4], ranges: [{ feature: 'solidity', max: 0.875 }] },
    {
      kind: 'nuclei',
      tissue: [5],
      ranges: [{ feature: 'nn_distance_um', max: binEdges(NUCLEUS_FEATURE_BINS.nn_distance_um!)[30]! }],
    },
  ];
}

async function measureCohort(dataset: OpenedDataset, label: string, repeats: number): Promise<BenchFigure[]> {
  const fs = filters();
  // Warm both paths once (page cache, cube load) so figures are steady-state.
  await countPerSlide(dataset, fs[0]!);
  const plainCount = (f: ObjectFilter) =>
    dataset.connection.runAndReadAll(
      `SELECT slide_id, count(*) FILTER (WHERE ${filterToSql(f)}) AS n FROM nuclei GROUP BY slide_id`,
    );
  const plainHistogram = (f: ObjectFilter) =>
    dataset.connection.runAndReadAll(
      `SELECT floor(area_um2 / 4) AS bin, count(*) FROM nuclei WHERE ${filterToSql(f)} GROUP BY bin`,
    );
  await plainCount(fs[0]!);
  const counts = await time(async () => { for (const f of fs) await countPerSlide(dataset, f); }, repeats); // prettier-ignore
  const plain = await time(async () => { for (const f of fs) await plainCount(f); }, Math.max(2, Math.floor(repeats / 3))); // prettier-ignore
  const hist = await time(async () => { for (const f of fs) await fixedHistogram(dataset, { ...f, ranges: [] }, 'area_um2'); }, repeats); // prettier-ignore
  const plainHist = await time(async () => { for (const f of fs) await plainHistogram({ ...f, ranges: [] }); }, Math.max(2, Math.floor(repeats / 3))); // prettier-ignore
  const per = (v: number[]) => v.map((x) => x / fs.length);
  return [
    {
      name: 'cohort per-slide counts under a filter, p50',
      value: percentile(per(counts), 0.5),
      unit: 'ms',
      dataset: label,
      baseline: { name: 'plain DuckDB scan of the Parquet, p50', value: percentile(per(plain), 0.5), unit: 'ms' },
    },
    {
      name: 'cohort per-slide counts under a filter, p95',
      value: percentile(per(counts), 0.95),
      unit: 'ms',
      dataset: label,
      target: 'p95 ≤ 100 ms, ≥ 10× faster than the scan',
      baseline: { name: 'plain DuckDB scan, p95', value: percentile(per(plain), 0.95), unit: 'ms' },
    },
    {
      name: 'cohort histogram under a filter, p50',
      value: percentile(per(hist), 0.5),
      unit: 'ms',
      dataset: label,
      baseline: { name: 'plain DuckDB scan, p50', value: percentile(per(plainHist), 0.5), unit: 'ms' },
    },
    {
      name: 'cohort histogram under a filter, p95',
      value: percentile(per(hist), 0.95),
      unit: 'ms',
      dataset: label,
      target: 'p95 ≤ 100 ms',
      baseline: { name: 'plain DuckDB scan, p95', value: percentile(per(plainHist), 0.95), unit: 'ms' },
    },
  ];
}

/** Cohort sizes per scale (slides); the source is the pipeline benchmark's ingested full-density slides. */
const SIZES: Record<string, number[]> = { smoke: [8], quick: [60, 200], full: [60, 200, 599] };

/** The cohort-scale benchmark. */
export const scaleBench: Bench = {
  name: 'scale',
  run: async ({ scale, workDir }) => {
    const source = join(workDir, `pipeline-${scale}-dataset`);
    if (!existsSync(join(source, 'manifest.json')))
      throw new Error(`run the pipeline benchmark at this scale first (needs ${source})`);
    const figures: BenchFigure[] = [];
    for (const slides of SIZES[scale] ?? SIZES.quick!) {
      const dir = await buildReplicatedDataset(source, join(workDir, `scale-${scale}-${slides}`), slides);
      const dataset = await openDataset(dir, { threads: 2 });
      try {
        const label = `${slides} slides, ${dataset.manifest.counts.nuclei.toLocaleString('en-US')} nuclei (hard-linked copies of ${readdirSync(join(source, 'nuclei')).length} distinct simulated slides)`;
        figures.push(...(await measureCohort(dataset, label, scale === 'smoke' ? 3 : 10)));
      } finally {
        dataset.close();
      }
    }
    return figures;
  },
};
