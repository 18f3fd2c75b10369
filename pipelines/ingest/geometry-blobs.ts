/**
 * Encodes object contours as GeoParquet geometry (lib/contract/geoparquet.ts): one little-endian
 * ISO WKB Polygon per object, a single ring closed by repeating its first vertex, x and y in µm.
 */
import { LENGTH_BYTES, writeBlobLength, type PackedBlobs } from './packed-blobs';

const WKB_POLYGON = 3;
/** Byte order, geometry type, ring count, point count. */
const HEADER_BYTES = 1 + 4 + 4 + 4;

/**
 * WKB polygons of `count` rings (ring i = vertices start[i] .. end[i]-1 of the interleaved integer
 * `coords`, in units of `unitUm` µm), as packed blobs (./packed-blobs.ts) in ring order.
 */
export function encodeWkbPolygons(
  coords: Int32Array,
  start: Uint32Array,
  end: Uint32Array,
  unitUm: number,
  count: number,
): PackedBlobs {
  let total = 0;
  for (let i = 0; i < count; i++) total += LENGTH_BYTES + HEADER_BYTES + 16 * (end[i]! - start[i]! + 1);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const blobStart = new Uint32Array(count);
  const blobEnd = new Uint32Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const first = start[i]!;
    const stop = end[i]!;
    writeBlobLength(bytes, offset, HEADER_BYTES + 16 * (stop - first + 1));
    offset += LENGTH_BYTES;
    blobStart[i] = offset;
    bytes[offset] = 1;
    view.setUint32(offset + 1, WKB_POLYGON, true);
    view.setUint32(offset + 5, 1, true);
    view.setUint32(offset + 9, stop - first + 1, true);
    offset += HEADER_BYTES;
    for (let v = first; v <= stop; v++) {
      const k = v < stop ? v : first;
      view.setFloat64(offset, coords[2 * k]! * unitUm, true);
      view.setFloat64(offset + 8, coords[2 * k + 1]! * unitUm, true);
      offset += 16;
    }
    blobEnd[i] = offset;
  }
  return { bytes, start: blobStart, end: blobEnd };
}
