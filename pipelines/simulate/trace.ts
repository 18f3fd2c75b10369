/**
 * Outer-border tracing of a binary mask the way OpenCV's `findContours(RETR_EXTERNAL,
 * CHAIN_APPROX_SIMPLE)` does it (border following of the outer boundary, then dropping the middle points
 * of horizontal, vertical and diagonal runs), so simulated outlines look like segmentation output.
 */

// 8-neighbourhood, counter-clockwise on screen (x right, y down): E, NE, N, NW, W, SW, S, SE.
const DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;
// Direction index of the offset (dx, dy), indexed by (dy + 1) * 3 + (dx + 1); the centre is unused.
const DIRECTION = [3, 2, 1, 4, -1, 0, 5, 6, 7] as const;

/** A traced mask: open ring of integer pixel vertices (x, y interleaved, mask frame) and pixel moments. */
export interface TracedMask {
  /** Interleaved x, y vertices in mask pixels; open ring. */
  readonly ring: number[];
  /** Number of foreground pixels. */
  readonly area: number;
  /** Mean x and y of foreground pixel coordinates (image moments m10/m00, m01/m00). */
  readonly meanX: number;
  readonly meanY: number;
  /** Bounding box of the foreground, max exclusive, mask pixels. */
  readonly box: readonly [number, number, number, number];
}

/** Traces the outer border of the first 8-connected component of `mask` (w × h, row-major, non-zero = on). */
export function traceMask(mask: Uint8Array, w: number, h: number): TracedMask | undefined {
  let area = 0;
  let sumX = 0;
  let sumY = 0;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  let start = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x] === 0) continue;
      if (start < 0) start = y * w + x;
      area++;
      sumX += x;
      sumY += y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (start < 0) return undefined;
  const ring = followBorder(mask, w, h, start % w, Math.floor(start / w));
  return { ring, area, meanX: sumX / area, meanY: sumY / area, box: [x0, y0, x1 + 1, y1 + 1] };
}

function on(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < w && y < h && mask[y * w + x] !== 0;
}

/** Moore-neighbour outer border (clockwise on screen) from the first raster pixel, chain-compressed. */
function followBorder(mask: Uint8Array, w: number, h: number, sx: number, sy: number): number[] {
  const points: number[] = [];
  let cx = sx;
  let cy = sy;
  let back = 4; // the west neighbour of the first raster pixel is background
  let second = -1;
  for (let guard = 0; guard < 4 * w * h + 8; guard++) {
    let found = -1;
    for (let k = 1; k <= 8; k++) {
      const d = (back - k + 16) % 8;
      if (on(mask, w, h, cx + DX[d]!, cy + DY[d]!)) {
        found = d;
        break;
      }
    }
    if (found < 0) return [sx, sy]; // isolated pixel
    const nx = cx + DX[found]!;
    const ny = cy + DY[found]!;
    const nextIndex = ny * w + nx;
    if (cx === sx && cy === sy) {
      if (second === nextIndex) break;
      if (second < 0) second = nextIndex;
    }
    points.push(cx, cy);
    // The last background position checked, seen from the new pixel, is the next backtrack.
    const bx = cx + DX[(found + 1) % 8]! - nx;
    const by = cy + DY[(found + 1) % 8]! - ny;
    back = DIRECTION[(by + 1) * 3 + (bx + 1)]!;
    cx = nx;
    cy = ny;
  }
  return compressChain(points);
}

/** Keeps the points where the chain direction changes (CHAIN_APPROX_SIMPLE), plus the start point. */
export function compressChain(points: readonly number[]): number[] {
  const n = points.length / 2;
  if (n <= 2) return [...points];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const prev = (i + n - 1) % n;
    const next = (i + 1) % n;
    const dx0 = points[2 * i]! - points[2 * prev]!;
    const dy0 = points[2 * i + 1]! - points[2 * prev + 1]!;
    const dx1 = points[2 * next]! - points[2 * i]!;
    const dy1 = points[2 * next + 1]! - points[2 * i + 1]!;
    if (i === 0 || dx0 !== dx1 || dy0 !== dy1) out.push(points[2 * i]!, points[2 * i + 1]!);
  }
  return out;
}
