/**
 * A block of CSV rows in columnar form: what the DuckDB reader fills (typed arrays copied from
 * chunk vectors) and a formatter worker turns into CSV bytes. Every array is a plain (transferable)
 * ArrayBuffer view. Pure.
 */

/** How the cells of a column are spelled (row-format.ts). */
export type CsvCellKind = 'text' | 'base64' | 'f32' | 'int';

/** Integer storage of an `int` column. */
export type IntArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One column of a block; `valid[i]` 0 = NULL (empty field), `valid` null = no NULLs. */
export type CsvColumnData =
  | { readonly kind: 'f32'; readonly values: Float32Array; valid: Uint8Array | null }
  | { readonly kind: 'int'; readonly values: IntArray; valid: Uint8Array | null }
  | {
      readonly kind: 'text' | 'base64';
      /** Byte offsets into `bytes`: row i is bytes[offsets[i] … offsets[i + 1]). */
      readonly offsets: Int32Array;
      bytes: Uint8Array;
      valid: Uint8Array | null;
    };

/** `rows` rows (the first `rows` entries of every column) of a CSV body. */
export interface CsvBlock {
  readonly rows: number;
  readonly columns: readonly CsvColumnData[];
}

/** The ArrayBuffers of a block (to transfer it to or from a worker). */
export function blockBuffers(block: CsvBlock): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of block.columns) {
    if (column.kind === 'f32' || column.kind === 'int') buffers.add(column.values.buffer as ArrayBuffer);
    else {
      buffers.add(column.offsets.buffer as ArrayBuffer);
      buffers.add(column.bytes.buffer as ArrayBuffer);
    }
    if (column.valid) buffers.add(column.valid.buffer as ArrayBuffer);
  }
  return [...buffers];
}
