import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConvexHullScratch, convexHullArea, toConvexHull } from '@/lib/geometry/convex-hull';
import { anyIntRing, ellipseRing } from './shapes';

// Seeded so that CI runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240501 });

function cross(ox: number, oy: number, ax: number, ay: number, bx: number, by: number): number {
  return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
}

describe('convex hull (monotone chain)', () => {
  it('finds the hull of a concave ring', () => {
    const ring = Int32Array.of(0, 0, 4, 0, 4, 4, 2, 1, 0, 4);
    expect(Array.from(toConvexHull(ring, 0, 5))).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
    expect(convexHullArea(ring, 0, 5, new ConvexHullScratch())).toBe(16);
  });

  it('is the smallest strictly convex polygon of input vertices containing them all', () => {
    const scratch = new ConvexHullScratch();
    fc.assert(
      fc.property(anyIntRing, (ring) => {
        const n = ring.length / 2;
        const hull = toConvexHull(ring, 0, n);
        const k = hull.length / 2;
        const points = new Set(Array.from({ length: n }, (_, i) => `${ring[2 * i]},${ring[2 * i + 1]}`));
        for (let i = 0; i < k; i++) expect(points.has(`${hull[2 * i]},${hull[2 * i + 1]}`)).toBe(true);
        if (k >= 3) {
          for (let e = 0; e < k; e++) {
            const [ax, ay, bx, by] = [
              hull[2 * e]!,
              hull[2 * e + 1]!,
              hull[(2 * e + 2) % (2 * k)]!,
              hull[(2 * e + 3) % (2 * k)]!,
            ];
            const [cx, cy] = [hull[(2 * e + 4) % (2 * k)]!, hull[(2 * e + 5) % (2 * k)]!];
            expect(cross(ax, ay, bx, by, cx, cy)).toBeGreaterThan(0);
            for (let i = 0; i < n; i++)
              expect(cross(ax, ay, bx, by, ring[2 * i]!, ring[2 * i + 1]!)).toBeGreaterThanOrEqual(0);
          }
        }
        const area = convexHullArea(ring, 0, n, scratch);
        if (k < 3) expect(area).toBe(0);
        else expect(area).toBeGreaterThan(0);
      }),
    );
  });

  it('reuses its scratch buffers across rings of any size', () => {
    const scratch = new ConvexHullScratch();
    const big = ellipseRing(100, 60, 0.2, 500);
    const small = Float64Array.of(0, 0, 1, 0, 0, 1);
    expect(convexHullArea(big, 0, 500, scratch)).toBeCloseTo(Math.PI * 100 * 60, -2);
    expect(convexHullArea(small, 0, 3, scratch)).toBe(0.5);
    const buffer = scratch.ringX;
    convexHullArea(big, 0, 500, scratch);
    expect(scratch.ringX).toBe(buffer);
  });
});
