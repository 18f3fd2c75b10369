/**
 * Shared vocabulary of `lib/geometry`: a ring is the vertex range `first .. end-1` of an
 * interleaved x,y coordinate array (open ring, first vertex not repeated, any orientation),
 * in coordinate units of `unitUm` µm, slide frame with x right and y down.
 */

/** Interleaved x,y vertex coordinates in coordinate units (integers from readers, floats in tests). */
export type RingCoords = Int32Array | Float64Array;

/** Axis-aligned bounding box, in the unit stated where it is used. */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Bounding box of the ring's vertices, coordinate units; `undefined` for an empty range. */
export function ringBounds(coords: RingCoords, first: number, end: number): Bounds | undefined {
  if (end <= first) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = first; i < end; i++) {
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Perimeter of the closed ring (sum of its edge lengths including the closing edge), coordinate units. */
export function ringPerimeter(coords: RingCoords, first: number, end: number): number {
  if (end - first < 2) return 0;
  let px = coords[2 * (end - 1)]!;
  let py = coords[2 * (end - 1) + 1]!;
  let sum = 0;
  for (let i = first; i < end; i++) {
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    sum += Math.hypot(x - px, y - py);
    px = x;
    py = y;
  }
  return sum;
}
