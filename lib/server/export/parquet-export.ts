import 'server-only';
/**
 * Parquet files of the exports, by two writers. An object export without a row filter (slides and
 * column choice only) is the stored data itself: its stored row groups are spliced into the file
 * (parquet-splice.ts), ZSTD with the stored V2 encodings, at disk speed. Every other Parquet file
 * (filtered exports, the slide table) is written by DuckDB's COPY, Snappy. Both are read alike by
 * pyarrow, DuckDB, polars, Spark ≥ 3 and hyparquet (with hyparquet-compressors for ZSTD).
 */
import { join } from 'node:path';
import { GEOMETRY_COLUMN, geoParquetMetadata } from '../../contract/geoparquet';
import { partitionFile } from '../../contract/layout';
import { literal } from '../../db/sql';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { TABLES } from '../../registry';
import { streamCopy } from './copy-stream';
import { exportColumns, exportSelectSql, hasRowFilter, type ExportSpec } from './export-spec';
import { spliceParquet, type SpliceInput } from './parquet-splice';

/** Rows per Parquet row group: DuckDB's default, a multiple of its 2048-row vectors. */
const ROW_GROUP_SIZE = 122_880;

/**
 * Streams `selectSql` as a Parquet file (Snappy, which every reader decodes, including pure-JS
 * ones such as hyparquet that lack ZSTD), written by DuckDB's COPY straight into the response
 * through a FIFO (copy-stream.ts): row groups leave as soon as they are written. When `columns`
 * include the GeoParquet geometry, the file declares it as the stored files do (`crs: null`).
 */
export function streamParquet(
  dataset: OpenedDataset,
  selectSql: string,
  columns: readonly string[] = [],
): ReadableStream<Uint8Array> {
  const geo = columns.includes(GEOMETRY_COLUMN) ? `, KV_METADATA {geo: ${literal(geoParquetMetadata())}}` : '';
  return streamCopy(dataset, [selectSql], `FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${ROW_GROUP_SIZE}${geo}`);
}

/**
 * The splice of an unfiltered export of `slides` (export order): each slide's stored file of the
 * kind (slides without one have no objects and are skipped), the export's columns after slide_id,
 * and the schema of the first file, or of any file of the kind when no slide has one.
 */
export function spliceInput(dataset: OpenedDataset, spec: ExportSpec, slides: readonly string[]): SpliceInput {
  const listed = new Set(dataset.manifest.files.map((f) => f.path));
  const parts = slides
    .filter((slide) => listed.has(partitionFile(spec.kind, slide)))
    .map((slide) => ({ slideId: slide, file: join(dataset.dir, partitionFile(spec.kind, slide)) }));
  const anyFile = dataset.manifest.files.find((f) => f.path.startsWith(`${TABLES[spec.kind].path}/`));
  const schemaFile = parts[0]?.file ?? (anyFile && join(dataset.dir, anyFile.path));
  if (!schemaFile) throw new Error(`this dataset has no ${spec.kind} table`);
  const columns = exportColumns(spec).flatMap((c) => (c.name === 'slide_id' ? [] : [c.name]));
  return { parts, columns, schemaFile };
}

/** An object export as Parquet: the splice of the stored row groups without a row filter, else DuckDB's COPY. */
export function streamObjectParquet(
  dataset: OpenedDataset,
  spec: ExportSpec,
  slides: readonly string[],
): ReadableStream<Uint8Array> {
  return hasRowFilter(spec)
    ? streamParquet(
        dataset,
        exportSelectSql(spec),
        exportColumns(spec).map((c) => c.name),
      )
    : spliceParquet(spliceInput(dataset, spec, slides));
}
