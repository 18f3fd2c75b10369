/**
 * The allow-list of Python globals the pickle VM may call, and what calling them means:
 * numpy dtypes, numpy scalars, ndarray reconstruction and joblib's NumpyArrayWrapper.
 * Nothing here executes anything; each global maps to a fixed, pure reconstruction.
 */
import {
  Dtype,
  NdArray,
  PendingNdarray,
  PendingWrapper,
  PyBytes,
  PyDict,
  PyGlobal,
  PyList,
  Source,
  type DtypeKind,
} from './values';

/** What an allow-listed global does when REDUCE/NEWOBJ calls it. */
export type GlobalRole = 'dtype' | 'scalar' | 'reconstruct' | 'ndarray' | 'wrapper' | 'encode' | 'bytes' | 'frombuffer';

const CORE = ['numpy.core', 'numpy._core'];
const ALLOWED = new Map<string, GlobalRole>([
  ['numpy.dtype', 'dtype'],
  ['numpy.ndarray', 'ndarray'],
  ['numpy.memmap', 'ndarray'],
  ['joblib.numpy_pickle.NumpyArrayWrapper', 'wrapper'],
  ['_codecs.encode', 'encode'],
  ['builtins.bytes', 'bytes'],
  ['__builtin__.bytes', 'bytes'],
  ...CORE.flatMap((core): [string, GlobalRole][] => [
    [`${core}.multiarray.scalar`, 'scalar'],
    [`${core}.multiarray._reconstruct`, 'reconstruct'],
    [`${core}.numeric._frombuffer`, 'frombuffer'],
  ]),
]);

/** The role of `module.name`, or undefined when the global is not allow-listed. */
export function roleOfGlobal(module: string, name: string): GlobalRole | undefined {
  return ALLOWED.get(`${module}.${name}`);
}

/** Fails with a message; supplied by the VM so errors carry the file and byte offset. */
export type Fail = (detail: string) => never;

/** Parses a numpy type string ('i8', '<f4', '|u1', 'b1') into a Dtype, refusing object, string and big-endian types. */
export function parseDtype(text: unknown, fail: Fail): Dtype {
  if (typeof text !== 'string') return fail(`numpy.dtype expects a type string, got ${typeof text}`);
  const match = /^([<>|=]?)([iufbO])(\d+)$/.exec(text);
  if (!match) return fail(`unsupported numpy dtype '${text}' (expected a little-endian int, uint, float or bool)`);
  const [, order, kind, size] = match;
  if (kind === 'O') return fail(`numpy object dtype '${text}' is not supported (arrays must be numeric)`);
  const itemSize = Number(size);
  const valid =
    kind === 'b' ? itemSize === 1 : kind === 'f' ? itemSize === 4 || itemSize === 8 : [1, 2, 4, 8].includes(itemSize);
  if (!valid) return fail(`unsupported numpy dtype '${text}'`);
  const dtype = new Dtype(kind as DtypeKind, itemSize);
  if (order === '>' && itemSize > 1) return fail(`big-endian numpy dtype '${text}' is not supported`);
  if (order === '<') dtype.byteOrder = '<';
  return dtype;
}

/** Applies a dtype's pickled BUILD state (version, byte order, subarray, names, fields, …). */
export function buildDtype(dtype: Dtype, state: unknown, fail: Fail): void {
  if (!Array.isArray(state) || state.length < 8) return fail('numpy dtype state must be a tuple of at least 8 items');
  const [, order, subarray, names, fields] = state as unknown[];
  if (subarray !== null || names !== null || fields !== null)
    return fail('structured or subarray numpy dtypes are not supported');
  if (order === '>' && dtype.itemSize > 1)
    return fail(`big-endian numpy dtype '>${dtype.kind}${dtype.itemSize}' is not supported`);
  if (order !== '<' && order !== '|')
    return fail(`unsupported numpy byte order ${JSON.stringify(order)} (expected '<' or '|')`);
  dtype.byteOrder = order;
}

/** Reads element `index` of a little-endian buffer as a JS value: number, bigint beyond ±2^53, or boolean. */
export function readScalar(source: Source, offset: number, dtype: Dtype): number | bigint | boolean {
  const view = source.view;
  switch (dtype.kind) {
    case 'b':
      return view.getUint8(offset) !== 0;
    case 'f':
      return dtype.itemSize === 8 ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
    case 'i':
      if (dtype.itemSize === 8) return toSafe(view.getBigInt64(offset, true));
      return dtype.itemSize === 4
        ? view.getInt32(offset, true)
        : dtype.itemSize === 2
          ? view.getInt16(offset, true)
          : view.getInt8(offset);
    case 'u':
      if (dtype.itemSize === 8) return toSafe(view.getBigUint64(offset, true));
      return dtype.itemSize === 4
        ? view.getUint32(offset, true)
        : dtype.itemSize === 2
          ? view.getUint16(offset, true)
          : view.getUint8(offset);
  }
}

function toSafe(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/** Checks a pickled shape tuple and returns it with the element count (throws beyond `maxElements`). */
export function parseShape(shape: unknown, maxElements: number, fail: Fail): { shape: number[]; size: number } {
  if (!Array.isArray(shape)) return fail('array shape must be a tuple');
  let size = 1;
  for (const d of shape as unknown[]) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return fail('array shape must hold non-negative ints');
    size *= d;
    if (size > maxElements)
      return fail(`array of shape (${(shape as number[]).join(', ')}) is larger than the rest of the file`);
  }
  return { shape: shape as number[], size };
}

