/**
 * Writes columnar typed arrays as one Parquet file of a registry table through DuckDB's appender
 * (bulk data chunks, no per-row JavaScript values for numeric columns), then COPY … TO Parquet
 * (ZSTD), with GeoParquet `geo` metadata when the table has a geometry column. Rows are written in
 * the given order; the file is written to a temp name by the caller.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import bindings, { type DataChunk, type Vector } from '@duckdb/node-bindings';
import type { NumericArray } from '../../lib/arrow/arrow-columns';
import { createTableSql } from '../../lib/contract/ddl';
import { GEOMETRY_COLUMN, geoParquetMetadata } from '../../lib/contract/geoparquet';
import { identifier, literal } from '../../lib/db/sql';
import { VECTOR_TYPES } from '../../lib/db/vector-types';
import { TABLES, type ColumnDef, type TableId } from '../../lib/registry';
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

/** Rows per data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

/** Validity bits of one chunk (bit i of 64-bit word i/64, little-endian; 1 = valid). */
const VALIDITY = new Uint32Array(2 * Math.ceil(CHUNK_ROWS / 64));

function isPackedBlobs(values: ColumnValues): values is PackedBlobs {
  return !Array.isArray(values) && !ArrayBuffer.isView(values);
}

/** Number of rows of a column's values. */
function lengthOf(values: ColumnValues): number {
  return isPackedBlobs(values) ? values.start.length : values.length;
}

/** Marks row `i` NULL in VALIDITY. */
function markNull(i: number): void {
  VALIDITY[i >>> 5]! &= ~(1 << (i & 31));
}

/** Fills VALIDITY for `count` values (NaN or INT32_NULL = NULL); returns whether any is NULL. */
function markNumericNulls(values: NumericArray, count: number): boolean {
  const isFloat = values instanceof Float32Array || values instanceof Float64Array;
  let any = false;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (isFloat ? v !== v : v === INT32_NULL) {
      markNull(i);
      any = true;
    }
  }
  return any;
}

/**
 * Throws when converting numbers to the column's vector type changed one (an integer out of the
 * type's range wraps, a double beyond FLOAT's range becomes infinite); NULL markers are exempt.
 */
function checkConverted(def: ColumnDef, from: NumericArray, to: NumericArray, count: number): void {
  const isFloat = to instanceof Float32Array || to instanceof Float64Array;
  for (let i = 0; i < count; i++) {
    const v = from[i]!;
    if (v !== v || (def.nullable && v === INT32_NULL && !isFloat)) continue;
    if (isFloat ? Number.isFinite(v) && !Number.isFinite(to[i]!) : to[i] !== v)
      throw new Error(`${def.name}: ${v} does not fit a ${def.type} column`);
  }
}

/** What kind of values each SQL type takes (ColumnValues); anything else is refused before writing. */
function checkKind(def: ColumnDef, values: ColumnValues): void {
  const numeric = VECTOR_TYPES[def.type].array !== undefined && def.type !== 'BOOLEAN';
  let ok: boolean;
  if (isPackedBlobs(values)) ok = def.type === 'BLOB';
  else if (ArrayBuffer.isView(values)) ok = numeric;
  else {
    const want = def.type === 'VARCHAR' ? 'string' : def.type === 'BOOLEAN' ? 'boolean' : def.type === 'BLOB' ? 'bytes' : undefined; // prettier-ignore
    ok = want !== undefined && (values as readonly unknown[]).every((v) => v === null || v === undefined || (want === 'bytes' ? v instanceof Uint8Array : typeof v === want)); // prettier-ignore
  }
  if (!ok) throw new Error(`${def.name}: values of the wrong kind for a ${def.type} column`);
}

/**
 * Writes one column's values for rows [start, start + count) into a native vector of a fresh
 * (all valid) chunk: numbers by one native copy (converted first through `scratch` when the array
 * type differs from the vector's), strings and blobs element by element, NULLs through a validity
 * mask of our own.
 */
