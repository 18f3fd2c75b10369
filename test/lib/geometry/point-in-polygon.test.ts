import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPointInRing, locatePointInRing } from '@/lib/geometry/point-in-polygon';
import { isSimplePolygon } from '@/lib/geometry/simple-polygon';
import { reverseRing, starRing } from './shapes';

// Seeded so that CI runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240501 });

// A U shape in 0.5 µm units: the notch x ∈ (2, 4) for y ∈ [0, 4) is outside.
const U = Int32Array.of(0, 0, 2, 0, 2, 4, 4, 4, 4, 0, 6, 0, 6, 6, 0, 6);
const inU = (xUm: number, yUm: number): boolean => isPointInRing(U, 0, 8, 0.5, xUm, yUm);

/** Winding number by summed angles, independent of the crossing rule. */
function windingNumber(ring: Int32Array, x: number, y: number): number {
  let total = 0;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const a = Math.atan2(ring[2 * i + 1]! - y, ring[2 * i]! - x);
    const b = Math.atan2(ring[2 * j + 1]! - y, ring[2 * j]! - x);
    let d = b - a;
    if (d > Math.PI) d -= 2 * Math.PI;
    if (d < -Math.PI) d += 2 * Math.PI;
    total += d;
  }
  return Math.round(total / (2 * Math.PI));
}

describe('isPointInRing', () => {
  it('handles a concave ring with the point given in µm', () => {
    expect(inU(0.5, 0.5)).toBe(true);
    expect(inU(1.5, 0.5)).toBe(false); // in the notch
    expect(inU(1.5, 2.5)).toBe(true); // below the notch (y down)
    expect(inU(2.5, 2.9)).toBe(true);
    expect(inU(3.5, 1)).toBe(false);
    expect(inU(-0.1, 1)).toBe(false);
  });

  it('puts a point on an edge shared by a tiling into exactly one tile', () => {
    // A 3 × 3 grid of unit squares (coordinates 0–3, unit 1 µm), both orientations mixed.
    const tiles = Array.from({ length: 9 }, (_, t) => {
      const [x, y] = [t % 3, Math.floor(t / 3)];
      const square = Int32Array.of(x, y, x + 1, y, x + 1, y + 1, x, y + 1);
      return t % 2 === 0 ? square : reverseRing(square);
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 11 }), (i, j) => {
        const [x, y] = [i / 4, j / 4];
        const hits = tiles.filter((tile) => isPointInRing(tile, 0, 4, 1, x, y)).length;
        expect(hits).toBe(1);
      }),
    );
  });

  it('agrees with the winding number of simple rings away from the boundary', () => {
    fc.assert(
      fc.property(
        starRing,
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (ring, u, v) => {
          const n = ring.length / 2;
          const [cx, cy] = [ring[0]! - 30 * u, ring[1]! - 30 * v];
          fc.pre(isSimplePolygon(ring, 0, n) && locatePointInRing(ring, 0, n, 1, cx, cy, 1e-6) !== 'boundary');
          expect(isPointInRing(ring, 0, n, 1, cx, cy)).toBe(windingNumber(ring, cx, cy) !== 0);
        },
      ),
    );
  });
});

describe('locatePointInRing', () => {
  it('reports boundary points, with a tolerance in µm', () => {
    expect(locatePointInRing(U, 0, 8, 0.5, 1, 1)).toBe('boundary'); // on x = 2 units
    expect(locatePointInRing(U, 0, 8, 0.5, 3, 3)).toBe('boundary'); // corner
    expect(locatePointInRing(U, 0, 8, 0.5, 1.05, 1)).toBe('outside');
    expect(locatePointInRing(U, 0, 8, 0.5, 1.05, 1, 0.1)).toBe('boundary');
    expect(locatePointInRing(U, 0, 8, 0.5, 0.5, 0.5)).toBe('inside');
  });
});
