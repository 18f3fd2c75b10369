import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { isJsFormattable } from './csv-blocks';
import { streamCsv, type CsvColumn } from './csv-export';
import { streamCsvRows } from './csv-stream';
import { exportColumns, exportSelectSql } from './export-spec';
import { streamGeojson } from './geojson-export';
import { gzipStream } from './gzip-stream';
import type { ResolvedExport } from './export-request';
import { streamObjectParquet } from './parquet-export';
import { slideBatches } from './slide-batches';

/**
 * The CSV of one SELECT per batch: formatted in JS worker threads (csv-stream.ts, ≈ 1.6× DuckDB's
 * COPY) when every column has a type lib/csv spells exactly as DuckDB, else DuckDB's COPY.
 */
function streamObjectCsv(dataset: OpenedDataset, selects: string[], columns: readonly CsvColumn[]) {
  return isJsFormattable(columns) ? streamCsvRows(dataset, selects, columns) : streamCsv(dataset, selects, columns);
}

/** MIME type of each export format (before optional gzip). */
export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  geojson: 'application/geo+json',
} as const;

/** The byte stream of a resolved export, gzip-compressed when asked. */
export function exportStream(dataset: OpenedDataset, resolved: ResolvedExport): ReadableStream<Uint8Array> {
  const { spec } = resolved;
  const stream =
    resolved.format === 'parquet'
      ? streamObjectParquet(dataset, spec, resolved.slides)
      : resolved.format === 'csv'
        ? streamObjectCsv(
            dataset,
            slideBatches(dataset.manifest, spec.kind, resolved.slides).map((slides) =>
              exportSelectSql({ ...spec, slides }),
            ),
            exportColumns(spec),
          )
        : streamGeojson(dataset, spec, resolved.mpp as number);
  return resolved.gzip ? gzipStream(stream) : stream;
}

/** The HTTP response of an export: streamed body, type and attachment file name. */
export function exportResponse(dataset: OpenedDataset, resolved: ResolvedExport): Response {
  return new Response(exportStream(dataset, resolved), {
    headers: {
      'content-type': resolved.gzip ? 'application/gzip' : CONTENT_TYPES[resolved.format],
      'content-disposition': `attachment; filename="${resolved.fileName}"`,
      'cache-control': 'no-store',
      'x-atlas-dataset': `${dataset.manifest.datasetId}@${dataset.manifest.version}`,
    },
  });
}
