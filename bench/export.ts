/**
 * Export throughput: rows/s of the streamed CSV, Parquet and GeoJSON exports (all objects of the
 * nuclei table; GeoJSON of the largest slide), each consumed to the end like a client would, and
 * peak RSS growth during the CSV export; baseline: plain DuckDB COPY of the same rows to a file.
 * Alone: `npx tsx bench/export.ts [smoke|quick|full] [workDir]`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDataset } from './cohort';
import { childBench, runAsScript } from './child-process';
import type { Bench, BenchFigure } from './figure';

const SELF = fileURLToPath(import.meta.url);

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

async function measure(scale: string, workDir: string): Promise<BenchFigure[]> {
  const dir = await benchDataset(scale, workDir);
  const { openDataset } = await import('../lib/dataset/open-dataset');
  const { exportStream } = await import('../lib/server/export/export-stream');
  const { exportSelectSql } = await import('../lib/server/export/export-spec');
  const dataset = await openDataset(dir);
  const counts = (
    await dataset.connection.runAndReadAll('SELECT slide_id, count(*)::INTEGER FROM nuclei GROUP BY 1 ORDER BY 2 DESC')
  ).getRows();
  const total = counts.reduce((a, r) => a + Number(r[1]), 0);
  const biggest = String(counts[0]?.[0]);
  const mpp = Number(
    (await dataset.connection.runAndReadAll(`SELECT mpp FROM slides WHERE slide_id = '${biggest}'`)).getRows()[0]?.[0],
  );
  const all = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false } as const;
  const slides = counts.map((r) => String(r[0])).sort();
  const timed = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return (performance.now() - start) / 1000;
  };
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const csv = await timed(() =>
    drain(exportStream(dataset, { spec: all, format: 'csv', gzip: false, slides, fileName: 'x.csv' })),
  );
  clearInterval(sampler);
  const parquet = await timed(() =>
    drain(exportStream(dataset, { spec: all, format: 'parquet', gzip: false, slides, fileName: 'x.parquet' })),
  );
  const one = { ...all, slides: [biggest] };
  const geojson = await timed(() =>
    drain(
      exportStream(dataset, {
        spec: one,
        format: 'geojson',
        gzip: false,
        slides: [biggest],
        mpp,
        fileName: 'x.geojson',
      }),
    ),
  );
  const target = join(workDir, 'baseline-export');
  const copy = (format: string) =>
    timed(() => dataset.connection.run(`COPY (${exportSelectSql(all)}) TO '${target}.${format}' (FORMAT ${format})`));
  const csvBase = await copy('csv');
  const parquetBase = await copy('parquet');
  rmSync(`${target}.csv`, { force: true });
  rmSync(`${target}.parquet`, { force: true });
  dataset.close();
  const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
  const described = `${total.toLocaleString('en-US')} nuclei, ${slides.length} slides, 24 columns without contours, 2 threads`;
  const geoRows = Number(counts[0]?.[1]);
  return [
    {
      name: 'export CSV: rows/s',
      value: rate(total, csv),
      unit: 'rows/s',
      dataset: described,
      baseline: { name: 'DuckDB COPY … (FORMAT csv) to a file', value: rate(total, csvBase), unit: 'rows/s' },
      target: '≥ 1,000,000 rows/s',
    },
    {
      name: 'export CSV: peak RSS growth',
      value: Math.round((peak - rss0) / 2 ** 20),
      unit: 'MiB',
      dataset: described,
      target: 'flat (constant memory)',
    },
    {
      name: 'export Parquet: rows/s',
      value: rate(total, parquet),
      unit: 'rows/s',
      dataset: described,
      baseline: { name: 'DuckDB COPY … (FORMAT parquet) to a file', value: rate(total, parquetBase), unit: 'rows/s' },
      target: '≥ 5,000,000 rows/s',
    },
    {
      name: 'export GeoJSON (one slide, with polygons): rows/s',
      value: rate(geoRows, geojson),
      unit: 'rows/s',
      dataset: `${geoRows.toLocaleString('en-US')} nuclei of one slide`,
    },
  ];
}

/** Export throughput for CSV, Parquet and GeoJSON against plain DuckDB COPY. */
export const exportBench: Bench = childBench('export', SELF);

if (process.argv[1] === SELF) await runAsScript(SELF, measure);
