/** Byte-level decoders the pickle VM needs: UTF-8 strings and little-endian two's-complement integers. */
import { Buffer } from 'node:buffer';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's Buffer#latin1Slice (what toString('latin1') calls after its argument handling), when present. */
const latin1Slice = (Buffer.prototype as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;

/**
 * Decodes bytes start..end-1 as UTF-8; undefined when invalid (Python would refuse it too).
 * `view` (over the same bytes) lets the ASCII check read 4 bytes at a time.
 */
export function decodeUtf8(bytes: Buffer, start: number, end: number, view?: DataView): string | undefined {
  let high = 0;
  let i = start;
  if (view !== undefined) for (; i + 4 <= end; i += 4) high |= view.getInt32(i, true);
  for (; i < end; i++) high |= bytes[i]!;
  if ((high & 0x8080_8080) === 0) {
    if (end - start <= 12) {
      let text = '';
      for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
      return text;
    }
    return latin1Slice !== undefined ? latin1Slice.call(bytes, start, end) : bytes.toString('latin1', start, end);
  }
  try {
    return strictUtf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Most bytes KeyBatchDecoder joins into one string; longer batches are decoded key by key. */
const MAX_BATCH_BYTES = 1 << 22;

/**
 * Decodes many short strings of one pickle at once (the id keys of a record batch): when all are ASCII,
 * their bytes are gathered into one scratch buffer, decoded by one call and cut with `substring`, which
 * is several times cheaper than one native call per key; otherwise each is decoded by decodeUtf8.
 */
export class KeyBatchDecoder {
  private scratch = Buffer.allocUnsafeSlow(1 << 16);
  private scratchView = new DataView(this.scratch.buffer, this.scratch.byteOffset, this.scratch.length);

  /**
   * Sets out[i] to bytes starts[i]..starts[i]+lengths[i]-1 of `bytes` as UTF-8, for i < count;
   * false when one is not valid UTF-8 (out is then partly written).
   */
  decode(
    bytes: Buffer,
    view: DataView,
    starts: Uint32Array,
    lengths: Uint32Array,
    count: number,
    out: string[],
  ): boolean {
    let total = 0;
    for (let i = 0; i < count; i++) total += lengths[i]!;
    if (total > MAX_BATCH_BYTES || latin1Slice === undefined)
      return decodeEach(bytes, view, starts, lengths, count, out);
    if (total > this.scratch.length) {
      this.scratch = Buffer.allocUnsafeSlow(Math.max(total, 2 * this.scratch.length));
      this.scratchView = new DataView(this.scratch.buffer, this.scratch.byteOffset, this.scratch.length);
    }
    const scratch = this.scratch;
    const scratchView = this.scratchView;
    let high = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      const start = starts[i]!;
      const end = start + lengths[i]!;
      let k = start;
      for (; k + 4 <= end; k += 4, at += 4) {
        const word = view.getInt32(k, true);
        high |= word;
        scratchView.setInt32(at, word, true);
      }
      for (; k < end; k++, at++) {
        const byte = bytes[k]!;
        high |= byte;
        scratch[at] = byte;
      }
    }
    if ((high & 0x8080_8080) !== 0) return decodeEach(bytes, view, starts, lengths, count, out);
    const text = latin1Slice.call(scratch, 0, total);
    at = 0;
    for (let i = 0; i < count; i++) {
      const length = lengths[i]!;
      out[i] = text.substring(at, at + length);
      at += length;
    }
    return true;
  }
}

function decodeEach(
  bytes: Buffer,
  view: DataView,
  starts: Uint32Array,
  lengths: Uint32Array,
  count: number,
  out: string[],
): boolean {
  for (let i = 0; i < count; i++) {
    const text = decodeUtf8(bytes, starts[i]!, starts[i]! + lengths[i]!, view);
    if (text === undefined) return false;
    out[i] = text;
  }
  return true;
}

/** Decodes a LONG1/LONG4 payload: `length` bytes, little-endian two's complement; bigint beyond ±2^53. */
export function decodeLong(bytes: Uint8Array, start: number, length: number): number | bigint {
  if (length === 0) return 0;
  if (length <= 6) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[start + i]!;
    return bytes[start + length - 1]! >= 0x80 ? value - 2 ** (8 * length) : value;
  }
  let hex = '';
  for (let i = length - 1; i >= 0; i--) hex += bytes[start + i]!.toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (bytes[start + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}
