/**
 * Encodes the contour column of an object table (docs/data-model.md, "Contours") into packed blobs
 * (./packed-blobs.ts): per ring the bytes of `encodeContour` of lib/contract/contour-codec.ts,
 * without a view object or an anchor pair allocated per contour.
 */
import { writeVarint } from '../../lib/contract/contour-codec';
import { LENGTH_BYTES, writeBlobLength, type PackedBlobs } from './packed-blobs';

/** Writes any integer-valued `value` as a zig-zag LEB128 varint; returns the offset after it. */
function writeVarintAny(out: Uint8Array, offset: number, value: number): number {
  if (value >= -64 && value < 64) {
    out[offset] = value >= 0 ? value * 2 : -value * 2 - 1;
    return offset + 1;
  }
  return writeVarint(out, offset, value);
}

/**
 * Contour blobs of `count` rings (ring i = vertices start[i] .. end[i]-1 of the integer `coords`,
 * contour units of `unitUm` µm) anchored at the floor of the stored float32 centroid (µm) / unit,
 * in row order. Reading the rings in row (Morton) order costs a cache miss per ring, less than
 * gathering blobs written in memory order afterwards.
 */
export function encodeContourBlobs(
  coords: Int32Array,
  start: Uint32Array,
  end: Uint32Array,
  xUm: Float32Array,
  yUm: Float32Array,
  unitUm: number,
  count: number,
): PackedBlobs {
  let vertices = 0;
  for (let i = 0; i < count; i++) vertices += end[i]! - start[i]!;
  // Deltas of neighbouring vertices take one byte each in practice; the buffer grows otherwise.
  let bytes = new Uint8Array(Math.max(64, 2 * vertices + (LENGTH_BYTES + 4) * count + 64));
  const blobStart = new Uint32Array(count);
  const blobEnd = new Uint32Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const first = start[i]!;
    const stop = end[i]!;
    // A 32-bit delta takes at most 5 varint bytes.
    if (bytes.length - offset < (stop - first) * 10 + LENGTH_BYTES) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, offset + (stop - first) * 10 + LENGTH_BYTES));
      grown.set(bytes.subarray(0, offset));
      bytes = grown;
    }
    offset += LENGTH_BYTES;
    blobStart[i] = offset;
    // The first vertex is relative to the anchor (any double); the rest are int32 deltas.
    offset = writeVarintAny(bytes, offset, coords[2 * first]! - Math.floor(xUm[i]! / unitUm));
    offset = writeVarintAny(bytes, offset, coords[2 * first + 1]! - Math.floor(yUm[i]! / unitUm));
    let previousX = coords[2 * first]! | 0;
    let previousY = coords[2 * first + 1]! | 0;
    for (let o = 2 * first + 2, end2 = 2 * stop; o < end2; o += 2) {
      const x = coords[o]! | 0;
      const y = coords[o + 1]! | 0;
      const dx = x - previousX;
      const dy = y - previousY;
      // |delta| < 64 is one zig-zag byte: (d << 1) ^ (d >> 31) on a small int.
      if (dx >= -64 && dx < 64) bytes[offset++] = (dx << 1) ^ (dx >> 31);
      else offset = writeVarint(bytes, offset, dx);
      if (dy >= -64 && dy < 64) bytes[offset++] = (dy << 1) ^ (dy >> 31);
      else offset = writeVarint(bytes, offset, dy);
      previousX = x;
      previousY = y;
    }
    blobEnd[i] = offset;
    writeBlobLength(bytes, blobStart[i]! - LENGTH_BYTES, offset - blobStart[i]!);
  }
  return { bytes: bytes.subarray(0, offset), start: blobStart, end: blobEnd };
}
