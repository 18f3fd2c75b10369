import 'server-only';
import type { NumericArray } from '../../arrow/arrow-columns';
import { contourAnchor, decodeContour } from '../../contract/contour-codec';

/** Decodes contour blobs into one flat list: interleaved x,y in µm (slide frame) with vertex-pair offsets per object. */
export function decodeContourList(
  blobs: readonly Uint8Array[],
  x: NumericArray,
  y: NumericArray,
  unit: NumericArray,
): { offsets: Int32Array; values: Float32Array } {
  const rings: Int32Array[] = [];
  const offsets = new Int32Array(blobs.length + 1);
  for (let i = 0; i < blobs.length; i++) {
    const u = unit[i] as number;
    const ring = decodeContour(blobs[i] as Uint8Array, contourAnchor(x[i] as number, y[i] as number, u));
    rings.push(ring);
    offsets[i + 1] = (offsets[i] as number) + ring.length;
  }
  const values = new Float32Array(offsets[blobs.length] as number);
  rings.forEach((ring, i) => {
    const u = unit[i] as number;
    const start = offsets[i] as number;
    for (let k = 0; k < ring.length; k++) values[start + k] = (ring[k] as number) * u;
  });
  return { offsets, values };
}
