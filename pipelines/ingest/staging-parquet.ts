/**
 * The staging file of the Parquet writer: a registry table's column values written as an
 * uncompressed Parquet file with PLAIN pages, which DuckDB then reads to write the published ZSTD
 * file (./parquet-writer.ts). Writing it is little more than handing typed arrays to `write`; the
 * alternative, DuckDB's appender into a table, costs more than the final COPY itself (it keeps
 * table statistics and hashes every value).
 *
 * Typed arrays are staged as they are, NULL markers included (NaN, INT32_NULL), and the SELECT
 * that reads the file turns the markers into NULL and casts to the registry type (`selectSql`).
 * Arrays of strings, blobs and booleans carry NULL as definition levels. Values are checked on the
 * way: the wrong kind for a column, a number that does not fit its type, or NULL in a NOT NULL
 * column throw, naming the column.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { NumericArray } from '../../lib/arrow/arrow-columns';
import { identifier } from '../../lib/db/sql';
import {
  CHUNK,
  COLUMN,
  FILE,
  PARQUET_MAGIC,
  ROW_GROUP,
  SCHEMA,
  encodeFooter,
  i32,
  i64,
  list,
  struct,
  text,
} from '../../lib/parquet/footer';
import { CONVERTED, ENCODING, PHYSICAL, REPETITION, UNCOMPRESSED, pageHeader, varint } from '../../lib/parquet/page';
import { encodeThrift, type ThriftStruct, type ThriftValue } from '../../lib/parquet/thrift-compact';
import type { ColumnDef, SqlType } from '../../lib/registry';
import { LENGTH_BYTES, plainBlobRange, writeBlobLength, type PackedBlobs } from './packed-blobs';

/**
 * A column's values: typed arrays for numbers (in nullable columns NaN = NULL for float arrays,
 * INT32_NULL for Int32Array), arrays for blobs/strings/booleans (null = NULL), or packed blobs
 * (never NULL).
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

/** Rows per staging row group by default: one PLAIN page per column chunk, a few MB each. */
const STAGING_ROW_GROUP = 131_072;

/** Value range of each integer SQL type. */
const INTEGER_RANGE: Readonly<Partial<Record<SqlType, readonly [number, number]>>> = {
  TINYINT: [-128, 127],
  UTINYINT: [0, 255],
  SMALLINT: [-32768, 32767],
  USMALLINT: [0, 65535],
  INTEGER: [-2147483648, 2147483647],
  UINTEGER: [0, 4294967295],
};

/** How a column is staged: physical type, converted type, and the NULL marker its SELECT maps. */
interface Staging {
  readonly physical: number;
  readonly converted?: number;
  readonly nullMarker?: 'NaN' | 'INT32_NULL';
}

/**
 * How each typed array is staged (integers widen to INT32; the converted type keeps their range)
 * and the range of its values, for integer arrays.
 */
const ARRAY_STAGING = new Map<unknown, Staging & { readonly range?: readonly [number, number] }>([
  [Float32Array, { physical: PHYSICAL.float, nullMarker: 'NaN' }],
  [Float64Array, { physical: PHYSICAL.double, nullMarker: 'NaN' }],
  [Int32Array, { physical: PHYSICAL.int32, nullMarker: 'INT32_NULL', range: INTEGER_RANGE.INTEGER }],
  // The unsigned 32-bit values travel as the int32 of the same bits, which UINT_32 reads back.
  [Uint32Array, { physical: PHYSICAL.int32, converted: CONVERTED.uint32, range: INTEGER_RANGE.UINTEGER }],
  [Int8Array, { physical: PHYSICAL.int32, converted: CONVERTED.int8, range: INTEGER_RANGE.TINYINT }],
  [Int16Array, { physical: PHYSICAL.int32, converted: CONVERTED.int16, range: INTEGER_RANGE.SMALLINT }],
  [Uint8Array, { physical: PHYSICAL.int32, converted: CONVERTED.uint8, range: INTEGER_RANGE.UTINYINT }],
  [Uint16Array, { physical: PHYSICAL.int32, converted: CONVERTED.uint16, range: INTEGER_RANGE.USMALLINT }],
]);

function arrayStaging(values: NumericArray): Staging & { readonly range?: readonly [number, number] } {
  const staging = ARRAY_STAGING.get(values.constructor);
  if (!staging) throw new Error(`no staging for a ${values.constructor.name}`);
  return staging;
}

function isPackedBlobs(values: ColumnValues): values is PackedBlobs {
  return !Array.isArray(values) && !ArrayBuffer.isView(values);
}

/** Number of rows of a column's values. */
export function lengthOf(values: ColumnValues): number {
  return isPackedBlobs(values) ? values.start.length : values.length;
}

