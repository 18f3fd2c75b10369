import 'server-only';
import { createHash } from 'node:crypto';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import { TABLES } from '../../registry';
import { queryRows, toNumber } from './connection';
import { exportColumns, exportSelectSql, exportWhereSql } from './export-spec';
import type { ResolvedExport } from './export-request';
import { exportStream } from './export-stream';
import { geojsonMeasurements } from './geojson-export';
import { duckdbSnippet, pandasSnippet } from './export-snippet';

/** The statement every manifest of a simulated dataset carries. */
export const SIMULATED_NOTICE =
  'The objects of this dataset are SIMULATED (synthetic Cerberus-format output on the real slide list); they are not real model output and must not be used for biological conclusions.';

/** sha256 (hex) and size of a byte stream, read to the end with constant memory. */
export async function hashStream(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Objects per slide of the export (every covered slide listed, zeros included). */
async function rowCounts(dataset: OpenedDataset, resolved: ResolvedExport): Promise<Record<string, number>> {
  const sql = `SELECT slide_id, count(*) AS n FROM ${identifier(resolved.spec.kind)} WHERE ${exportWhereSql(resolved.spec)} GROUP BY slide_id`;
  const counts: Record<string, number> = Object.fromEntries(resolved.slides.map((s) => [s, 0]));
  for (const row of await queryRows(dataset, sql)) counts[String(row.slide_id)] = toNumber(row.n) ?? 0;
  return counts;
}

/**
 * The manifest of an export: dataset identity, the filter as data and SQL, slides, row counts,
 * units of every column, sha256 of the exact file the export endpoint returns, and snippets.
 */
export async function buildExportManifest(
  dataset: OpenedDataset,
  resolved: ResolvedExport,
  options: { readonly hash: boolean; readonly requestUrl: string },
): Promise<Record<string, unknown>> {
  const { manifest } = dataset;
  const { spec } = resolved;
  const perSlide = await rowCounts(dataset, resolved);
  const file = options.hash ? await hashStream(exportStream(dataset, resolved)) : undefined;
  const columns =
    resolved.format === 'geojson'
      ? geojsonMeasurements(spec).map((name) => TABLES[spec.kind].columns.find((c) => c.name === name)!)
      : exportColumns(spec);
  const inputPaths = new Set(resolved.slides.map((s) => `${TABLES[spec.kind].path}/slide_id=${s}/data.parquet`));
  return {
    manifestVersion: 1,
    createdAt: new Date().toISOString(),
    dataset: {
      id: manifest.datasetId,
      version: manifest.version,
      dataModelVersion: manifest.dataModelVersion,
      source: manifest.source,
    },
    simulated: manifest.source.simulated,
    ...(manifest.source.simulated ? { notice: SIMULATED_NOTICE } : {}),
    request: options.requestUrl,
    export: {
      format: resolved.format,
      gzip: resolved.gzip,
      fileName: resolved.fileName,
      ...(file ?? {}),
      order: 'slide_id, object_id',
      ...(resolved.format === 'geojson'
        ? {
            coordinates: `level-0 pixels of the slide (px = µm / mpp, mpp = ${resolved.mpp} µm/px), origin top-left, y down`,
          }
        : {}),
    },
    kind: spec.kind,
    filter: { data: spec.filter, sql: exportWhereSql(spec), ...(spec.bbox ? { bboxUm: spec.bbox } : {}) },
    slides: resolved.slides,
    rows: { total: Object.values(perSlide).reduce((a, b) => a + b, 0), perSlide },
    columns: columns.map((c) => ({ name: c.name, type: c.type, unit: c.unit, description: c.description })),
    inputFiles: manifest.files.filter((f) => inputPaths.has(f.path)),
    snippet: { duckdbSql: duckdbSnippet(spec), python: pandasSnippet(spec), serverSql: exportSelectSql(spec) },
  };
}
