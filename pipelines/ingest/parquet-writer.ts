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
import bindings, { type Vector } from '@duckdb/node-bindings';
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

/** What the writer uses of @duckdb/node-api's vectors (`vector`, the native one, is public at run time). */
interface WritableVector {
  items?: { set: (values: ArrayLike<number>) => void; length: number };
  vector?: Vector;
  setItem: (index: number, value: unknown) => void;
  flush: () => void;
}

/** Validity bits of one chunk (bit i of 64-bit word i/64, little-endian; 1 = valid). */
const VALIDITY = new Uint32Array(2 * Math.ceil(CHUNK_ROWS / 64));

/** Fills VALIDITY for `count` values (NaN or INT32_NULL = NULL); returns whether any is NULL. */
function markNulls(values: ArrayLike<number>, isFloat: boolean, count: number): boolean {
  VALIDITY.fill(0xffffffff);
  let any = false;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (isFloat ? v !== v : v === INT32_NULL) {
      VALIDITY[i >>> 5]! &= ~(1 << (i & 31));
      any = true;
    }
  }
  return any;
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
    const raw = vector.vector;
    if (!raw)
      throw new Error(
        'this @duckdb/node-api does not expose the native vector the contour writer needs (pinned: 1.5.6-r.1)',
      );
    // Never NULL, and a fresh chunk is all valid: assign each blob natively, skipping the
    // vector's per-item value cache and validity writes (an object and three calls per row).
    for (let i = 0; i < count; i++)
      bindings.vector_assign_string_element_len(raw, i, bytes.subarray(from[start + i]!, to[start + i]!));
    return;
  } else if (ArrayBuffer.isView(values)) {
    const slice = (values as Float64Array).subarray(start, start + count);
    const isFloat = values instanceof Float32Array || values instanceof Float64Array;
    if (vector.items && vector.items.length >= count && vector.vector) {
      vector.items.set(slice);
      vector.flush();
      // NULL rows are marked in a validity mask of our own (their stored values are ignored):
      // the vector's setItem(null) costs a few BigInt operations per row.
      if (nullable && markNulls(slice, isFloat, count)) {
        bindings.vector_ensure_validity_writable(vector.vector);
        bindings.copy_data_to_vector_validity(vector.vector, 0, VALIDITY.buffer, 0, Math.ceil(count / 64) * 8);
      }
      return;
    }
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
  /**
   * Runs after the Parquet file is written, while the rows are still in the scratch table (whose
   * name it gets): derived outputs query them there instead of reading the file back.
   */
  readonly afterWrite?: (scratchTable: string) => Promise<void>;
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
    await options.afterWrite?.(scratch);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${identifier(scratch)}`);
  }
}