/** What kind of values each SQL type takes (ColumnValues); anything else is refused before writing. */
function checkKind(def: ColumnDef, values: ColumnValues): void {
  const numeric = def.type === 'FLOAT' || def.type === 'DOUBLE' || INTEGER_RANGE[def.type] !== undefined;
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
 * Throws when a number of `values` (NULL markers of nullable columns aside) would change in the
 * column: an integer column given fractions or values beyond its type's range, a FLOAT column given
 * finite doubles beyond float32's range. Typed arrays whose every value fits are not scanned.
 */
function checkNumbers(def: ColumnDef, values: NumericArray, rowCount: number): void {
  const range = INTEGER_RANGE[def.type];
  const isFloat = values instanceof Float32Array || values instanceof Float64Array;
  const marker = def.nullable ? (isFloat ? NaN : values instanceof Int32Array ? INT32_NULL : undefined) : undefined;
  const fail = (v: number): never => {
    throw new Error(`${def.name}: ${v} does not fit a ${def.type} column`);
  };
  if (range) {
    const sourceRange = arrayStaging(values).range;
    if (sourceRange && sourceRange[0] >= range[0] && sourceRange[1] <= range[1]) return;
    for (let i = 0; i < rowCount; i++) {
      const v = values[i]!;
      if (v === marker || (marker !== undefined && v !== v)) continue;
      if (!(v >= range[0] && v <= range[1] && Math.trunc(v) === v)) fail(v);
    }
  } else if (def.type === 'FLOAT' && values instanceof Float64Array) {
    for (let i = 0; i < rowCount; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) fail(v);
    }
  }
}

/** PLAIN values of rows [start, end) of a typed array: its own bytes, or integers widened to int32. */
function plainNumbers(values: NumericArray, start: number, end: number): Uint8Array {
  const slice = values.subarray(start, end);
  const wide =
    values instanceof Float32Array || values instanceof Float64Array || values instanceof Int32Array
      ? slice
      : values instanceof Uint32Array
        ? new Int32Array(slice.buffer, slice.byteOffset, slice.length)
        : new Int32Array(slice); // native widening
  return new Uint8Array(wide.buffer, wide.byteOffset, wide.byteLength);
}

/**
 * Definition levels of `valid` (1 = value, 0 = NULL; one per row) in the RLE/bit-packed hybrid
 * with bit width 1, after the 4-byte length of a v1 data page.
 */
function definitionLevels(valid: Uint8Array): Uint8Array {
  const rows = valid.length;
  const groups = Math.ceil(rows / 8);
  const header = varint(groups * 2 + 1);
  const out = new Uint8Array(4 + header.length + groups);
  new DataView(out.buffer).setUint32(0, header.length + groups, true);
  out.set(header, 4);
  for (let i = 0; i < rows; i++) if (valid[i]) out[4 + header.length + (i >>> 3)]! |= 1 << (i & 7);
  return out;
}

/** Definition levels and PLAIN values of rows [start, end) of an array column (strings, blobs, booleans). */
function plainArray(
  def: ColumnDef,
  values: readonly (string | Uint8Array | boolean | null)[],
  start: number,
  end: number,
): Uint8Array[] {
  const rows = end - start;
  const valid = new Uint8Array(rows);
  const present: (string | Uint8Array | boolean)[] = [];
  for (let i = 0; i < rows; i++) {
    const v = values[start + i];
    if (v === null || v === undefined) continue;
    valid[i] = 1;
    present.push(v);
  }
  if (present.length < rows && !def.nullable) throw new Error(`${def.name}: NULL in a NOT NULL column`);
  let bytes: Uint8Array;
  if (def.type === 'BOOLEAN') {
    bytes = new Uint8Array(Math.ceil(present.length / 8));
    present.forEach((v, k) => {
      if (v) bytes[k >>> 3]! |= 1 << (k & 7);
    });
  } else {
    const items = present.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : (v as Uint8Array)));
    bytes = new Uint8Array(items.reduce((a, item) => a + LENGTH_BYTES + item.length, 0));
    let o = 0;
    for (const item of items) {
      writeBlobLength(bytes, o, item.length);
      bytes.set(item, o + LENGTH_BYTES);
      o += LENGTH_BYTES + item.length;
    }
  }
  return def.nullable ? [definitionLevels(valid), bytes] : [bytes];
}

/** How each column is staged, from its values. */
function stagingFor(def: ColumnDef, values: ColumnValues): Staging {
  if (isPackedBlobs(values)) return { physical: PHYSICAL.byteArray };
  if (ArrayBuffer.isView(values)) return arrayStaging(values);
  if (def.type === 'BOOLEAN') return { physical: PHYSICAL.boolean };
  return def.type === 'VARCHAR' ? { physical: PHYSICAL.byteArray, converted: CONVERTED.utf8 } : { physical: PHYSICAL.byteArray }; // prettier-ignore
}

/** Typed arrays are REQUIRED (their NULL markers are values); arrays of a nullable column are OPTIONAL. */
function isOptional(def: ColumnDef, values: ColumnValues): boolean {
  return def.nullable && Array.isArray(values);
}

