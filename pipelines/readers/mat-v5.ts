import { constants as bufferConstants } from 'node:buffer';
import { inflateSync } from 'node:zlib';
import { ReadError } from './read-error';

/** Numeric MATLAB classes this reader decodes. */
export type MatClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';

/** Typed array holding a decoded variable's values in its MATLAB class. */
export type MatData =
  Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One decoded numeric variable; `data` is row-major (C order, last dimension fastest) unless read with `columnMajor`. */
export interface MatArray {
  readonly name: string;
  readonly className: MatClass;
  /** Dimensions as MATLAB states them (rows, cols, …). */
  readonly dims: readonly number[];
  readonly data: MatData;
}

/** Limits for untrusted input. */
export interface MatReadOptions {
  /** Only decode these variables (others are skipped unparsed); all numeric variables when absent. */
  readonly names?: ReadonlySet<string>;
  /** Largest decompressed size of one miCOMPRESSED element, bytes (default 2 GiB). */
  readonly maxInflatedBytes?: number;
  /** Keep MATLAB's column-major order (no transposition); the caller reorders, e.g. while converting. */
  readonly columnMajor?: boolean;
}

/** Constructor of one of the `MatData` typed arrays. */
export type TypedArrayConstructor = {
  new (buffer: ArrayBuffer): MatData;
  readonly BYTES_PER_ELEMENT: number;
  from(values: ArrayLike<number>): MatData;
};

// MAT v5 data-type codes (miINT8 = 1 …) and array-class codes (mxDOUBLE_CLASS = 6 …).
const DATA_TYPES: Readonly<Record<number, TypedArrayConstructor>> = {
  1: Int8Array,
  2: Uint8Array,
  3: Int16Array,
  4: Uint16Array,
  5: Int32Array,
  6: Uint32Array,
  7: Float32Array,
  9: Float64Array,
};
const CLASSES: Readonly<Record<number, readonly [MatClass, TypedArrayConstructor]>> = {
  6: ['double', Float64Array],
  7: ['single', Float32Array],
  8: ['int8', Int8Array],
  9: ['uint8', Uint8Array],
  10: ['int16', Int16Array],
  11: ['uint16', Uint16Array],
  12: ['int32', Int32Array],
  13: ['uint32', Uint32Array],
};
const CLASS_NAMES =
  ' cell struct object char sparse double single int8 uint8 int16 uint16 int32 uint32 int64 uint64'.split(' ');
/** Element type of a matrix (miMATRIX) and of a zlib-compressed element (miCOMPRESSED). */
export const MI_MATRIX = 14;
export const MI_COMPRESSED = 15;
const COMPLEX_FLAG = 0x800;

/** One data element tag: type, payload size and offsets (bytes) of the payload and of the next element. */
export interface Tag {
  readonly type: number;
  readonly nbytes: number;
  readonly data: number;
  readonly next: number;
}

/**
 * Decodes the numeric variables of a little-endian MAT v5 file (as written by MATLAB `-v7` or
 * scipy.io.savemat, compressed or not). Non-numeric variables (cell, struct, char, sparse) are
 * skipped unless named in `options.names`, in which case they are an error.
 */
export function readMatV5(bytes: Uint8Array, file: string, options: MatReadOptions = {}): Map<string, MatArray> {
  checkMatHeader(bytes, file);
  const result = new Map<string, MatArray>();
  const limit = inflateLimit(options);
  let offset = 128;
  while (offset < bytes.length) {
    const tag = readTag(bytes, offset, bytes.length, file);
    if (tag.type === MI_COMPRESSED) {
      const inner = inflate(bytes.subarray(tag.data, tag.data + tag.nbytes), limit, file, offset);
      let innerOffset = 0;
      while (innerOffset < inner.length) {
        const innerTag = readTag(inner, innerOffset, inner.length, file);
        if (innerTag.type === MI_MATRIX)
          addMatrix(result, inner, innerTag, file, options.names, options.columnMajor === true);
        innerOffset = innerTag.next;
      }
    } else if (tag.type === MI_MATRIX) {
      addMatrix(result, bytes, tag, file, options.names, options.columnMajor === true);
    }
    // Top-level elements are not padded after their stated size (scipy.io reads them the same way).
    offset = tag.data + tag.nbytes;
  }
  return result;
}

