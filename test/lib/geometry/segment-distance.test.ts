import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceToRingBoundaryUm, signedDistanceToRingUm } from '@/lib/geometry/segment-distance';
import { starRing } from './shapes';

// Seeded so that CI runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240501 });

// A 10 × 10 unit square at 0.5 µm per unit: 5 µm side, offset by 100 units.
const SQUARE = Int32Array.of(100, 100, 110, 100, 110, 110, 100, 110);

/** Distance to the boundary sampled densely along every edge, an upper bound within half a step. */
function sampledDistance(ring: Int32Array, x: number, y: number, steps: number): number {
  const n = ring.length / 2;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const px = ring[2 * i]! + t * (ring[2 * j]! - ring[2 * i]!);
      const py = ring[2 * i + 1]! + t * (ring[2 * j + 1]! - ring[2 * i + 1]!);
      best = Math.min(best, Math.hypot(px - x, py - y));
    }
  }
  return best;
}

describe('distanceToRingBoundaryUm', () => {
  it('measures to edges and corners in µm', () => {
    expect(distanceToRingBoundaryUm(SQUARE, 0, 4, 0.5, 51, 52)).toBeCloseTo(1, 12); // inside, nearest edge x = 50 µm
    expect(distanceToRingBoundaryUm(SQUARE, 0, 4, 0.5, 58, 59)).toBeCloseTo(5, 12); // outside, nearest corner (55, 55)
    expect(distanceToRingBoundaryUm(SQUARE, 0, 4, 0.5, 52.5, 50)).toBe(0);
    expect(distanceToRingBoundaryUm(SQUARE, 0, 0, 0.5, 0, 0)).toBe(Infinity);
  });

  it('signs the distance: negative inside, positive outside', () => {
    expect(signedDistanceToRingUm(SQUARE, 0, 4, 0.5, 51, 52)).toBeCloseTo(-1, 12);
    expect(signedDistanceToRingUm(SQUARE, 0, 4, 0.5, 58, 59)).toBeCloseTo(5, 12);
  });

  it('matches a dense sampling of the boundary', () => {
    fc.assert(
      fc.property(
        starRing,
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        (ring, dx, dy) => {
          const [x, y] = [ring[0]! + dx, ring[1]! + dy];
          const distance = distanceToRingBoundaryUm(ring, 0, ring.length / 2, 1, x, y);
          const sampled = sampledDistance(ring, x, y, 400);
          expect(distance).toBeLessThanOrEqual(sampled + 1e-9);
          // Edges are at most 120 units long, so samples are ≤ 0.3 units apart.
          expect(distance).toBeGreaterThanOrEqual(sampled - 0.25);
        },
      ),
      { numRuns: 200 },
    );
  });
});
