/**
 * A Parquet file's footer (FileMetaData, parquet-format `parquet.thrift`) read through a byte-range
 * reader and decoded as a Thrift tree (thrift-compact.ts), with the accessors a row-group splice
 * needs: schema elements, row groups, column chunks and their byte ranges. Field ids are those of
 * parquet-format; fields not named here are kept untouched. Pure (the caller does the I/O).
 */
import {
  CompactWriter,
  decodeStruct,
  fieldOf,
  withFields,
  type ThriftStruct,
  type ThriftType,
  type ThriftValue,
} from './thrift-compact';

/** Field ids of FileMetaData. */
export const FILE = {
  version: 1,
  schema: 2,
  numRows: 3,
  rowGroups: 4,
  keyValueMetadata: 5,
  columnOrders: 7,
} as const;
/** Field ids of SchemaElement. */
export const SCHEMA = { type: 1, repetition: 3, name: 4, numChildren: 5, convertedType: 6, logicalType: 10 } as const;
/** Field ids of RowGroup. */
export const ROW_GROUP = {
  columns: 1,
  totalByteSize: 2,
  numRows: 3,
  sortingColumns: 4,
  fileOffset: 5,
  totalCompressedSize: 6,
  ordinal: 7,
} as const;
/** Field ids of ColumnChunk. */
export const CHUNK = {
  fileOffset: 2,
  metaData: 3,
  offsetIndexOffset: 4,
  offsetIndexLength: 5,
  columnIndexOffset: 6,
  columnIndexLength: 7,
} as const;
/** Field ids of ColumnMetaData. */
export const COLUMN = {
  type: 1,
  encodings: 2,
  pathInSchema: 3,
  codec: 4,
  numValues: 5,
  totalUncompressedSize: 6,
  totalCompressedSize: 7,
  dataPageOffset: 9,
  indexPageOffset: 10,
  dictionaryPageOffset: 11,
  statistics: 12,
  bloomFilterOffset: 14,
  bloomFilterLength: 15,
} as const;

/** `PAR1`, at both ends of a plain (unencrypted) Parquet file. */
export const PARQUET_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** Reads `length` bytes at byte `position` of a file (all of them, or throws). */
export type ByteRangeReader = (position: number, length: number) => Promise<Uint8Array>;

/** A Parquet file that cannot be used as it is (damaged, encrypted, or not Parquet); names the file. */
export class ParquetFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`Parquet file ${file}: ${message}`);
    this.name = 'ParquetFileError';
  }
}

/** A decoded footer and where it lies: bytes [footerStart, fileBytes − 8) of the file. */
export interface ParquetFooter {
  readonly metadata: ThriftStruct;
  readonly footerStart: number;
}

const isMagic = (bytes: Uint8Array): boolean => PARQUET_MAGIC.every((b, i) => bytes[i] === b);

/** Largest footer read: a stored slide file's is a few hundred kB; a damaged length must not allocate gigabytes. */
const MAX_FOOTER_BYTES = 64 * 2 ** 20;

/** Reads and decodes the footer of the `fileBytes`-byte file `file`, checking `PAR1` at both ends. */
export async function readParquetFooter(
  read: ByteRangeReader,
  fileBytes: number,
  file: string,
): Promise<ParquetFooter> {
  if (fileBytes < 12) throw new ParquetFileError(file, `${fileBytes} bytes, too short for Parquet`);
  const tail = await read(fileBytes - 8, 8);
  if (!isMagic(tail.subarray(4)) || !isMagic(await read(0, 4)))
    throw new ParquetFileError(file, 'no PAR1 magic at both ends (truncated, encrypted or not Parquet)');
  const footerBytes = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  const footerStart = fileBytes - 8 - footerBytes;
  if (footerStart < 4)
    throw new ParquetFileError(file, `footer length ${footerBytes} exceeds the file (${fileBytes} bytes)`);
  if (footerBytes > MAX_FOOTER_BYTES)
    throw new ParquetFileError(
      file,
      `footer length ${footerBytes} exceeds ${MAX_FOOTER_BYTES} bytes (damaged length?)`,
    );
  let metadata: ThriftStruct;
  try {
    const bytes = await read(footerStart, footerBytes);
    const decoded = decodeStruct(bytes);
    if (decoded.end !== footerBytes) throw new Error(`${footerBytes - decoded.end} bytes after FileMetaData`);
    metadata = decoded.struct;
  } catch (error) {
    throw new ParquetFileError(file, `footer cannot be decoded (${(error as Error).message})`);
  }
  if (!fieldOf(metadata, FILE.schema) || !fieldOf(metadata, FILE.numRows))
    throw new ParquetFileError(file, 'footer has no schema or row count');
  return { metadata, footerStart };
}

/** The elements of a list field (empty when absent). */
export function listOf(struct: ThriftStruct, id: number): ThriftValue[] {
  const value = fieldOf(struct, id);
  return value && (value.type === 'list' || value.type === 'set') ? [...value.elements] : [];
}

