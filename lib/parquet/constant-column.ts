/**
 * A Parquet column chunk holding the same string in every row, declared as a string (OPTIONAL
 * BYTE_ARRAY with the UTF8 converted type, as DuckDB writes VARCHAR, and also the STRING logical
 * type, which DuckDB 1.5 leaves out; readers take both as text): a PLAIN dictionary page
 * with the one value and a v1 data page of RLE_DICTIONARY indices whose definition levels are all
 * 1, UNCOMPRESSED, with exact statistics (min = max = the value, no nulls) so readers can prune by
 * it. Pure.
 */
import { bool, CHUNK, COLUMN, SCHEMA, i32, i64, list, struct, text } from './footer';
import { CONVERTED, ENCODING, PHYSICAL, REPETITION, UNCOMPRESSED, page, varint } from './page';
import type { ThriftStruct, ThriftValue } from './thrift-compact';

/** The schema element of a nullable string column named `name`. */
export function stringSchemaElement(name: string): ThriftStruct {
  return struct({
    [SCHEMA.type]: i32(PHYSICAL.byteArray),
    [SCHEMA.repetition]: i32(REPETITION.optional),
    [SCHEMA.name]: text(name),
    [SCHEMA.convertedType]: i32(CONVERTED.utf8),
    [SCHEMA.logicalType]: struct({ 1: struct({}) }), // LogicalType.STRING
  });
}

/**
 * The chunk of `rows` rows all equal to `value`, to be written at byte `offset` of the file: its
 * bytes and its ColumnChunk metadata (path `[name]`).
 */
export function constantStringChunk(
  name: string,
  value: string,
  rows: number,
  offset: number,
): { bytes: Uint8Array; chunk: ThriftStruct } {
  const utf8 = new TextEncoder().encode(value);
  const plain = new Uint8Array(4 + utf8.length);
  new DataView(plain.buffer).setUint32(0, utf8.length, true);
  plain.set(utf8, 4);
  const dictionary = page('dictionary', struct({ 1: i32(1), 2: i32(ENCODING.plain) }), plain);
  // Definition levels (bit width 1, 4-byte length prefix): one RLE run of `rows` ones. Indices
  // (bit width 1, as DuckDB and Arrow write a one-entry dictionary): one RLE run of zeros.
  const run = varint(rows * 2);
  const payload = Uint8Array.from([run.length + 1, 0, 0, 0, ...run, 1, 1, ...run, 0]);
  const levels = struct({ 1: i32(rows), 2: i32(ENCODING.rleDictionary), 3: i32(ENCODING.rle), 4: i32(ENCODING.rle) });
  const data = page('data', levels, payload);
  const bytes = new Uint8Array(dictionary.length + data.length);
  bytes.set(dictionary);
  bytes.set(data, dictionary.length);
  const same: ThriftValue = { type: 'binary', value: utf8 };
  // max and min (also in the deprecated fields 1–2, as DuckDB writes them), no nulls, one distinct value, exact.
  const statistics = struct({ 1: same, 2: same, 3: i64(0), 4: i64(1), 5: same, 6: same, 7: bool(true), 8: bool(true) });
  const meta = struct({
    [COLUMN.type]: i32(PHYSICAL.byteArray),
    [COLUMN.encodings]: list('i32', [ENCODING.plain, ENCODING.rle, ENCODING.rleDictionary].map(i32)),
    [COLUMN.pathInSchema]: list('binary', [text(name)]),
    [COLUMN.codec]: i32(UNCOMPRESSED),
    [COLUMN.numValues]: i64(rows),
    [COLUMN.totalUncompressedSize]: i64(bytes.length),
    [COLUMN.totalCompressedSize]: i64(bytes.length),
    [COLUMN.dataPageOffset]: i64(offset + dictionary.length),
    [COLUMN.dictionaryPageOffset]: i64(offset),
    [COLUMN.statistics]: statistics,
  });
  return { bytes, chunk: struct({ [CHUNK.fileOffset]: i64(0), [CHUNK.metaData]: meta }) };
}
