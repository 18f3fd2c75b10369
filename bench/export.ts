/**
 * Export throughput and memory, at full scale on the scale benchmark's 60-slide dataset (hard-linked
 * copies of the pipeline benchmark's full-density slides), else on the test dataset. (1) rows/s of
 * the streamed CSV and Parquet exports of ≥ 3 M nuclei (all 24 columns, and a typical 7-column
 * choice) read to the end like a client would, median of several runs, against DuckDB's own COPY
 * of the same rows to a file (the engine bound). Unfiltered Parquet is the splice of the stored row
 * groups; a filtered Parquet export (epithelial nuclei of the same slides, rows/s of rows exported)
 * measures the DuckDB COPY path; each Parquet figure's name says which. GeoJSON of one slide.
 * (2) Flat memory: ≥ 10 M nuclei through the real stream, read by a fast and by a slow client
 * (back-pressure), RSS sampled every 25 ms after a one-slide warm-up of every case.
 * Alone: `npx tsx --conditions=react-server bench/export.ts [smoke|quick|full] [workDir]`.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { OpenedDataset } from '../lib/dataset/open-dataset';
import type { ObjectFilter } from '../lib/filters';
import { CLASS_DICTIONARIES, type ClassDef } from '../lib/registry';
import type { ExportSpec } from '../lib/server/export/export-spec';
import { benchDataset, percentile } from './cohort';
import { childBench, runAsScript } from './child-process';
import type { Bench, BenchFigure } from './figure';

const SELF = fileURLToPath(import.meta.url);
/** A typical narrow export: the columns a user picks for a per-nucleus analysis. */
const FIVE_COLUMNS = ['class_id', 'area_um2', 'eccentricity', 'solidity', 'nn_distance_um'];
const THROUGHPUT_ROWS = 3_000_000;
const FLAT_MEMORY_ROWS = 10_000_000;
/** The slow client: at most one 64 KiB read per this many ms (≤ 32 MB/s). */
const SLOW_READ_MS = 2;

/** The nucleus class of the filtered export case. */
const EPITHELIAL = (CLASS_DICTIONARIES.nucleus.find((c) => c.key === 'epithelial') as ClassDef).id;
/** Per format: the issue's target and the options of the baseline (DuckDB COPY to a file). */
const FORMATS = {
  csv: { goal: '≥ 1,000,000 rows/s', options: 'FORMAT csv, the export’s options' },
  parquet: { goal: '≥ 5,000,000 rows/s', options: 'FORMAT parquet, COMPRESSION snappy' },
} as const;

const rate = (rows: number, seconds: number): number => Math.round(rows / seconds);

/** Reads `stream` to the end (pausing `pauseMs` after each chunk); returns its bytes. */
async function drain(stream: ReadableStream<Uint8Array>, pauseMs = 0): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (pauseMs > 0) await delay(pauseMs);
  }
  return bytes;
}

/** Runs `work` while sampling RSS every 25 ms: seconds, and RSS growth (MiB) at peak and from the first to the last quarter. */
async function withRss(work: () => Promise<unknown>): Promise<{ seconds: number; peakMiB: number; driftMiB: number }> {
  const rss0 = process.memoryUsage().rss;
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 25);
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const max = (values: number[]) => Math.max(rss0, ...values);
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  return {
    seconds,
    peakMiB: mib(max(samples) - rss0),
    driftMiB: mib(max(samples.slice(-quarter)) - max(samples.slice(0, quarter))),
  };
}

/** Median seconds of `runs` runs of `work`. */
async function medianSeconds(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push((performance.now() - start) / 1000);
  }
  return percentile(times, 0.5);
}

/** Rows an export selects. */
async function countRows(dataset: OpenedDataset, spec: ExportSpec): Promise<number> {
  const { identifier } = await import('../lib/db/sql');
  const { exportWhereSql } = await import('../lib/server/export/export-spec');
  const reader = await dataset.connection.runAndReadAll(
    `SELECT count(*)::INTEGER FROM ${identifier(spec.kind)} WHERE ${exportWhereSql(spec)}`,
  );
  return Number(reader.getRows()[0]?.[0]);
}

