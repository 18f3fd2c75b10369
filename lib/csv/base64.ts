/**
 * Standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding, no line breaks), as DuckDB's
 * `to_base64(BLOB)`, written straight into a byte buffer. Pure.
 */
const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Bytes the base64 of `length` bytes takes. */
export function base64Length(length: number): number {
  return 4 * Math.ceil(length / 3);
}

/** Writes the base64 of source[start … end) at `position`; returns the position after it. */
export function writeBase64(
  buffer: Uint8Array,
  position: number,
  source: Uint8Array,
  start: number,
  end: number,
): number {
  let pos = position;
  let i = start;
  for (; i + 3 <= end; i += 3) {
    const word = (source[i]! << 16) | (source[i + 1]! << 8) | source[i + 2]!;
    buffer[pos] = ALPHABET[word >>> 18]!;
    buffer[pos + 1] = ALPHABET[(word >>> 12) & 63]!;
    buffer[pos + 2] = ALPHABET[(word >>> 6) & 63]!;
    buffer[pos + 3] = ALPHABET[word & 63]!;
    pos += 4;
  }
  const left = end - i;
  if (left > 0) {
    const word = (source[i]! << 16) | (left === 2 ? source[i + 1]! << 8 : 0);
    buffer[pos] = ALPHABET[word >>> 18]!;
    buffer[pos + 1] = ALPHABET[(word >>> 12) & 63]!;
    buffer[pos + 2] = left === 2 ? ALPHABET[(word >>> 6) & 63]! : 61;
    buffer[pos + 3] = 61;
    pos += 4;
  }
  return pos;
}
