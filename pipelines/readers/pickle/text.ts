/** Byte-level decoders the pickle VM needs: UTF-8 strings and little-endian two's-complement integers. */
import type { Buffer } from 'node:buffer';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes start..end-1 as UTF-8; undefined when invalid (Python would refuse it too). */
export function decodeUtf8(bytes: Buffer, start: number, end: number): string | undefined {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (end - start <= 12) {
      let text = '';
      for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
      return text;
    }
    return bytes.toString('latin1', start, end);
  }
  try {
    return strictUtf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
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
