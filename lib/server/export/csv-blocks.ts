import 'server-only';
import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId, type DuckDBDataChunk } from '@duckdb/node-api';
import type { CsvBlock, CsvColumnData, IntArray } from '../../csv/csv-block';
import { VECTOR_TYPES } from '../../db/vector-types';
import type { SqlType } from '../../registry';
import type { CsvColumn } from './csv-export';

/** Rows per block handed to a formatter worker (16 DuckDB chunks; ≈ 5 MB of nucleus CSV). */
export const BLOCK_ROWS = 32768;
/** Text/BLOB bytes after which a block is handed over early (contours: ≈ 1 KiB per row). */
export const BLOCK_TEXT_BYTES = 8 * 2 ** 20;

type IntConstructor = new (length: number) => IntArray;

/** The integer types the formatter spells (BIGINT is not one: DuckDB's CSV keeps it). */
const INTEGER_TYPES: ReadonlySet<CsvColumn['type']> = new Set(['TINYINT', 'UTINYINT', 'SMALLINT', 'USMALLINT', 'INTEGER', 'UINTEGER']); // prettier-ignore

/** True when every column has a type the JS formatter spells exactly as DuckDB's CSV writer. */
export function isJsFormattable(columns: readonly CsvColumn[]): boolean {
  return columns.every(
    (c) => c.type === 'FLOAT' || c.type === 'VARCHAR' || c.type === 'BLOB' || INTEGER_TYPES.has(c.type),
  );
}

/** The DuckDB type id each column must arrive with. */
export function expectedTypeIds(columns: readonly CsvColumn[]): DuckDBTypeId[] {
  return columns.map((c) => (c.type === 'BIGINT' ? DuckDBTypeId.BIGINT : VECTOR_TYPES[c.type].id));
}

function newColumn(column: CsvColumn, rows: number): CsvColumnData {
  if (column.type === 'FLOAT') return { kind: 'f32', values: new Float32Array(rows), valid: null };
  if (column.type === 'VARCHAR' || column.type === 'BLOB')
    return {
      kind: column.type === 'VARCHAR' ? 'text' : 'base64',
      offsets: new Int32Array(rows + 1),
      bytes: new Uint8Array(64 * 1024),
      valid: null,
    };
  if (!INTEGER_TYPES.has(column.type)) throw new Error(`no CSV formatter for ${column.type} (column ${column.name})`);
  const int = VECTOR_TYPES[column.type as SqlType].array as unknown as IntConstructor;
  return { kind: 'int', values: new int(rows), valid: null };
}

/** Unpacks DuckDB's validity bits of `count` rows into `valid` from `at`; false when all valid. */
function copyValidity(bits: Uint8Array, count: number, valid: Uint8Array | null, at: number): boolean {
  let allValid = true;
  for (let byte = 0; byte < count >> 3; byte += 1) if (bits[byte] !== 0xff) allValid = false;
  for (let i = count & ~7; i < count; i += 1) if (((bits[i >> 3]! >> (i & 7)) & 1) === 0) allValid = false;
  if (allValid || !valid) return !allValid;
  for (let i = 0; i < count; i += 1) valid[at + i] = (bits[i >> 3]! >> (i & 7)) & 1;
  return true;
}

/**
 * Fills blocks of BLOCK_ROWS rows from DuckDB chunks: vector storage copied with TypedArray.set,
 * text and BLOB bytes into one growing byte arena per column, validity unpacked to one byte per
 * row only for columns that hold NULLs. Blocks coming back from the workers are reused.
 */
export class CsvBlockBuilder {
  private spare: CsvBlock[] = [];
  private block: { rows: number; columns: CsvColumnData[] };

  /** `blockRows`: rows per block, a multiple of DuckDB's 2048-row chunk (smaller in tests). */
  constructor(
    private readonly schema: readonly CsvColumn[],
    private readonly blockRows = BLOCK_ROWS,
  ) {
    this.block = this.fresh();
  }

  private fresh(): { rows: number; columns: CsvColumnData[] } {
    const reused = this.spare.pop();
    if (reused) return { rows: 0, columns: reused.columns.map((c) => ({ ...c, valid: null })) };
    return { rows: 0, columns: this.schema.map((c) => newColumn(c, this.blockRows)) };
  }

  /** Rows held by the block being filled. */
  get rows(): number {
    return this.block.rows;
  }

  /** Returns a block (back from a worker) for reuse. */
  recycle(block: CsvBlock): void {
    if (this.spare.length < 4 && block.columns.length === this.schema.length) this.spare.push(block);
  }

  /** True when the next chunk may not fit: hand the block over first. */
  isFull(): boolean {
    if (this.block.rows + 2048 > this.blockRows) return true;
    return this.block.columns.some(
      (c) => c.kind !== 'f32' && c.kind !== 'int' && c.offsets[this.block.rows]! >= BLOCK_TEXT_BYTES,
    );
  }

  /** Takes the filled block (undefined when empty) and starts a new one. */
  take(): CsvBlock | undefined {
    if (this.block.rows === 0) return undefined;
    const taken = this.block;
    this.block = this.fresh();
    return taken;
  }

  /** Appends the rows of `chunk` (columns in schema order; at most 2048 rows, after isFull() is false). */
  append(chunk: DuckDBDataChunk): void {
    const count = chunk.rowCount;
    if (count === 0) return;
    const block = this.block;
    const at = block.rows;
    if (at + count > this.blockRows) throw new Error('CSV block overflow');
    block.columns.forEach((column, c) => {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      const bits = duckdb.vector_get_validity(vector, Math.ceil(count / 64) * 8) as Uint8Array | null;
      if (bits && !column.valid && copyValidity(bits, count, null, 0)) {
        column.valid = new Uint8Array(this.blockRows).fill(1);
      }
      if (bits && column.valid) copyValidity(bits, count, column.valid, at);
      else if (column.valid) column.valid.fill(1, at, at + count);
      if (column.kind === 'f32' || column.kind === 'int') {
        const size = column.values.BYTES_PER_ELEMENT;
        const data = duckdb.vector_get_data(vector, count * size);
        const Ctor = column.values.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => IntArray | Float32Array; // prettier-ignore
        (column.values as Float32Array).set(new Ctor(data.buffer, data.byteOffset, count) as Float32Array, at);
        return;
      }
      const data = duckdb.vector_get_data(vector, count * 16);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const offsets = column.offsets;
      const valid = column.valid;
      let end = offsets[at]!;
      for (let i = 0; i < count; i += 1) {
        if (valid === null || valid[at + i] !== 0) {
          const length = view.getUint32(16 * i, true);
          if (end + length > column.bytes.length) {
            const grown = new Uint8Array(Math.max(2 * column.bytes.length, end + length + 1024));
            grown.set(column.bytes.subarray(0, end));
            column.bytes = grown;
          }
          if (length <= 12) {
            for (let b = 0; b < length; b += 1) column.bytes[end + b] = data[16 * i + 4 + b]!;
          } else column.bytes.set(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + 16 * i + 8, length), end); // prettier-ignore
          end += length;
        }
        offsets[at + i + 1] = end;
      }
    });
    block.rows = at + count;
  }
}