async function nucleiPerSlide(dataset: OpenedDataset): Promise<[string, number][]> {
  const reader = await dataset.connection.runAndReadAll(
    'SELECT slide_id, count(*)::INTEGER FROM nuclei GROUP BY 1 ORDER BY 1',
  );
  return reader.getRows().map((r) => [String(r[0]), Number(r[1])]);
}

/** The benchmark dataset: the 60-slide scale dataset at full scale, else the test dataset. */
async function exportDataset(scale: string, workDir: string): Promise<string> {
  if (scale !== 'full') return benchDataset('smoke', workDir);
  const source = join(workDir, 'pipeline-full-dataset');
  if (!existsSync(join(source, 'manifest.json')))
    throw new Error(`run the pipeline benchmark at full scale first (needs ${source})`);
  const { buildReplicatedDataset } = await import('./scale');
  return buildReplicatedDataset(source, join(workDir, 'scale-full-60'), 60);
}

/** The first slides (by id) holding at least `rows` nuclei (all slides when there are fewer). */
function firstSlides(counts: readonly [string, number][], rows: number): { slides: string[]; rows: number } {
  const slides: string[] = [];
  let total = 0;
  for (const [slide, n] of counts) {
    if (total >= rows) break;
    slides.push(slide);
    total += n;
  }
  return { slides, rows: total };
}

async function measure(scale: string, workDir: string): Promise<BenchFigure[]> {
  const { openDataset } = await import('../lib/dataset/open-dataset');
  const { exportStream } = await import('../lib/server/export/export-stream');
  const { exportColumns, exportSelectSql } = await import('../lib/server/export/export-spec');
  const { csvCopyOptions, csvSelectSql } = await import('../lib/server/export/csv-export');
  const { FORMAT_WORKERS } = await import('../lib/server/export/csv-workers');
  const runs = scale === 'smoke' ? 1 : 3;
  const figures: BenchFigure[] = [];
  const stream = (dataset: OpenedDataset, spec: ExportSpec, format: 'csv' | 'parquet', slides: readonly string[]) =>
    exportStream(dataset, { spec, format, gzip: false, slides, fileName: `x.${format}` });

  const dataset = await openDataset(await exportDataset(scale, workDir), { threads: 2 });
  const counts = await nucleiPerSlide(dataset);
  const { slides, rows: total } = firstSlides(counts, THROUGHPUT_ROWS);
  const target = join(workDir, 'baseline-export');
  const epithelial: ObjectFilter = { kind: 'nuclei', classes: [EPITHELIAL] };
  for (const [columns, filter, formats] of [
    [undefined, undefined, ['csv', 'parquet']],
    [FIVE_COLUMNS, undefined, ['csv', 'parquet']],
    [undefined, epithelial, ['parquet']],
  ] as const) {
    const spec: ExportSpec = {
      kind: 'nuclei',
      filter: filter ?? { kind: 'nuclei' },
      slides,
      contours: false,
      ...(columns ? { columns } : {}),
    };
    const rows = filter ? await countRows(dataset, spec) : total;
    const width = columns ? `${columns.length + 2} columns (${columns.join(', ')})` : '24 columns without contours';
    const scope = filter
      ? `class_id = epithelial: ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nuclei`
      : `${total.toLocaleString('en-US')} nuclei`;
    const described = `${scope}, ${slides.length} slides, ${width}, 2 threads, median of ${runs}`;
    for (const format of formats) {
      const { goal, options } = FORMATS[format];
      const seconds = await medianSeconds(runs, () => drain(stream(dataset, spec, format, slides)));
      // CSV baseline: DuckDB writing the very bytes the export streams (its former path, lib/csv's reference).
      const copy =
        format === 'csv'
          ? `COPY (${csvSelectSql(exportSelectSql(spec), exportColumns(spec))}) TO '${target}.csv' (${csvCopyOptions(exportColumns(spec))})`
          : `COPY (${exportSelectSql(spec)}) TO '${target}.${format}' (${options})`;
      const baseline = await medianSeconds(runs, () => dataset.connection.run(copy));
      rmSync(`${target}.${format}`, { force: true });
      // Which writer made the file: Parquet without a row filter is the stored row groups, spliced.
      const path =
        format === 'csv' ? '' : filter ? ', class_id = epithelial (DuckDB COPY)' : ', no filter (spliced row groups)';
      figures.push({
        name: `export ${format === 'csv' ? 'CSV' : 'Parquet'}, ${columns ? `${columns.length + 2}` : '24'} columns${path}: rows/s`,
        value: rate(rows, seconds),
        unit: 'rows/s',
        dataset: format === 'csv' ? `${described}, formatted in JS on ${FORMAT_WORKERS} worker threads (lib/csv)` : described, // prettier-ignore
        baseline: {
          name: format === 'csv' ? 'DuckDB COPY … (FORMAT csv, the export’s options) to a file' : `DuckDB COPY … (${options}) to a file`, // prettier-ignore
          value: rate(rows, baseline),
          unit: 'rows/s',
        },
        target: goal,
      });
    }
  }
  const [biggest, geoRows] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
  const mppRows = await dataset.connection.runAndReadAll(`SELECT mpp FROM slides WHERE slide_id = '${biggest}'`);
  const mpp = Number(mppRows.getRows()[0]?.[0]);
  const one: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false, slides: [biggest] };
  const geojson = await medianSeconds(runs, () =>
    drain(exportStream(dataset, { spec: one, format: 'geojson', gzip: false, slides: [biggest], mpp, fileName: 'x' })),
  );
  figures.push({
    name: 'export GeoJSON (one slide, with polygons): rows/s',
    value: rate(geoRows, geojson),
    unit: 'rows/s',
    dataset: `${geoRows.toLocaleString('en-US')} nuclei of one slide, median of ${runs}`,
  });
  figures.push(...(await measureFlatMemory(dataset, counts)));
  dataset.close();
  return figures;
}

