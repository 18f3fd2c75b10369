/**
 * Many blobs in one buffer, laid out exactly as Parquet's PLAIN encoding of BYTE_ARRAY values: in
 * row order, each blob preceded by its length (4 bytes, little-endian), with nothing between them.
 * The encoders (contours, WKB geometry) write this layout as they go, so the staging Parquet file
 * (./staging-parquet.ts) takes any run of rows as one slice of `bytes`, without a copy.
 */

/** Blob i is bytes[start[i] .. end[i]-1]; its length sits in the 4 bytes before start[i]. */
export interface PackedBlobs {
  readonly bytes: Uint8Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
}

/** Bytes of the length before each blob. */
export const LENGTH_BYTES = 4;

/** Writes `length` as the 4-byte little-endian prefix at `offset`. */
export function writeBlobLength(bytes: Uint8Array, offset: number, length: number): void {
  bytes[offset] = length & 0xff;
  bytes[offset + 1] = (length >>> 8) & 0xff;
  bytes[offset + 2] = (length >>> 16) & 0xff;
  bytes[offset + 3] = length >>> 24;
}

/**
 * The PLAIN BYTE_ARRAY values of rows [first, last) as one view of `blobs.bytes`; throws when the
 * blobs are not in the layout above (a bug in an encoder, never silently written).
 */
export function plainBlobRange(blobs: PackedBlobs, first: number, last: number, column: string): Uint8Array {
  const { bytes, start, end } = blobs;
  if (last <= first) return bytes.subarray(0, 0);
  for (let i = first; i < last; i++) {
    const at = start[i]! - LENGTH_BYTES;
    const length = end[i]! - start[i]!;
    const prefix = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    if (at < 0 || length < 0 || prefix !== length || (i > first && at !== end[i - 1]!))
      throw new Error(`${column}: packed blob ${i} is not in the PLAIN layout (a bug in its encoder)`);
  }
  return bytes.subarray(start[first]! - LENGTH_BYTES, end[last - 1]!);
}
