/**
 * Writes columnar typed arrays as one Parquet file of a registry table: the values go to an
 * uncompressed staging Parquet file (./staging-parquet.ts, checked on the way), and DuckDB copies
 * it to `path` as the published Parquet (ZSTD, typed as the registry says), with GeoParquet `geo`
 * metadata when the table has a geometry column. Rows are written in the given order; the file is
 * written to a temp name by the caller, and the staging file never outlives the call.
 */
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { GEOMETRY_COLUMN, geoParquetMetadata } from '../../lib/contract/geoparquet';
import { literal } from '../../lib/db/sql';
import { TABLES, type TableId } from '../../lib/registry';
import { TEMP_SUFFIX } from '../dataset/atomic-write';
import { lengthOf, selectSql, writeStagingParquet, type ColumnValues } from './staging-parquet';

/** Parquet writer options. */
export interface ParquetWriteOptions {
  /** Rows per row group (smaller = finer min/max pruning for viewport queries). */
  readonly rowGroupSize?: number;
  /** Rows per row group of the staging file (default 131,072: pages of a few MB). */
  readonly stagingRowGroupSize?: number;
}

/** `COPY` options of the published files (docs/data-model.md). */
function copyOptions(table: TableId, rowGroupSize: number): string {
  const geo = TABLES[table].columns.some((d) => d.name === GEOMETRY_COLUMN)
    ? `, KV_METADATA {geo: ${literal(geoParquetMetadata())}}`
    : '';
  return `FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE ${rowGroupSize}${geo}`;
}

/**
 * Writes `rowCount` rows of `table` (every registry column must be given) to `path` as Parquet,
 * through the staging file `<path>.staging<TEMP_SUFFIX>` (removed afterwards, and by `--resume`
 * after a crash).
 */
export async function writeTableParquet(
  connection: DuckDBConnection,
  table: TableId,
  columns: Readonly<Record<string, ColumnValues>>,
  rowCount: number,
  path: string,
  options: ParquetWriteOptions = {},
): Promise<void> {
  const defs = TABLES[table].columns;
  for (const def of defs) {
    const values = columns[def.name];
    if (!values) throw new Error(`${table}: no values for column ${def.name}`);
    if (lengthOf(values) < rowCount)
      throw new Error(`${table}.${def.name}: ${lengthOf(values)} values for ${rowCount} rows`);
  }
  const staging = `${path}.staging${TEMP_SUFFIX}`;
  try {
    const staged = writeStagingParquet(staging, defs, columns, rowCount, options.stagingRowGroupSize);
    await connection.run(
      `COPY (SELECT ${selectSql(staged)} FROM read_parquet(${literal(staging)})) TO ${literal(path)} (${copyOptions(table, options.rowGroupSize ?? 122_880)})`,
    );
  } finally {
    rmSync(staging, { force: true });
  }
}
