/**
 * The JS values a pickle decodes to. Python None/bool/int/float/str map to null/boolean/number
 * (bigint beyond ±2^53)/number/string; tuples are plain arrays; everything else is a small class.
 * Bytes and array payloads are views (offsets) into the decoded file buffer, never copies.
 */
import { Buffer } from 'node:buffer';
import type { GlobalRole } from './numpy';

/** The decoded file: its bytes plus one DataView shared by every array that points into it. */
export class Source {
  readonly bytes: Buffer;
  readonly view: DataView;
  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** Python `bytes`/`bytearray`: bytes start..end-1 of `source`. */
export class PyBytes {
  constructor(
    readonly source: Source,
    readonly start: number,
    readonly end: number,
  ) {}
  get length(): number {
    return this.end - this.start;
  }
}

/** Python `list` (tuples are plain frozen-by-convention arrays, so APPEND can tell them apart). */
export class PyList {
  constructor(readonly items: unknown[]) {}
}

const NO_ENTRIES: unknown[] = [];

/**
 * Python `dict` as a flat [key0, value0, key1, value1, …] array: small records stay compact.
 * Later duplicates win on `get`, as in Python; `memoSlot` lets the VM drop a consumed dict from the memo.
 */
export class PyDict {
  /** Starts as a shared empty array: the VM replaces it (never pushes into it) on the first SETITEMS. */
  entries: unknown[] = NO_ENTRIES;
  memoSlot = -1;
  get size(): number {
    return this.entries.length >> 1;
  }
  get(key: string): unknown {
    const e = this.entries;
    for (let i = e.length - 2; i >= 0; i -= 2) if (e[i] === key) return e[i + 1];
    return undefined;
  }
  has(key: string): boolean {
    const e = this.entries;
    for (let i = e.length - 2; i >= 0; i -= 2) if (e[i] === key) return true;
    return false;
  }
}

/** An allow-listed Python global (module + qualified name), e.g. numpy.core.multiarray._reconstruct, with its role. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly role: GlobalRole,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** Scalar numpy dtype kinds the reader supports: signed/unsigned int, float, bool. */
export type DtypeKind = 'i' | 'u' | 'f' | 'b';

/** A numpy dtype; `byteOrder` starts native ('=') and is fixed by the pickled BUILD state. */
export class Dtype {
  byteOrder: '<' | '>' | '|' | '=' = '=';
  constructor(
    readonly kind: DtypeKind,
    readonly itemSize: number,
  ) {}
  /** numpy's `dtype.str`, e.g. '<i8', '|u1'. */
  get str(): string {
    const order = this.itemSize === 1 ? '|' : this.byteOrder === '=' ? '<' : this.byteOrder;
    return `${order}${this.kind}${this.itemSize}`;
  }
}

/**
 * A numpy array whose elements live in `source` from `byteOffset`, little-endian, C order
 * unless `fortran`. `shape` is in elements per axis.
 */
export class NdArray {
  constructor(
    readonly dtype: Dtype,
    readonly shape: readonly number[],
    readonly fortran: boolean,
    readonly source: Source,
    readonly byteOffset: number,
  ) {}
  /** Number of elements (product of `shape`; 1 for a 0-d array). */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }
}

/** A `joblib.numpy_pickle.NumpyArrayWrapper` between NEWOBJ and its BUILD. */
export class PendingWrapper {
  memoSlot = -1;
}

/** An ndarray from `numpy.core.multiarray._reconstruct` between REDUCE and its BUILD. */
export class PendingNdarray {}

/** Marks a memo slot whose object was consumed (wrapper state, revived record): a later GET is refused. */
export const CONSUMED: unique symbol = Symbol('consumed');

/** A short, non-recursive description of a decoded value for error messages, e.g. "int", "ndarray <i8 (3, 2)". */
export function describeValue(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int or float' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return `tuple of ${value.length}`;
  if (value instanceof PyList) return `list of ${value.items.length}`;
  if (value instanceof PyDict) return `dict of ${value.size}`;
  if (value instanceof PyBytes) return `bytes of ${value.length}`;
  if (value instanceof NdArray) return `ndarray ${value.dtype.str} (${value.shape.join(', ')})`;
  if (value instanceof Dtype) return `dtype ${value.str}`;
  if (value instanceof PyGlobal) return `global ${value.qualifiedName}`;
  return 'object';
}
