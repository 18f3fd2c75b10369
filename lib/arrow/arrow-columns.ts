/**
 * Typed columns ⇄ Arrow IPC stream, shared by the server (encode) and the browser (decode).
 * Three column shapes cover the viewer: plain numeric vectors, 2-vectors (FixedSizeList<2,
 * Float32>, interleaved x,y — deck.gl's binary `getPosition`) and variable-length Float32 lists
 * (interleaved polygon vertices with Int32 offsets — deck.gl's `startIndices`). Pure.
 */
import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint16,
  Uint32,
  Uint8,
  makeData,
  tableFromIPC,
  tableToIPC,
  type Data,
  type DataType,
} from 'apache-arrow';

/** A typed array Arrow stores without conversion. */
export type NumericArray =
  Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One column: numeric (one value per row), vec2 (2 Float32 per row) or list (Float32 runs by offsets). */
export type ArrowColumn =
  | { readonly kind: 'numeric'; readonly values: NumericArray }
  | { readonly kind: 'vec2'; readonly values: Float32Array }
  | { readonly kind: 'list'; readonly offsets: Int32Array; readonly values: Float32Array };

/** A decoded or to-be-encoded table: row count, named columns and string metadata. */
export interface ArrowColumns {
  readonly length: number;
  readonly columns: Readonly<Record<string, ArrowColumn>>;
  readonly metadata: Readonly<Record<string, string>>;
}

function numericType(values: NumericArray): DataType {
  if (values instanceof Float32Array) return new Float32();
  if (values instanceof Float64Array) return new Float64();
  if (values instanceof Int8Array) return new Int8();
  if (values instanceof Uint8Array) return new Uint8();
  if (values instanceof Int16Array) return new Int16();
  if (values instanceof Uint16Array) return new Uint16();
  if (values instanceof Int32Array) return new Int32();
  return new Uint32();
}

function toData(column: ArrowColumn, length: number): Data {
  if (column.kind === 'numeric') {
    if (column.values.length !== length) throw new Error(`column has ${column.values.length} values, not ${length}`);
    // numericType() matches the array's element type; the overloads cannot see that.
    return makeData({ type: numericType(column.values), length, nullCount: 0, data: column.values } as never);
  }
  const child = makeData({ type: new Float32(), length: column.values.length, nullCount: 0, data: column.values });
  if (column.kind === 'vec2') {
    if (column.values.length !== 2 * length) throw new Error(`vec2 column has ${column.values.length / 2} rows`);
    return makeData({ type: new FixedSizeList(2, new Field('xy', new Float32(), false)), length, nullCount: 0, child });
  }
  if (column.offsets.length !== length + 1) throw new Error(`list column has ${column.offsets.length - 1} rows`);
  const type = new List(new Field('item', new Float32(), false));
  return makeData({ type, length, nullCount: 0, valueOffsets: column.offsets, child });
}

/** Encodes columns as one Arrow IPC stream (a single record batch). */
export function encodeArrowColumns(table: ArrowColumns): Uint8Array {
  const names = Object.keys(table.columns);
  const children = names.map((name) => toData(table.columns[name] as ArrowColumn, table.length));
  const fields = names.map((name, i) => new Field(name, (children[i] as Data).type, false));
  const schema = new Schema(fields, new Map(Object.entries(table.metadata)));
  const struct = makeData({ type: new Struct(fields), length: table.length, nullCount: 0, children });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), 'stream');
}

function fromData(data: Data, length: number): ArrowColumn {
  const type = data.type as DataType;
  if (type instanceof FixedSizeList) {
    const values = (data.children[0] as Data).values as Float32Array;
    return { kind: 'vec2', values: values.subarray(2 * data.offset, 2 * (data.offset + length)) };
  }
  if (type instanceof List) {
    const offsets = data.valueOffsets.subarray(data.offset, data.offset + length + 1) as Int32Array;
    return { kind: 'list', offsets, values: (data.children[0] as Data).values as Float32Array };
  }
  const values = data.values as NumericArray;
  return { kind: 'numeric', values: values.subarray(data.offset, data.offset + length) as NumericArray };
}

/** Decodes an Arrow IPC stream written by `encodeArrowColumns` (one batch; views, no copies). */
export function decodeArrowColumns(bytes: Uint8Array): ArrowColumns {
  const table = tableFromIPC(bytes);
  const metadata = Object.fromEntries(table.schema.metadata);
  if (table.batches.length > 1) throw new Error(`expected one record batch, got ${table.batches.length}`);
  const batch = table.batches[0];
  const columns: Record<string, ArrowColumn> = {};
  table.schema.fields.forEach((field, i) => {
    const data = batch?.data.children[i];
    columns[field.name] = data ? fromData(data, table.numRows) : { kind: 'numeric', values: new Float32Array(0) };
  });
  return { length: table.numRows, columns, metadata };
}

/** The numeric column `name` of a decoded table; throws when missing or of another shape. */
export function numericColumn(table: ArrowColumns, name: string): NumericArray {
  const column = table.columns[name];
  if (column?.kind !== 'numeric') throw new Error(`no numeric column ${name}`);
  return column.values;
}

/** The vec2 column `name` (interleaved x,y Float32); throws when missing. */
export function vec2Column(table: ArrowColumns, name: string): Float32Array {
  const column = table.columns[name];
  if (column?.kind !== 'vec2') throw new Error(`no vec2 column ${name}`);
  return column.values;
}

/** The list column `name` (Float32 values with Int32 offsets, in values); throws when missing. */
export function listColumn(table: ArrowColumns, name: string): { offsets: Int32Array; values: Float32Array } {
  const column = table.columns[name];
  if (column?.kind !== 'list') throw new Error(`no list column ${name}`);
  return { offsets: column.offsets, values: column.values };
}

/** The MIME type of an Arrow IPC stream. */
export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
