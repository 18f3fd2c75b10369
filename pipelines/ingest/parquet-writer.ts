/**
 * Writes columnar typed arrays as one Parquet file of a registry table through DuckDB's appender
 * (bulk data chunks, no per-row JavaScript values for numeric columns), then COPY … TO Parquet
 * (ZSTD). Rows are written in the given order; the file is written to a temp name by the caller.
 */
import {
  BLOB,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  FLOAT,
  INTEGER,
  SMALLINT,
  TINYINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  blobValue,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import { createTableSql } from '../../lib/contract/ddl';
import { identifier, literal } from '../../lib/db/sql';
import { TABLES, type SqlType, type TableId } from '../../lib/registry';
import type { PackedBlobs } from './contour-blobs';

/**
 * A column's values: typed arrays for numbers (NaN = NULL for floats, INT32_NULL for integers),
 * arrays for blobs/strings (null = NULL), or blobs packed in one buffer (never NULL).
 */
export type ColumnValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | readonly (Uint8Array | null)[]
  | PackedBlobs
  | readonly (string | null)[]
  | readonly (boolean | null)[];

/** Marks NULL in an Int32Array column of a nullable integer column. */
export const INT32_NULL = -2147483648;

const DUCKDB_TYPES: Record<SqlType, DuckDBType> = {
  VARCHAR, BOOLEAN, TINYINT, UTINYINT, SMALLINT, USMALLINT, INTEGER, UINTEGER, FLOAT, DOUBLE, BLOB,
}; // prettier-ignore

const CHUNK_ROWS = 2048;

interface WritableVector {
  items?: { set: (values: ArrayLike<number>) => void; length: number };
  setItem: (index: number, value: unknown) => void;
  flush: () => void;
}

function isPackedBlobs(values: ColumnValues): values is PackedBlobs {
  return !Array.isArray(values) && !ArrayBuffer.isView(values);
}

/** Number of rows of a column's values. */
function lengthOf(values: ColumnValues): number {
  return isPackedBlobs(values) ? values.start.length : values.length;
}

function fillVector(
  vector: WritableVector,
  values: ColumnValues,
  start: number,
  count: number,
  nullable: boolean,
): void {
  if (isPackedBlobs(values)) {
    const { bytes, start: from, end: to } = values;
    for (let i = 0; i < count; i++) vector.setItem(i, blobValue(bytes.subarray(from[start + i]!, to[start + i]!)));
  } else if (ArrayBuffer.isView(values)) {
    const slice = (values as Float64Array).subarray(start, start + count);
    const isFloat = values instanceof Float32Array || values instanceof Float64Array;
    if (vector.items && vector.items.length >= count) {
      // Bulk copy, then mark only the NULL rows (their stored values are ignored).
      vector.items.set(slice);
      if (nullable)
        for (let i = 0; i < count; i++) {
          const v = slice[i]!;
          if (isFloat ? Number.isNaN(v) : v === INT32_NULL) vector.setItem(i, null);
        }
    } else
      for (let i = 0; i < count; i++) {
        const v = slice[i]!;
        vector.setItem(i, nullable && (isFloat ? Number.isNaN(v) : v === INT32_NULL) ? null : v);
      }
  } else {
    for (let i = 0; i < count; i++) {
      const value = values[start + i] ?? null;
      // Blob vectors take DuckDBBlobValue, not raw bytes.
      vector.setItem(i, value instanceof Uint8Array ? blobValue(value) : value);
    }
  }
  vector.flush();
}

/** Parquet writer options. */
export interface ParquetWriteOptions {
  /** Rows per row group (smaller = finer min/max pruning for viewport queries). */
  readonly rowGroupSize?: number;
}

/**
 * Writes `rowCount` rows of `table` (every registry column must be given) to `path` as Parquet.
 * Uses a scratch table named after the table in `connection`, dropped afterwards.
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
  const scratch = `scratch_${table}`;
  await connection.run(`DROP TABLE IF EXISTS ${identifier(scratch)}`);
  await connection.run(createTableSql(table, scratch));
  try {
    const appender = await connection.createAppender(scratch);
    const types = defs.map((d) => DUCKDB_TYPES[d.type]);
    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rowCount - start);
      const chunk = DuckDBDataChunk.create(types, count);
      defs.forEach((def, c) =>
        fillVector(
          chunk.getColumnVector(c) as unknown as WritableVector,
          columns[def.name] as ColumnValues,
          start,
          count,
          def.nullable,
        ),
      );
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const rowGroup = options.rowGroupSize ?? 122_880;
    await connection.run(
      `COPY ${identifier(scratch)} TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE ${rowGroup})`,
    );
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${identifier(scratch)}`);
  }
}
