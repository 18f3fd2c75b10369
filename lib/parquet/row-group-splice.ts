/**
 * The metadata surgery of a row-group splice: a new Parquet file made of stored row groups whose
 * chosen column chunks are copied byte for byte, each row group preceded by a constant string
 * column (constant-column.ts). Computes what to copy from where and the rewritten metadata: page
 * offsets shifted to the new positions; page-index and bloom-filter offsets dropped (those
 * structures are not copied); sorting_columns (indexes of the stored columns) and key-value
 * metadata (which describes the stored file) dropped; row-group sizes, file offset and ordinal
 * recomputed; GeoParquet metadata narrowed to the exported columns. Pure (the caller reads and writes
 * the bytes).
 */
import { constantStringChunk, stringSchemaElement } from './constant-column';
import {
  CHUNK,
  COLUMN,
  FILE,
  PARQUET_MAGIC,
  ROW_GROUP,
  SCHEMA,
  ParquetFileError,
  chunkByteRange,
  flatColumns,
  i32,
  i64,
  integerOf,
  list,
  listOf,
  struct,
  structOf,
  structsOf,
  text,
  textOf,
  type ParquetFooter,
} from './footer';
import { encodeThrift, fieldOf, withFields, type ThriftStruct, type ThriftValue } from './thrift-compact';

/** A row group's ordinal is an i16: longer files leave it out (it is optional). */
const MAX_ORDINAL = 0x7fff;
/** GeoParquet's key in the file's key-value metadata. */
const GEO_KEY = 'geo';

/** A byte range of a file. */
export interface ByteRange {
  readonly start: number;
  readonly length: number;
}

/** The chosen columns of one stored file. */
export interface ColumnChoice {
  /** Leaf index of each chosen column, in output order. */
  readonly leaves: readonly number[];
  readonly leafCount: number;
  readonly elements: readonly ThriftStruct[];
  /** Their column orders (none when the file declares none). */
  readonly orders: readonly ThriftValue[];
  /** Their schema elements and orders, encoded: files that can be spliced together have the same. */
  readonly declaration: Uint8Array;
}

/** Finds `columns` (top-level names, output order) in the flat schema of `file`. */
export function chooseColumns(footer: ParquetFooter, columns: readonly string[], file: string): ColumnChoice {
  const stored = flatColumns(footer.metadata, file);
  const picked = columns.map((name) => {
    const column = stored.get(name);
    if (!column) throw new ParquetFileError(file, `has no column ${JSON.stringify(name)}`);
    return column;
  });
  const leaves = picked.map((p) => p.leaf);
  const elements = picked.map((p) => p.element);
  const storedOrders = listOf(footer.metadata, FILE.columnOrders);
  const orders = storedOrders.length === stored.size ? leaves.map((leaf) => storedOrders[leaf] as ThriftValue) : [];
  const declaration = encodeThrift(list('struct', [...elements, ...orders]));
  return { leaves, leafCount: stored.size, elements, orders, declaration };
}

/** True when two files declare their chosen columns alike (same types, names, orders). */
export function isSameDeclaration(a: ColumnChoice, b: ColumnChoice): boolean {
  return a.declaration.length === b.declaration.length && a.declaration.every((byte, i) => byte === b.declaration[i]);
}

/**
 * The key-value metadata of the spliced file: GeoParquet's `geo` entry narrowed to the exported
 * geometry columns and without their optional `bbox` (which bounds one stored file only), or none
 * when its primary column is not exported. Every other entry describes the stored file (e.g. an
 * Arrow schema of all its columns) and is dropped.
 */
function splicedKeyValues(metadata: ThriftStruct, exported: ReadonlySet<string>): ThriftValue | undefined {
  const geo = structsOf(metadata, FILE.keyValueMetadata).find((entry) => textOf(entry, 1) === GEO_KEY);
  const json = geo && textOf(geo, 2);
  if (!json) return undefined;
  const parsed = JSON.parse(json) as { primary_column?: string; columns?: Record<string, Record<string, unknown>> };
  if (!parsed.primary_column || !exported.has(parsed.primary_column)) return undefined;
  const columns = Object.entries(parsed.columns ?? {})
    .filter(([name]) => exported.has(name))
    .map(([name, { bbox: _bbox, ...column }]) => [name, column]);
  const value = JSON.stringify({ ...parsed, columns: Object.fromEntries(columns) });
  return list('struct', [struct({ 1: text(GEO_KEY), 2: text(value) })]);
}

/**
 * FileMetaData of the spliced file, row groups and row count still to be set: the reference
 * file's (format version, writer, unknown fields), with the string column `constantName` then the
 * chosen columns as its schema.
 */
export function splicedMetadata(reference: ParquetFooter, choice: ColumnChoice, constantName: string): ThriftStruct {
  const [root] = structsOf(reference.metadata, FILE.schema) as [ThriftStruct];
  const schema = [
    withFields(root, { [SCHEMA.numChildren]: i32(choice.elements.length + 1) }),
    stringSchemaElement(constantName),
    ...choice.elements,
  ];
  const exported = new Set(choice.elements.map((element) => textOf(element, SCHEMA.name) ?? ''));
  const typeDefinedOrder = struct({ 1: struct({}) });
  return withFields(reference.metadata, {
    [FILE.schema]: list('struct', schema),
    [FILE.keyValueMetadata]: splicedKeyValues(reference.metadata, exported),
    [FILE.columnOrders]: choice.orders.length > 0 ? list('struct', [typeDefinedOrder, ...choice.orders]) : undefined,
  });
}

