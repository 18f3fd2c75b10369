import type { RingCoords } from './ring';

/** Sign of the turn a → b → c: > 0 counter-clockwise in maths axes, 0 collinear (exact for integer |coords| < 2^24). */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when c, known collinear with segment ab, lies within its bounding box (so on the segment). */
function isWithin(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** True when closed segments ab and cd share at least one point. */
export function doSegmentsIntersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = Math.sign(orient(ax, ay, bx, by, cx, cy));
  const o2 = Math.sign(orient(ax, ay, bx, by, dx, dy));
  const o3 = Math.sign(orient(cx, cy, dx, dy, ax, ay));
  const o4 = Math.sign(orient(cx, cy, dx, dy, bx, by));
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && isWithin(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && isWithin(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && isWithin(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && isWithin(cx, cy, dx, dy, bx, by))
  );
}

/**
 * True when the ring `first .. end-1` (coordinate units, open, any orientation) is a simple
 * polygon: after dropping consecutive repeated vertices it has ≥ 3 vertices, non-adjacent edges
 * share no point and adjacent edges share only their common vertex (no spikes folding back).
 * A sweep over edges sorted by min x keeps it near O(n log n) for contours; worst case O(n²).
 */
export function isSimplePolygon(coords: RingCoords, first: number, end: number): boolean {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = first; i < end; i++) {
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (xs.length > 0 && xs[xs.length - 1] === x && ys[ys.length - 1] === y) continue;
    xs.push(x);
    ys.push(y);
  }
  while (xs.length > 1 && xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1]) {
    xs.pop();
    ys.pop();
  }
  const m = xs.length;
  if (m < 3) return false;
  const ax = (e: number): number => xs[e]!;
  const ay = (e: number): number => ys[e]!;
  const bx = (e: number): number => xs[(e + 1) % m]!;
  const by = (e: number): number => ys[(e + 1) % m]!;
  for (let e = 0; e < m; e++) {
    const n = (e + 1) % m;
    // Adjacent edges meet at vertex n; they overlap beyond it only if collinear and folding back.
    const turn = orient(ax(e), ay(e), bx(e), by(e), bx(n), by(n));
    const dot = (bx(e) - ax(e)) * (bx(n) - ax(n)) + (by(e) - ay(e)) * (by(n) - ay(n));
    if (turn === 0 && dot < 0) return false;
  }
  if (m === 3) return true;
  const order = Array.from({ length: m }, (_, e) => e).sort((p, q) => Math.min(ax(p), bx(p)) - Math.min(ax(q), bx(q)));
  const active: number[] = [];
  for (const e of order) {
    const minX = Math.min(ax(e), bx(e));
    let kept = 0;
    for (const f of active) {
      if (Math.max(ax(f), bx(f)) < minX) continue;
      active[kept++] = f;
      const adjacent = (f + 1) % m === e || (e + 1) % m === f;
      if (adjacent) continue;
      if (Math.max(ay(e), by(e)) < Math.min(ay(f), by(f)) || Math.max(ay(f), by(f)) < Math.min(ay(e), by(e))) continue;
      if (doSegmentsIntersect(ax(e), ay(e), bx(e), by(e), ax(f), ay(f), bx(f), by(f))) return false;
    }
    active.length = kept;
    active.push(e);
  }
  return true;
}