/** Flat memory: ≥ 10 M rows (full scale) through the real stream, a fast client and a slow one. */
async function measureFlatMemory(dataset: OpenedDataset, counts: readonly [string, number][]): Promise<BenchFigure[]> {
  const { exportStream } = await import('../lib/server/export/export-stream');
  const { slides: chosen, rows } = firstSlides(counts, FLAT_MEMORY_ROWS);
  // Warm-up (one slide, every case): DuckDB's and the allocator's working set exists before measuring.
  for (const columns of [undefined, FIVE_COLUMNS])
    for (const format of ['csv', 'parquet'] as const) {
      const spec: ExportSpec = {
        kind: 'nuclei',
        filter: { kind: 'nuclei' },
        slides: chosen.slice(0, 1),
        contours: false,
        ...(columns ? { columns } : {}),
      };
      await drain(exportStream(dataset, { spec, format, gzip: false, slides: spec.slides ?? [], fileName: 'x' }));
    }
  const figures: BenchFigure[] = [];
  for (const [client, pauseMs, columns] of [
    ['fast client', 0, undefined],
    [`slow client (${SLOW_READ_MS} ms pause per read)`, SLOW_READ_MS, FIVE_COLUMNS],
  ] as const) {
    const spec: ExportSpec = {
      kind: 'nuclei',
      filter: { kind: 'nuclei' },
      slides: chosen,
      contours: false,
      ...(columns ? { columns } : {}),
    };
    for (const format of ['csv', 'parquet'] as const) {
      let bytes = 0;
      const run = await withRss(async () => {
        bytes = await drain(
          exportStream(dataset, { spec, format, gzip: false, slides: chosen, fileName: `x.${format}` }),
          pauseMs,
        );
      });
      const label = format === 'csv' ? 'CSV' : 'Parquet (spliced row groups)';
      const described = `${rows.toLocaleString('en-US')} nuclei, ${chosen.length} slides, ${columns ? `${columns.length + 2}` : '24'} columns, ${(bytes / 1e6).toFixed(0)} MB, ${client}, ${rate(rows, run.seconds).toLocaleString('en-US')} rows/s; RSS growth first → last quarter ${run.driftMiB} MiB`;
      figures.push({
        name: `export ${label}, ${client}: peak RSS growth`,
        value: run.peakMiB,
        unit: 'MiB',
        dataset: described,
        target: 'flat (constant memory)',
      });
    }
  }
  return figures;
}

/** Export throughput (CSV, Parquet, GeoJSON) against DuckDB's own COPY, and flat memory over ≥ 10 M rows. */
export const exportBench: Bench = childBench('export', SELF);

if (process.argv[1] === SELF) await runAsScript(SELF, measure);