/** The structs of a list field (empty when absent). */
export function structsOf(struct: ThriftStruct, id: number): ThriftStruct[] {
  return listOf(struct, id).filter((v): v is ThriftStruct => v.type === 'struct');
}

/** An integer field (i8 … i64) as a number, if present (throws beyond 2^53: no Parquet offset is). */
export function integerOf(struct: ThriftStruct, id: number): number | undefined {
  const value = fieldOf(struct, id);
  if (!value) return undefined;
  if (value.type === 'i64') {
    const n = Number(value.value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`field ${id}: ${value.value} is not a safe integer`);
    return n;
  }
  return value.type === 'i8' || value.type === 'i16' || value.type === 'i32' ? value.value : undefined;
}

/** A binary field as UTF-8 text, if present. */
export function textOf(struct: ThriftStruct, id: number): string | undefined {
  const value = fieldOf(struct, id);
  return value?.type === 'binary' ? new TextDecoder().decode(value.value) : undefined;
}

/** A sub-struct field, if present. */
export function structOf(struct: ThriftStruct, id: number): ThriftStruct | undefined {
  const value = fieldOf(struct, id);
  return value?.type === 'struct' ? value : undefined;
}

/** A bool value. */
export const bool = (value: boolean): ThriftValue => ({ type: 'bool', value });
/** An i32 value. */
export const i32 = (value: number): ThriftValue => ({ type: 'i32', value });
/** An i64 value. */
export const i64 = (value: number | bigint): ThriftValue => ({ type: 'i64', value: BigInt(value) });
/** A UTF-8 string as binary. */
export const text = (value: string): ThriftValue => ({ type: 'binary', value: new TextEncoder().encode(value) });
/** A list value of `elements`, all of `elementType`. */
export const list = (elementType: ThriftType, elements: readonly ThriftValue[]): ThriftValue => ({
  type: 'list',
  elementType,
  elements,
});
/** A struct value of `fields` (id → value, written in id order). */
export function struct(fields: Readonly<Record<number, ThriftValue>>): ThriftStruct {
  return { type: 'struct', fields: Object.entries(fields).map(([id, value]) => ({ id: Number(id), value })) };
}

/** The top-level columns of a flat schema, by name: their schema element and leaf index. */
export function flatColumns(
  metadata: ThriftStruct,
  file: string,
): Map<string, { element: ThriftStruct; leaf: number }> {
  const [root, ...elements] = structsOf(metadata, FILE.schema);
  if (!root || integerOf(root, SCHEMA.numChildren) !== elements.length)
    throw new ParquetFileError(file, 'schema is not flat (nested columns are not supported)');
  const columns = new Map<string, { element: ThriftStruct; leaf: number }>();
  elements.forEach((element, leaf) => {
    if (integerOf(element, SCHEMA.numChildren) !== undefined)
      throw new ParquetFileError(file, 'schema is not flat (nested columns are not supported)');
    columns.set(textOf(element, SCHEMA.name) ?? '', { element, leaf });
  });
  return columns;
}

/** Where a column chunk's pages lie: from its dictionary page (else first data page), total_compressed_size bytes. */
export function chunkByteRange(chunk: ThriftStruct, file: string): { start: number; length: number } {
  const meta = structOf(chunk, CHUNK.metaData);
  const start = meta && (integerOf(meta, COLUMN.dictionaryPageOffset) ?? integerOf(meta, COLUMN.dataPageOffset));
  const length = meta && integerOf(meta, COLUMN.totalCompressedSize);
  if (start === undefined || length === undefined || meta === undefined)
    throw new ParquetFileError(file, 'a column chunk has no metadata (or its metadata is encrypted)');
  return { start, length };
}

/**
 * The end of a Parquet file: FileMetaData `metadata` with its row groups replaced by `rowGroups`
 * (each already encoded, so a long file's footer never exists as a tree), its length and `PAR1`.
 */
export function encodeFooter(metadata: ThriftStruct, rowGroups: readonly Uint8Array[]): Uint8Array {
  const writer = new CompactWriter().beginStruct();
  const placeholder = list('struct', []);
  for (const field of withFields(metadata, { [FILE.rowGroups]: placeholder }).fields) {
    if (field.id !== FILE.rowGroups) writer.field(field);
    else {
      writer.fieldHeader(FILE.rowGroups, 'list').listHeader('struct', rowGroups.length);
      for (const rowGroup of rowGroups) writer.raw(rowGroup);
    }
  }
  const footer = writer.endStruct().toBytes();
  const bytes = new Uint8Array(footer.length + 8);
  bytes.set(footer);
  new DataView(bytes.buffer).setUint32(footer.length, footer.length, true);
  bytes.set(PARQUET_MAGIC, footer.length + 4);
  return bytes;
}