function schemaElement(def: ColumnDef, staging: Staging, optional: boolean): ThriftStruct {
  const fields: Record<number, ThriftValue> = {
    [SCHEMA.type]: i32(staging.physical),
    [SCHEMA.repetition]: i32(optional ? REPETITION.optional : REPETITION.required),
    [SCHEMA.name]: text(def.name),
  };
  if (staging.converted !== undefined) fields[SCHEMA.convertedType] = i32(staging.converted);
  return struct(fields);
}

/** The staged columns of a staging file, for `selectSql`. */
export interface StagedColumn {
  readonly def: ColumnDef;
  readonly nullMarker?: 'NaN' | 'INT32_NULL';
}

/**
 * The SELECT list that reads a staging file back as the registry's columns: NULL markers of
 * nullable columns become NULL, and every column is cast to its registry type.
 */
export function selectSql(columns: readonly StagedColumn[]): string {
  return columns
    .map(({ def, nullMarker }) => {
      const name = identifier(def.name);
      const value = !def.nullable || !nullMarker ? name : nullMarker === 'NaN' ? `NULLIF(${name}, 'NaN'::DOUBLE)` : `NULLIF(${name}, ${INT32_NULL})`; // prettier-ignore
      return `CAST(${value} AS ${def.type}) AS ${name}`;
    })
    .join(', ');
}

/**
 * Writes rows [0, rowCount) of `columns` (one per def, of at least rowCount values) as an
 * uncompressed PLAIN Parquet file at `path`, `rowsPerGroup` rows per row group; returns how each
 * column was staged. The caller removes the file.
 */
export function writeStagingParquet(
  path: string,
  defs: readonly ColumnDef[],
  columns: Readonly<Record<string, ColumnValues>>,
  rowCount: number,
  rowsPerGroup: number = STAGING_ROW_GROUP,
): StagedColumn[] {
  const staged = defs.map((def) => {
    const values = columns[def.name] as ColumnValues;
    checkKind(def, values);
    if (ArrayBuffer.isView(values)) checkNumbers(def, values, rowCount);
    return { def, values, staging: stagingFor(def, values), optional: isOptional(def, values) };
  });
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    const write = (bytes: Uint8Array): void => {
      for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done, bytes.byteLength - done);
      offset += bytes.byteLength;
    };
    write(PARQUET_MAGIC);
    const rowGroups: Uint8Array[] = [];
    for (let start = 0; start < rowCount; start += rowsPerGroup) {
      const end = Math.min(rowCount, start + rowsPerGroup);
      const rows = end - start;
      const chunks: ThriftValue[] = [];
      let groupBytes = 0;
      for (const { def, values, staging } of staged) {
        const parts = isPackedBlobs(values)
          ? [plainBlobRange(values, start, end, def.name)]
          : ArrayBuffer.isView(values)
            ? [plainNumbers(values, start, end)]
            : plainArray(def, values, start, end);
        const payloadBytes = parts.reduce((a, part) => a + part.byteLength, 0);
        const levels = struct({ 1: i32(rows), 2: i32(ENCODING.plain), 3: i32(ENCODING.rle), 4: i32(ENCODING.rle) });
        const header = pageHeader('data', levels, payloadBytes);
        const pageOffset = offset;
        write(header);
        for (const part of parts) write(part);
        const size = header.length + payloadBytes;
        groupBytes += size;
        const meta = struct({
          [COLUMN.type]: i32(staging.physical),
          [COLUMN.encodings]: list('i32', [i32(ENCODING.plain), i32(ENCODING.rle)]),
          [COLUMN.pathInSchema]: list('binary', [text(def.name)]),
          [COLUMN.codec]: i32(UNCOMPRESSED),
          [COLUMN.numValues]: i64(rows),
          [COLUMN.totalUncompressedSize]: i64(size),
          [COLUMN.totalCompressedSize]: i64(size),
          [COLUMN.dataPageOffset]: i64(pageOffset),
        });
        chunks.push(struct({ [CHUNK.fileOffset]: i64(pageOffset), [CHUNK.metaData]: meta }));
      }
      const rowGroup = struct({
        [ROW_GROUP.columns]: list('struct', chunks),
        [ROW_GROUP.totalByteSize]: i64(groupBytes),
        [ROW_GROUP.numRows]: i64(rows),
      });
      rowGroups.push(encodeThrift(rowGroup));
    }
    const root = struct({ [SCHEMA.name]: text('schema'), [SCHEMA.numChildren]: i32(defs.length) });
    const schema = staged.map(({ def, staging, optional }) => schemaElement(def, staging, optional));
    const metadata = struct({
      [FILE.version]: i32(1),
      [FILE.schema]: list('struct', [root, ...schema]),
      [FILE.numRows]: i64(rowCount),
      [FILE.rowGroups]: list('struct', []),
    });
    write(encodeFooter(metadata, rowGroups));
  } finally {
    closeSync(fd);
  }
  return staged.map(({ def, staging }) => ({ def, ...(staging.nullMarker ? { nullMarker: staging.nullMarker } : {}) }));
}