/** Calls an allow-listed global with REDUCE arguments; returns the reconstructed value. */
export function callGlobal(callee: PyGlobal, role: GlobalRole, args: unknown, fail: Fail): unknown {
  if (!Array.isArray(args)) return fail(`arguments of ${callee.qualifiedName} must be a tuple`);
  const a = args as unknown[];
  switch (role) {
    case 'dtype':
      return parseDtype(a[0], fail);
    case 'scalar': {
      const [dtype, data] = a;
      if (!(dtype instanceof Dtype)) return fail('numpy scalar needs a dtype');
      if (!(data instanceof PyBytes) || data.length !== dtype.itemSize)
        return fail(`numpy scalar ${dtype.str} needs ${dtype.itemSize} bytes`);
      return readScalar(data.source, data.start, dtype);
    }
    case 'reconstruct':
      if (!(a[0] instanceof PyGlobal) || a[0].role !== 'ndarray')
        return fail('only numpy.ndarray can be reconstructed');
      return new PendingNdarray();
    case 'encode':
      return encodeLatin1(a[0], a[1], fail);
    case 'bytes':
      if (a.length !== 0) return fail('bytes() with arguments is not supported');
      return new PyBytes(new Source(new Uint8Array(0)), 0, 0);
    case 'frombuffer': {
      const [data, dtype, shape, order] = a;
      if (!(data instanceof PyBytes) || !(dtype instanceof Dtype)) return fail('_frombuffer needs bytes and a dtype');
      return toNdArray(data, dtype, shape, order === 'F', fail);
    }
    default:
      return fail(`${callee.qualifiedName} cannot be called`);
  }
}

/** Applies the BUILD state of `_reconstruct`: (version, shape, dtype, is_fortran, raw bytes). */
export function buildNdarray(state: unknown, fail: Fail): NdArray {
  if (!Array.isArray(state) || state.length !== 5) return fail('ndarray state must be a 5-tuple');
  const [, shape, dtype, fortran, data] = state as unknown[];
  if (!(dtype instanceof Dtype)) return fail('ndarray state needs a dtype');
  if (!(data instanceof PyBytes))
    return fail(data instanceof PyList ? 'object arrays are not supported' : 'ndarray state needs raw bytes');
  return toNdArray(data, dtype, shape, fortran === true, fail);
}

function toNdArray(data: PyBytes, dtype: Dtype, shape: unknown, fortran: boolean, fail: Fail): NdArray {
  const parsed = parseShape(shape, data.length / dtype.itemSize, fail);
  if (parsed.size * dtype.itemSize !== data.length)
    return fail(`array data has ${data.length} bytes, shape needs ${parsed.size * dtype.itemSize}`);
  return new NdArray(dtype, parsed.shape, fortran, data.source, data.start);
}

function encodeLatin1(text: unknown, encoding: unknown, fail: Fail): PyBytes {
  if (typeof text !== 'string' || encoding !== 'latin1')
    return fail("_codecs.encode is only allowed as encode(str, 'latin1')");
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return fail('_codecs.encode: character outside latin1');
    out[i] = code;
  }
  return new PyBytes(new Source(out), 0, out.length);
}

/** What the VM needs from a NumpyArrayWrapper BUILD state to read the inline array bytes. */
export interface WrapperLayout {
  readonly dtype: Dtype;
  readonly shape: unknown;
  readonly fortran: boolean;
  /** joblib ≥ 1.2: a padding-length byte and 0xFF padding precede the data. */
  readonly padded: boolean;
}

/** Validates a NumpyArrayWrapper state dict (subclass, shape, order, dtype, allow_mmap, alignment). */
export function parseWrapperState(wrapper: PendingWrapper, state: unknown, fail: Fail): WrapperLayout {
  void wrapper;
  if (!(state instanceof PyDict)) return fail('NumpyArrayWrapper state must be a dict');
  let subclass: unknown;
  let dtype: unknown;
  let order: unknown;
  let shape: unknown;
  let padded = false;
  const entries = state.entries;
  for (let i = 0; i < entries.length; i += 2) {
    const value = entries[i + 1];
    switch (entries[i]) {
      case 'subclass':
        subclass = value;
        break;
      case 'dtype':
        dtype = value;
        break;
      case 'order':
        order = value;
        break;
      case 'shape':
        shape = value;
        break;
      case 'numpy_array_alignment_bytes':
        padded = value !== null;
        break;
    }
  }
  if (!(subclass instanceof PyGlobal) || subclass.role !== 'ndarray') {
    return fail(
      `NumpyArrayWrapper subclass must be numpy.ndarray, got ${subclass instanceof PyGlobal ? subclass.qualifiedName : typeof subclass}`,
    );
  }
  if (!(dtype instanceof Dtype)) return fail('NumpyArrayWrapper needs a numeric dtype');
  if (order !== 'C' && order !== 'F') return fail("NumpyArrayWrapper order must be 'C' or 'F'");
  return { dtype, shape, fortran: order === 'F', padded: padded === true };
}