/** `chunk` moved by `delta` bytes: page offsets shifted, offsets of structures not copied dropped. */
function movedChunk(chunk: ThriftStruct, delta: number): ThriftStruct {
  const meta = structOf(chunk, CHUNK.metaData) as ThriftStruct;
  const shifted = (from: ThriftStruct, id: number): ThriftValue | undefined => {
    const offset = integerOf(from, id);
    return offset === undefined ? undefined : i64(offset + delta);
  };
  return withFields(chunk, {
    // Deprecated; DuckDB writes 0, which stays 0.
    [CHUNK.fileOffset]: integerOf(chunk, CHUNK.fileOffset)
      ? shifted(chunk, CHUNK.fileOffset)
      : fieldOf(chunk, CHUNK.fileOffset),
    [CHUNK.metaData]: withFields(meta, {
      [COLUMN.dataPageOffset]: shifted(meta, COLUMN.dataPageOffset),
      [COLUMN.indexPageOffset]: shifted(meta, COLUMN.indexPageOffset),
      [COLUMN.dictionaryPageOffset]: shifted(meta, COLUMN.dictionaryPageOffset),
      [COLUMN.bloomFilterOffset]: undefined,
      [COLUMN.bloomFilterLength]: undefined,
    }),
    [CHUNK.offsetIndexOffset]: undefined,
    [CHUNK.offsetIndexLength]: undefined,
    [CHUNK.columnIndexOffset]: undefined,
    [CHUNK.columnIndexLength]: undefined,
  });
}

/** Where one stored row group goes in the spliced file, and what to write there. */
export interface PlacedRowGroup {
  /** The constant column's chunk, written first. */
  readonly constant: Uint8Array;
  /** Then these ranges of the stored file, in order. */
  readonly ranges: readonly ByteRange[];
  /** The row group's metadata in the spliced file, encoded. */
  readonly metadata: Uint8Array;
  readonly rows: number;
  /** Byte offset just after it. */
  readonly end: number;
}

/**
 * Row group `index` of `file` (footer `footer`, columns `choice`) placed at byte `offset` of the
 * spliced file as its `ordinal`-th row group, behind a chunk of `constant.value` in every row.
 */
export function placeRowGroup(
  file: string,
  footer: ParquetFooter,
  choice: ColumnChoice,
  index: number,
  constant: { readonly name: string; readonly value: string },
  offset: number,
  ordinal: number,
): PlacedRowGroup {
  const rowGroup = structsOf(footer.metadata, FILE.rowGroups)[index] as ThriftStruct;
  const chunks = structsOf(rowGroup, ROW_GROUP.columns);
  if (chunks.length !== choice.leafCount)
    throw new ParquetFileError(file, `row group ${index} has ${chunks.length} columns, the schema ${choice.leafCount}`);
  const picked = choice.leaves.map((leaf) => chunks[leaf] as ThriftStruct);
  const ranges = picked.map((chunk) => chunkByteRange(chunk, file));
  for (const { start, length } of ranges)
    if (start < PARQUET_MAGIC.length || start + length > footer.footerStart)
      throw new ParquetFileError(
        file,
        `row group ${index} has a column chunk outside the data (${start}–${start + length})`,
      );
  const rows = integerOf(rowGroup, ROW_GROUP.numRows) ?? 0;
  const head = constantStringChunk(constant.name, constant.value, rows, offset);
  let end = offset + head.bytes.length;
  const moved = picked.map((chunk, i) => {
    const { start, length } = ranges[i] as ByteRange;
    const delta = end - start;
    end += length;
    return movedChunk(chunk, delta);
  });
  const columns = [head.chunk, ...moved];
  const metas = columns.map((chunk) => structOf(chunk, CHUNK.metaData) as ThriftStruct);
  const sum = (id: number): number => metas.reduce((total, meta) => total + (integerOf(meta, id) ?? 0), 0);
  const placed = withFields(rowGroup, {
    [ROW_GROUP.columns]: list('struct', columns),
    [ROW_GROUP.totalByteSize]: i64(sum(COLUMN.totalUncompressedSize)),
    [ROW_GROUP.sortingColumns]: undefined,
    [ROW_GROUP.fileOffset]: i64(offset),
    [ROW_GROUP.totalCompressedSize]: i64(sum(COLUMN.totalCompressedSize)),
    [ROW_GROUP.ordinal]: ordinal <= MAX_ORDINAL ? { type: 'i16', value: ordinal } : undefined,
  });
  return { constant: head.bytes, ranges: coalesce(ranges), metadata: encodeThrift(placed), rows, end };
}

/** Byte ranges merged where one ends exactly where the next starts (one read instead of several). */
function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const merged: { start: number; length: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && last.start + last.length === range.start) last.length += range.length;
    else merged.push({ ...range });
  }
  return merged;
}
