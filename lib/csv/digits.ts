/**
 * Decimal integers written straight into a byte buffer (ASCII), as DuckDB prints TINYINT … UINTEGER
 * in CSV: plain digits, a leading '-' for negatives, no grouping, no '+'. Pure, no allocation.
 */

/** ASCII digit pairs 00…99 as little-endian 16-bit words (for DataView stores). */
const PAIRS = new Uint16Array(100);
for (let i = 0; i < 100; i += 1) PAIRS[i] = (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8);
/** ASCII digit quads 0000…9999 as little-endian 32-bit words. */
const QUADS = new Uint32Array(10000);
for (let i = 0; i < 10000; i += 1) QUADS[i] = (PAIRS[Math.floor(i / 100)]! | (PAIRS[i % 100]! << 16)) >>> 0;

let viewBuffer: Uint8Array | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));
/** A DataView of `buffer`, cached for the last buffer seen (formatting writes one buffer at a time). */
function viewOf(buffer: Uint8Array): DataView {
  if (buffer !== viewBuffer) {
    viewBuffer = buffer;
    view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  return view;
}

/** Number of decimal digits of `value` (0 ≤ value < 2^31). */
export function digitCount(value: number): number {
  if (value < 100000) {
    if (value < 100) return value < 10 ? 1 : 2;
    return value < 1000 ? 3 : value < 10000 ? 4 : 5;
  }
  if (value < 10000000) return value < 1000000 ? 6 : 7;
  return value < 100000000 ? 8 : value < 1000000000 ? 9 : 10;
}

/** Writes the last `count` digits of `value` (< 2^31; zero-padded) so that they end just before `end`. */
export function writeDigits(buffer: Uint8Array, end: number, value: number, count: number): void {
  const data = viewOf(buffer);
  let position = end;
  let rest = value;
  let left = count;
  while (left >= 4) {
    const quotient = (rest / 10000) | 0;
    position -= 4;
    data.setUint32(position, QUADS[rest - quotient * 10000]!, true);
    rest = quotient;
    left -= 4;
  }
  if (left >= 2) {
    const quotient = (rest / 100) | 0;
    position -= 2;
    data.setUint16(position, PAIRS[rest - quotient * 100]!, true);
    rest = quotient;
    left -= 2;
  }
  if (left === 1) buffer[position - 1] = 48 + rest;
}

/** Writes a non-negative safe integer at `position`; returns the position after it. */
export function writeUint(buffer: Uint8Array, position: number, value: number): number {
  if (value < 2147483648) {
    const count = digitCount(value);
    writeDigits(buffer, position + count, value, count);
    return position + count;
  }
  const text = String(value);
  for (let i = 0; i < text.length; i += 1) buffer[position + i] = text.charCodeAt(i);
  return position + text.length;
}

/** Writes a safe integer at `position` ('-' then digits when negative); returns the position after it. */
export function writeInt(buffer: Uint8Array, position: number, value: number): number {
  if (value < 0) {
    buffer[position] = 45;
    return writeUint(buffer, position + 1, -value);
  }
  return writeUint(buffer, position, value);
}
