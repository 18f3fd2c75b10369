import { deflateSync } from 'node:zlib';
import { writeFileAtomic } from '../dataset/atomic-write';

/** Typed arrays the writer can store, each as the matching MATLAB class. */
export type MatWritableArray =
  Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One 2-D variable to write; `array` is row-major (C order), `rows × cols` values. */
export interface MatVariable {
  readonly name: string;
  readonly array: MatWritableArray;
  readonly rows: number;
  readonly cols: number;
}

/** Whether each variable is zlib-compressed (MATLAB `-v7`, scipy `do_compression=True`). */
export interface MatWriteOptions {
  readonly compress?: boolean;
}

// [miTYPE data-type code, mxCLASS array-class code] per typed array.
const CODES: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['Int8Array', [1, 8]],
  ['Uint8Array', [2, 9]],
  ['Int16Array', [3, 10]],
  ['Uint16Array', [4, 11]],
  ['Int32Array', [5, 12]],
  ['Uint32Array', [6, 13]],
  ['Float32Array', [7, 7]],
  ['Float64Array', [9, 6]],
]);
const HEADER_TEXT = 'MATLAB 5.0 MAT-file, Platform: node, Created by: cerberus-atlas mat-v5-writer';

/** Encodes variables as a little-endian MAT v5 file that scipy.io.loadmat and MATLAB read. */
export function encodeMatV5(vars: readonly MatVariable[], options: MatWriteOptions = {}): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode(HEADER_TEXT));
  header.fill(0, 116, 124); // no subsystem data
  header.set([0x00, 0x01, 0x49, 0x4d], 124); // version 0x0100, endianness "IM" (little-endian)
  const parts: Uint8Array[] = [header];
  for (const variable of vars) {
    const matrix = encodeMatrix(variable);
    parts.push(options.compress ? element(15, deflateSync(matrix), false) : matrix);
  }
  return concat(parts);
}

/** Writes variables to a MAT v5 file atomically (temp name, then rename). */
export async function writeMatV5(
  path: string,
  vars: readonly MatVariable[],
  options: MatWriteOptions = {},
): Promise<void> {
  writeFileAtomic(path, encodeMatV5(vars, options));
}

function encodeMatrix({ name, array, rows, cols }: MatVariable): Uint8Array {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) throw new RangeError(`invalid MATLAB variable name '${name}'`);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== array.length) {
    throw new RangeError(`variable '${name}': ${rows}×${cols} does not match ${array.length} values`);
  }
  const codes = CODES.get(array.constructor.name);
  if (codes === undefined) throw new TypeError(`variable '${name}': unsupported array type ${array.constructor.name}`);
  const [dataType, classCode] = codes;
  const columnMajor = new (array.constructor as new (length: number) => MatWritableArray)(array.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) columnMajor[c * rows + r] = array[r * cols + c] ?? 0;
  const body = concat([
    element(6, new Uint8Array(new Uint32Array([classCode, 0]).buffer), true),
    element(5, new Uint8Array(new Int32Array([rows, cols]).buffer), true),
    element(1, new TextEncoder().encode(name), true),
    element(dataType, new Uint8Array(columnMajor.buffer), true),
  ]);
  return element(14, body, true);
}

/** A data element: 8-byte tag (or the 4-byte small form for ≤ 4 bytes) plus data, padded to 8 bytes. */
function element(type: number, data: Uint8Array, pad: boolean): Uint8Array {
  if (pad && data.length > 0 && data.length <= 4) {
    const small = new Uint8Array(8);
    new DataView(small.buffer).setUint32(0, (data.length << 16) | type, true);
    small.set(data, 4);
    return small;
  }
  const padded = pad ? Math.ceil(data.length / 8) * 8 : data.length;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
