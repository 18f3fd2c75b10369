/**
 * Streams one numeric variable of a MAT v5 file to a consumer chunk by chunk, inflating a
 * compressed element incrementally: a 767 MB float32 tissue map never exists in memory at once.
 */
import { createInflate } from 'node:zlib';
import {
  checkMatHeader,
  inflateLimit,
  MI_COMPRESSED,
  MI_MATRIX,
  readMatrixHeader,
  readTag,
  type MatClass,
  type MatData,
  type MatReadOptions,
  type Tag,
  type TypedArrayConstructor,
} from './mat-v5';
import { ReadError } from './read-error';

/** Receives a variable's values in MATLAB's column-major order, converted to its class. */
export interface MatValueSink {
  /** Called once, before any values, with the dimensions as MATLAB states them (rows, cols, …). */
  begin(dims: readonly number[], className: MatClass): void;
  /** The next values; the array is only valid during the call. */
  values(chunk: MatData): void;
}

/** Inflated bytes per chunk: large enough to amortise the per-chunk round trip, small enough to stay in cache. */
const CHUNK_BYTES = 1 << 20;
/** Inflated bytes gathered before parsing a compressed matrix's header (names ≤ 63 chars, ≤ 32 dims). */
const HEADER_BYTES = 4096;

/** Splits a byte stream into aligned typed arrays of the stored type, converted to the class type. */
class ValueCutter {
  private readonly size: number;
  private readonly carry: Uint8Array;
  private carried = 0;
  private remaining: number;

  constructor(
    private readonly stored: TypedArrayConstructor,
    private readonly classArray: TypedArrayConstructor,
    nbytes: number,
    private readonly sink: MatValueSink,
  ) {
    this.size = stored.BYTES_PER_ELEMENT;
    this.carry = new Uint8Array(this.size);
    this.remaining = nbytes;
  }

  /** True once every byte of the variable has been delivered. */
  get done(): boolean {
    return this.remaining === 0;
  }

  push(bytes: Uint8Array): void {
    let part = bytes.subarray(0, Math.min(bytes.length, this.remaining));
    this.remaining -= part.length;
    if (this.carried > 0) {
      const take = Math.min(this.size - this.carried, part.length);
      this.carry.set(part.subarray(0, take), this.carried);
      this.carried += take;
      part = part.subarray(take);
      if (this.carried === this.size) {
        this.emit(this.carry.slice());
        this.carried = 0;
      }
    }
    const whole = part.length - (part.length % this.size);
    if (whole > 0) this.emit(part.subarray(0, whole));
    this.carry.set(part.subarray(whole), 0);
    this.carried += part.length - whole;
  }

  private emit(bytes: Uint8Array): void {
    const n = bytes.length / this.size;
    const aligned = (bytes.byteOffset % this.size === 0 ? bytes : new Uint8Array(bytes)) as Uint8Array<ArrayBuffer>;
    const values = new (this.stored as unknown as new (b: ArrayBuffer, o: number, l: number) => MatData)(
      aligned.buffer,
      aligned.byteOffset,
      n,
    );
    this.sink.values(this.stored === this.classArray ? values : this.classArray.from(values));
  }
}

/** Inflates `compressed`, calling `onChunk` per inflated chunk until it returns true (stop) or the data ends. */
function inflateChunks(
  compressed: Uint8Array,
  limit: number,
  file: string,
  offset: number,
  onChunk: (chunk: Uint8Array) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflater = createInflate({ chunkSize: CHUNK_BYTES });
    let total = 0;
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      inflater.removeAllListeners('data');
      inflater.destroy();
      if (error === undefined) resolve();
      else reject(error instanceof ReadError ? error : new ReadError(file, String(error), { offset }));
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > limit)
        return settle(
          new ReadError(file, `compressed element inflates to more than ${limit} bytes (limit)`, { offset }),
        );
      try {
        if (onChunk(chunk)) settle();
      } catch (error) {
        settle(error);
      }
    });
    inflater.on('error', (error: Error) =>
      settle(new ReadError(file, `corrupt zlib data in compressed element: ${error.message}`, { offset })),
    );
    inflater.on('end', () => settle());
    inflater.end(compressed);
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Streams the matrix inside one compressed element if it is `name`; returns whether it was. */
async function streamCompressed(
  compressed: Uint8Array,
  offset: number,
  file: string,
  name: string,
  limit: number,
  sink: MatValueSink,
): Promise<boolean> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let cutter: ValueCutter | undefined;
  let skipped = false;
  const start = (bytes: Uint8Array, complete: boolean): void => {
    // The prefix stands in for the whole element: tags may point past it (checked when it ends).
    const end = complete ? bytes.length : Number.MAX_SAFE_INTEGER;
    const tag = readTag(bytes, 0, end, file);
    if (tag.type !== MI_MATRIX || tag.nbytes === 0) {
      skipped = true;
      return;
    }
    const { header } = readMatrixHeader(bytes, tag, tag.data + tag.nbytes, file, new Set([name]));
    if (header === undefined) {
      skipped = true;
      return;
    }
    if (header.realTag.data > bytes.length)
      throw new ReadError(file, `truncated: the header of '${name}' is cut short`, { offset });
    sink.begin(header.dims, header.className);
    cutter = new ValueCutter(header.stored, header.classArray, header.realTag.nbytes, sink);
    cutter.push(bytes.subarray(header.realTag.data));
  };
  await inflateChunks(compressed, limit, file, offset, (chunk) => {
    if (cutter === undefined) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < HEADER_BYTES) return false;
      start(concat(head), false);
      if (skipped) return true;
    } else cutter.push(chunk);
    return cutter?.done === true;
  });
  if (cutter === undefined && !skipped && headBytes > 0) start(concat(head), true);
  if (skipped || cutter === undefined) return false;
  if (!cutter.done)
    throw new ReadError(file, `truncated: compressed element ends before the values of '${name}'`, { offset });
  return true;
}

/**
 * Finds the numeric variable `name` in the MAT v5 `bytes` and streams its values (column-major)
 * to `sink`; returns false when the file has no such variable. Errors are ReadErrors naming `file`.
 */
export async function streamMatV5Variable(
  bytes: Uint8Array,
  file: string,
  name: string,
  sink: MatValueSink,
  options: Pick<MatReadOptions, 'maxInflatedBytes'> = {},
): Promise<boolean> {
  checkMatHeader(bytes, file);
  const limit = inflateLimit(options);
  let offset = 128;
  while (offset < bytes.length) {
    const tag: Tag = readTag(bytes, offset, bytes.length, file);
    if (tag.type === MI_COMPRESSED) {
      const compressed = bytes.subarray(tag.data, tag.data + tag.nbytes);
      if (await streamCompressed(compressed, offset, file, name, limit, sink)) return true;
    } else if (tag.type === MI_MATRIX && tag.nbytes > 0) {
      const { header } = readMatrixHeader(bytes, tag, tag.data + tag.nbytes, file, new Set([name]));
      if (header !== undefined) {
        sink.begin(header.dims, header.className);
        const cutter = new ValueCutter(header.stored, header.classArray, header.realTag.nbytes, sink);
        const dataEnd = header.realTag.data + header.realTag.nbytes;
        for (let at = header.realTag.data; at < dataEnd; at += CHUNK_BYTES)
          cutter.push(bytes.subarray(at, Math.min(dataEnd, at + CHUNK_BYTES)));
        return true;
      }
    }
    offset = tag.data + tag.nbytes;
  }
  return false;
}