function fillVector(
  vector: Vector,
  def: ColumnDef,
  values: ColumnValues,
  start: number,
  count: number,
  scratch: NumericArray | undefined,
): void {
  VALIDITY.fill(0xffffffff);
  let anyNull = false;
  if (isPackedBlobs(values)) {
    const { bytes, start: from, end: to } = values;
    for (let i = 0; i < count; i++)
      bindings.vector_assign_string_element_len(vector, i, bytes.subarray(from[start + i]!, to[start + i]!));
  } else if (ArrayBuffer.isView(values)) {
    const slice = values.subarray(start, start + count);
    if (!scratch) throw new Error(`${def.name}: numbers given for a ${def.type} column`);
    const source = slice.constructor === scratch.constructor ? slice : scratch;
    if (source === scratch) {
      scratch.set(slice);
      checkConverted(def, slice, scratch, count);
    }
    bindings.copy_data_to_vector(vector, 0, source.buffer as ArrayBuffer, source.byteOffset, count * source.BYTES_PER_ELEMENT); // prettier-ignore
    anyNull = def.nullable && markNumericNulls(slice, count);
  } else {
    for (let i = 0; i < count; i++) {
      const value = values[start + i] ?? null;
      if (value === null) {
        markNull(i);
        anyNull = true;
      } else if (value instanceof Uint8Array) bindings.vector_assign_string_element_len(vector, i, value);
      else if (typeof value === 'string') bindings.vector_assign_string_element(vector, i, value);
      else if (scratch) scratch[i] = value ? 1 : 0;
      else throw new Error(`${def.name}: a ${typeof value} value for a ${def.type} column`);
    }
    if (def.type === 'BOOLEAN' && scratch)
      bindings.copy_data_to_vector(vector, 0, scratch.buffer as ArrayBuffer, 0, count);
  }
  if (anyNull) {
    if (!def.nullable) throw new Error(`${def.name}: NULL in a NOT NULL column`);
    bindings.vector_ensure_validity_writable(vector);
    bindings.copy_data_to_vector_validity(vector, 0, VALIDITY.buffer, 0, Math.ceil(count / 64) * 8);
  }
}

/** The native appender behind @duckdb/node-api's (its `appender` field is public at run time). */
function nativeAppender(appender: object): bindings.Appender {
  const native = (appender as { appender?: bindings.Appender }).appender;
  if (!native)
    throw new Error('this @duckdb/node-api does not expose the native appender the writer needs (pinned: 1.5.6-r.1)');
  return native;
}

/** Appends `rowCount` rows of `columns` in chunks of one reused native data chunk. */
function appendColumns(
  appender: bindings.Appender,
  defs: readonly ColumnDef[],
  columns: Readonly<Record<string, ColumnValues>>,
  rowCount: number,
): void {
  for (const def of defs) checkKind(def, columns[def.name] as ColumnValues);
  const chunk: DataChunk = bindings.create_data_chunk(
    defs.map((d) => bindings.create_logical_type(VECTOR_TYPES[d.type].id as number as bindings.Type)),
  );
  const scratch = defs.map((d) => {
    const array = VECTOR_TYPES[d.type].array;
    return array ? new array(CHUNK_ROWS) : undefined;
  });
  for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rowCount - start);
    bindings.data_chunk_reset(chunk);
    defs.forEach((def, c) =>
      fillVector(
        bindings.data_chunk_get_vector(chunk, c),
        def,
        columns[def.name] as ColumnValues,
        start,
        count,
        scratch[c],
      ),
    );
    bindings.data_chunk_set_size(chunk, count);
    bindings.append_data_chunk(appender, chunk);
  }
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
    appendColumns(nativeAppender(appender), defs, columns, rowCount);
    appender.closeSync();
    const rowGroup = options.rowGroupSize ?? 122_880;
    const geo = defs.some((d) => d.name === GEOMETRY_COLUMN)
      ? `, KV_METADATA {geo: ${literal(geoParquetMetadata())}}`
      : '';
    await connection.run(
      `COPY ${identifier(scratch)} TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE ${rowGroup}${geo})`,
    );
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${identifier(scratch)}`);
  }
}