/** Checks the 128-byte MAT v5 header (version, little-endian); throws ReadError otherwise. */
export function checkMatHeader(bytes: Uint8Array, file: string): void {
  if (bytes.length < 128)
    throw new ReadError(file, `expected a 128-byte MAT v5 header, the file has ${bytes.length} bytes`);
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  const endian = String.fromCharCode(bytes[126] ?? 0, bytes[127] ?? 0);
  if (text.startsWith('MATLAB 7.3'))
    throw new ReadError(file, 'MAT 7.3 (HDF5) is not supported; expected MAT v5 (save -v7 or scipy.io.savemat)');
  if (endian === 'MI')
    throw new ReadError(file, 'big-endian MAT v5 files are not supported; expected the little-endian indicator "IM"');
  if (endian !== 'IM')
    throw new ReadError(file, 'not a MAT v5 file: expected the endianness indicator "IM" at byte 126');
}

/** Largest decompressed size of one compressed element allowed by `options`, bytes. */
export function inflateLimit(options: MatReadOptions): number {
  return Math.min(options.maxInflatedBytes ?? 2 ** 31, bufferConstants.MAX_LENGTH);
}

function inflate(compressed: Uint8Array, limit: number, file: string, offset: number): Uint8Array {
  try {
    return inflateSync(compressed, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const detail =
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `compressed element inflates to more than ${limit} bytes (limit)`
        : `corrupt zlib data in compressed element: ${(error as Error).message}`;
    throw new ReadError(file, detail, { offset });
  }
}

/** Reads the element tag at `offset` (full or small-element form); throws ReadError when it runs past `end`. */
export function readTag(bytes: Uint8Array, offset: number, end: number, file: string): Tag {
  if (offset + 8 > end)
    throw new ReadError(file, `truncated: expected an 8-byte element tag, ${end - offset} bytes left`, { offset });
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const first = view.getUint32(0, true);
  if (first >>> 16 !== 0) {
    // Small data element: up to 4 bytes stored inside the tag itself.
    const nbytes = first >>> 16;
    if (nbytes > 4) throw new ReadError(file, `small data element claims ${nbytes} bytes, at most 4 fit`, { offset });
    return { type: first & 0xffff, nbytes, data: offset + 4, next: offset + 8 };
  }
  const nbytes = view.getUint32(4, true);
  if (offset + 8 + nbytes > end) {
    throw new ReadError(file, `truncated: element of type ${first} needs ${nbytes} bytes, ${end - offset - 8} left`, {
      offset,
    });
  }
  return { type: first, nbytes, data: offset + 8, next: Math.min(end, offset + 8 + Math.ceil(nbytes / 8) * 8) };
}

/** The parsed header of a numeric matrix element: name, class, dimensions and the tag of its real part. */
export interface MatrixHeader {
  readonly name: string;
  readonly className: MatClass;
  readonly classArray: TypedArrayConstructor;
  readonly dims: readonly number[];
  /** Typed array of the stored data type (may differ from the class, e.g. doubles stored as uint8). */
  readonly stored: TypedArrayConstructor;
  /** Tag of the real part; its payload may extend past the bytes given when they are a stream's prefix. */
  readonly realTag: Tag;
}

/**
 * Parses a matrix element's header from `bytes`; returns its name only (`header` undefined) when
 * `names` excludes it or it is a skippable non-numeric variable. `end` bounds the header tags.
 */
export function readMatrixHeader(
  bytes: Uint8Array,
  tag: Tag,
  end: number,
  file: string,
  names: ReadonlySet<string> | undefined,
): { name: string; header?: MatrixHeader } {
  const flagsTag = readTag(bytes, tag.data, end, file);
  if (flagsTag.type !== 6 || flagsTag.nbytes !== 8)
    throw new ReadError(file, 'expected miUINT32 array flags (8 bytes) at the start of a matrix', { offset: tag.data });
  const flags = new DataView(bytes.buffer, bytes.byteOffset + flagsTag.data, 8).getUint32(0, true);
  const dimsTag = readTag(bytes, flagsTag.next, end, file);
  if (dimsTag.type !== 5 || dimsTag.nbytes % 4 !== 0 || dimsTag.nbytes < 8 || dimsTag.nbytes > 128)
    throw new ReadError(file, 'expected 2–32 miINT32 dimensions in a matrix', { offset: flagsTag.next });
  const dims = Array.from(copyAs(Int32Array, bytes, dimsTag.data, dimsTag.nbytes));
  const nameTag = readTag(bytes, dimsTag.next, end, file);
  if (nameTag.type !== 1)
    throw new ReadError(file, 'expected a miINT8 array name in a matrix', { offset: dimsTag.next });
  const name = new TextDecoder('latin1').decode(bytes.subarray(nameTag.data, nameTag.data + nameTag.nbytes));
  if (names !== undefined && !names.has(name)) return { name };
  const classEntry = CLASSES[flags & 0xff];
  if (classEntry === undefined) {
    if (names === undefined) return { name };
    throw new ReadError(
      file,
      `variable '${name}' has class ${CLASS_NAMES[flags & 0xff] ?? flags & 0xff}, expected a numeric class (double, single, int8–uint32)`,
    );
  }
  if ((flags & COMPLEX_FLAG) !== 0) throw new ReadError(file, `variable '${name}' is complex, expected a real array`);
  const realTag = readTag(bytes, nameTag.next, end, file);
  const stored = DATA_TYPES[realTag.type];
  if (stored === undefined)
    throw new ReadError(
      file,
      `variable '${name}' stores its values as data type ${realTag.type}, expected a numeric type`,
      { offset: nameTag.next },
    );
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (dims.some((dim) => dim < 0) || realTag.nbytes !== count * stored.BYTES_PER_ELEMENT) {
    throw new ReadError(
      file,
      `variable '${name}' has dimensions ${dims.join('×')} but ${realTag.nbytes} bytes of ${stored.name} data`,
      { offset: nameTag.next },
    );
  }
  const [className, classArray] = classEntry;
  return { name, header: { name, className, classArray, dims, stored, realTag } };
}

function addMatrix(
  result: Map<string, MatArray>,
  bytes: Uint8Array,
  tag: Tag,
  file: string,
  names: ReadonlySet<string> | undefined,
  columnMajor: boolean,
): void {
  if (tag.nbytes === 0) return; // an empty miMATRIX is how MATLAB writes some empty values
  const { header } = readMatrixHeader(bytes, tag, tag.data + tag.nbytes, file, names);
  if (header === undefined) return;
  const { name, className, classArray, dims, stored, realTag } = header;
  const values = copyAs(stored, bytes, realTag.data, realTag.nbytes);
  const typed = stored === classArray ? values : classArray.from(values);
  result.set(name, { name, className, dims, data: columnMajor ? typed : toRowMajor(typed, dims) });
}

/** The `nbytes` bytes at `start` as a typed array: a view when aligned and large, else an aligned copy. */
export function copyAs(ctor: TypedArrayConstructor, bytes: Uint8Array, start: number, nbytes: number): MatData {
  // An aligned slice is viewed in place (inflated elements are fresh buffers, not shared pools).
  if (
    (bytes.byteOffset + start) % ctor.BYTES_PER_ELEMENT === 0 &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteLength > 1 << 20
  )
    return new (ctor as unknown as new (buffer: ArrayBuffer, offset: number, length: number) => MatData)(
      bytes.buffer,
      bytes.byteOffset + start,
      nbytes / ctor.BYTES_PER_ELEMENT,
    );
  // Otherwise copy so the typed array is aligned whatever the element's offset in the file.
  const copy = new Uint8Array(nbytes);
  copy.set(bytes.subarray(start, start + nbytes));
  return new ctor(copy.buffer);
}

/** Column-major (MATLAB) → row-major (C order) for any number of dimensions. */
function toRowMajor(data: MatData, dims: readonly number[]): MatData {
  const nonSingleton = dims.filter((dim) => dim !== 1).length;
  if (nonSingleton <= 1) return data;
  const out = new (data.constructor as new (length: number) => MatData)(data.length);
  if (dims.length === 2) {
    const rows = dims[0] ?? 0;
    const cols = dims[1] ?? 0;
    for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out[r * cols + c] = data[c * rows + r] ?? 0;
    return out;
  }
  const rowStrides = dims.map((_, axis) => dims.slice(axis + 1).reduce((product, dim) => product * dim, 1));
  const index = dims.map(() => 0);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let axis = 0; axis < dims.length; axis++) c += (index[axis] ?? 0) * (rowStrides[axis] ?? 0);
    out[c] = data[f] ?? 0;
    for (let axis = 0; axis < dims.length; axis++) {
      index[axis] = (index[axis] ?? 0) + 1;
      if ((index[axis] ?? 0) < (dims[axis] ?? 0)) break;
      index[axis] = 0;
    }
  }
  return out;
}
