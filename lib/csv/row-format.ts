/**
 * CSV rows of a CsvBlock, byte for byte as DuckDB's
 * `COPY … (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', FORCE_QUOTE (text columns))`
 * writes them (csvCopyOptions in lib/server/export/csv-export.ts):
 * - text (VARCHAR): always quoted, `"` doubled, bytes as stored (UTF-8);
 * - base64 (a BLOB through `to_base64`, not force-quoted): bare, except the empty string, which
 *   DuckDB quotes (`""`) because it equals NULLSTR;
 * - FLOAT in DuckDB's FLOAT::VARCHAR spelling (f32-format.ts), integers as plain digits;
 * - NULL of any type: an empty field; `,` between fields, `\n` after each row.
 * The row loop is generated once per column-kind signature (a straight-line body, no per-cell
 * dispatch: ≈ 1 µs per 22-column row). Pure; `new Function` only ever sees code built here.
 */
import { base64Length, writeBase64 } from './base64';
import type { CsvBlock, CsvCellKind, CsvColumnData } from './csv-block';
import { writeInt } from './digits';
import { F32_MAX_BYTES, writeF32 } from './f32-format';

/** Bytes an integer cell takes at most (`-2147483648`, `4294967295`). */
const INT_MAX_BYTES = 11;

type RowWriter = (columns: readonly CsvColumnData[], rows: number, buffer: Uint8Array) => number;

const writers = new Map<string, RowWriter>();

function cellCode(kind: CsvCellKind, k: number): string {
  switch (kind) {
    case 'f32':
      return `pos = writeF32(buffer, pos, v${k}, b${k}, i);`;
    case 'int':
      return `pos = writeInt(buffer, pos, v${k}[i]);`;
    case 'text':
      return `{ const end = o${k}[i + 1]; buffer[pos++] = 34;
        for (let q = o${k}[i]; q < end; q++) { const byte = t${k}[q]; buffer[pos++] = byte; if (byte === 34) buffer[pos++] = 34; }
        buffer[pos++] = 34; }`;
    case 'base64':
      return `{ const start = o${k}[i], end = o${k}[i + 1];
        if (start === end) { buffer[pos++] = 34; buffer[pos++] = 34; } else pos = writeBase64(buffer, pos, t${k}, start, end); }`;
  }
}

/** The generated writer of rows with columns of `kinds`. */
function rowWriter(kinds: readonly CsvCellKind[]): RowWriter {
  const key = kinds.join(',');
  const cached = writers.get(key);
  if (cached) return cached;
  const declarations: string[] = [];
  const cells: string[] = [];
  kinds.forEach((kind, k) => {
    declarations.push(`const c${k} = columns[${k}], n${k} = c${k}.valid;`);
    if (kind === 'f32')
      declarations.push(`const v${k} = c${k}.values, b${k} = new Int32Array(v${k}.buffer, v${k}.byteOffset, v${k}.length);`); // prettier-ignore
    else if (kind === 'int') declarations.push(`const v${k} = c${k}.values;`);
    else declarations.push(`const o${k} = c${k}.offsets, t${k} = c${k}.bytes;`);
    cells.push(`if (n${k} === null || n${k}[i] !== 0) ${cellCode(kind, k)}`);
    cells.push(k < kinds.length - 1 ? 'buffer[pos++] = 44;' : 'buffer[pos++] = 10;');
  });
  const body = `${declarations.join('\n')}
let pos = 0;
for (let i = 0; i < rows; i++) {
${cells.join('\n')}
}
return pos;`;
  const build = new Function('writeF32', 'writeInt', 'writeBase64', `return function writeRows(columns, rows, buffer) {\n${body}\n};`); // prettier-ignore
  const writer = build(writeF32, writeInt, writeBase64) as RowWriter;
  writers.set(key, writer);
  return writer;
}

/** An upper bound of the CSV bytes of `block`. */
export function csvBytesBound(block: CsvBlock): number {
  let bytes = 0;
  for (const column of block.columns) {
    bytes += block.rows; // separator or line end
    if (column.kind === 'f32') bytes += F32_MAX_BYTES * block.rows;
    else if (column.kind === 'int') bytes += INT_MAX_BYTES * block.rows;
    else {
      const stored = column.offsets[block.rows]! - column.offsets[0]!;
      bytes += column.kind === 'text' ? 2 * stored + 2 * block.rows : base64Length(stored) + 4 * block.rows;
    }
  }
  return bytes;
}

/**
 * The CSV rows of `block` (no header), in DuckDB COPY's spelling: a new buffer of exactly those
 * bytes. `scratch` (reused between calls when large enough) saves zero-filling a worst-case buffer.
 */
export function formatCsvRows(block: CsvBlock, scratch?: Uint8Array): Uint8Array {
  const bound = csvBytesBound(block);
  const buffer = scratch && scratch.length >= bound ? scratch : new Uint8Array(bound);
  const end = rowWriter(block.columns.map((c) => c.kind))(block.columns, block.rows, buffer);
  return buffer === scratch ? buffer.slice(0, end) : buffer.subarray(0, end);
}
