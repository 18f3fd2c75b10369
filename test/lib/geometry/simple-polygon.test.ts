import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doSegmentsIntersect, isSimplePolygon } from '@/lib/geometry/simple-polygon';
import { anyIntRing, ellipseRing, starRing } from './shapes';

// Seeded so that CI runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240501 });

const simple = (values: number[]): boolean => isSimplePolygon(Int32Array.from(values), 0, values.length / 2);

/** Brute force over all edge pairs, written independently of the sweep. */
function isSimpleBruteForce(ring: Int32Array): boolean {
  const points: [number, number][] = [];
  for (let i = 0; i < ring.length; i += 2) {
    const last = points[points.length - 1];
    if (!last || last[0] !== ring[i] || last[1] !== ring[i + 1]) points.push([ring[i]!, ring[i + 1]!]);
  }
  while (
    points.length > 1 &&
    points[0]![0] === points[points.length - 1]![0] &&
    points[0]![1] === points[points.length - 1]![1]
  )
    points.pop();
  const m = points.length;
  if (m < 3) return false;
  const at = (i: number): [number, number] => points[i % m]!;
  const onSegment = (p: [number, number], a: [number, number], b: [number, number]): boolean =>
    doSegmentsIntersect(p[0], p[1], p[0], p[1], a[0], a[1], b[0], b[1]);
  for (let e = 0; e < m; e++) {
    for (let f = e + 1; f < m; f++) {
      const adjacentAfter = f === e + 1 ? e : e === 0 && f === m - 1 ? f : -1;
      if (adjacentAfter >= 0) {
        // Edges p0p1 and p1p2 share p1; they overlap beyond it when p0 or p2 lies on the other edge.
        const [p0, p1, p2] = [at(adjacentAfter), at(adjacentAfter + 1), at(adjacentAfter + 2)];
        if (m > 2 && (onSegment(p0, p1, p2) || onSegment(p2, p0, p1))) return false;
        continue;
      }
      const [a, b, c, d] = [at(e), at(e + 1), at(f), at(f + 1)];
      if (doSegmentsIntersect(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1])) return false;
    }
  }
  return true;
}

describe('doSegmentsIntersect', () => {
  it('detects crossings, touchings and collinear overlaps, and nothing else', () => {
    const hit = (...v: [number, number, number, number, number, number, number, number]): boolean =>
      doSegmentsIntersect(...v);
    expect(hit(0, 0, 4, 4, 0, 4, 4, 0)).toBe(true); // cross
    expect(hit(0, 0, 4, 0, 4, 0, 6, 3)).toBe(true); // shared endpoint
    expect(hit(0, 0, 4, 0, 2, 0, 2, 5)).toBe(true); // T junction
    expect(hit(0, 0, 4, 0, 3, 0, 8, 0)).toBe(true); // collinear overlap
    expect(hit(0, 0, 4, 0, 5, 0, 8, 0)).toBe(false); // collinear, apart
    expect(hit(0, 0, 4, 0, 0, 1, 4, 1)).toBe(false); // parallel
    expect(hit(0, 0, 4, 0, 5, -1, 5, 1)).toBe(false); // would cross the extension only
  });
});

describe('isSimplePolygon', () => {
  it('accepts simple rings and rejects crossings, touchings, spikes and collinear rings', () => {
    expect(simple([0, 0, 4, 0, 4, 4, 0, 4])).toBe(true);
    expect(simple([0, 0, 4, 0, 0, 4])).toBe(true);
    expect(simple([0, 0, 0, 0, 4, 0, 4, 4, 4, 4, 0, 4, 0, 0])).toBe(true);
    expect(simple([0, 0, 4, 4, 4, 0, 0, 4])).toBe(false); // bow tie
    expect(simple([0, 0, 2, 2, 4, 0, 4, 4, 2, 2, 0, 4])).toBe(false); // touches itself at (2, 2)
    expect(simple([0, 0, 4, 0, 4, 4, 2, 4, 2, 6, 2, 4, 0, 4])).toBe(false); // spike out and back
    expect(simple([0, 0, 4, 0, 2, 0])).toBe(false);
    expect(simple([0, 0, 4, 0])).toBe(false);
    expect(simple([0, 0, 4, 0, 4, 4, 2, 0, 0, 4])).toBe(false); // vertex on an edge
  });

  it('accepts star-shaped float rings', () => {
    expect(isSimplePolygon(ellipseRing(50, 20, 0.4, 400), 0, 400)).toBe(true);
  });

  it('agrees with a brute-force check on arbitrary and star-shaped integer rings', () => {
    fc.assert(
      fc.property(fc.oneof(anyIntRing, starRing), (ring) => {
        expect(isSimplePolygon(ring, 0, ring.length / 2)).toBe(isSimpleBruteForce(ring));
      }),
      { numRuns: 500 },
    );
  });
});
