import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasProperCrossing } from '../../../lib/geometry/proper-crossing';
import { isSimplePolygon } from '../../../lib/geometry/simple-polygon';

const ring = (...xy: number[]): Int32Array => Int32Array.from(xy);

describe('hasProperCrossing', () => {
  it('finds a figure-eight and accepts simple, convex and pinched rings', () => {
    expect(hasProperCrossing(ring(0, 0, 4, 4, 4, 0, 0, 4), 0, 4)).toBe(true);
    expect(hasProperCrossing(ring(0, 0, 4, 0, 4, 4, 0, 4), 0, 4)).toBe(false);
    expect(hasProperCrossing(ring(0, 0, 2, 0, 2, 2, 0, 2), 0, 4)).toBe(false);
    // Pinched: the ring touches itself at (2, 2) — valid area, not a crossing.
    expect(hasProperCrossing(ring(0, 0, 2, 2, 4, 0, 4, 4, 2, 2, 0, 4), 0, 6)).toBe(false);
    expect(hasProperCrossing(ring(0, 0, 1, 0, 1, 1), 0, 3)).toBe(false);
  });

  it('agrees with the exhaustive simple-polygon test whenever that test finds no contact at all (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 4,
          maxLength: 12,
        }),
        (points) => {
          const coords = Int32Array.from(points.flat());
          if (isSimplePolygon(coords, 0, points.length))
            expect(hasProperCrossing(coords, 0, points.length)).toBe(false);
        },
      ),
    );
  });

  it('gives the same answer on integer rings (row sweep) as on the same rings as floats (pairwise) (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 4,
          maxLength: 48,
        }),
        fc.integer({ min: 0, max: 3 }),
        (points, offset) => {
          const flat = [...Array<number>(2 * offset).fill(7), ...points.flat()];
          const end = offset + points.length;
          expect(hasProperCrossing(Int32Array.from(flat), offset, end)).toBe(
            hasProperCrossing(Float64Array.from(flat), offset, end),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('checks a vertex range inside a larger array', () => {
    const coords = ring(9, 9, 0, 0, 4, 4, 4, 0, 0, 4, 9, 9);
    expect(hasProperCrossing(coords, 1, 5)).toBe(true);
  });
});

describe('hasProperCrossing on long rings (sweep path)', () => {
  it('finds a crossing in a 200-vertex ring and none in a 200-gon', () => {
    const n = 200;
    const polygon = Int32Array.from({ length: 2 * n }, (_, k) =>
      Math.round(1000 + 900 * (k % 2 === 0 ? Math.cos((Math.PI * k) / n) : Math.sin((Math.PI * (k - 1)) / n))),
    );
    expect(hasProperCrossing(polygon, 0, n)).toBe(false);
    const crossed = polygon.slice();
    [crossed[20], crossed[21], crossed[220], crossed[221]] = [crossed[220]!, crossed[221]!, crossed[20]!, crossed[21]!];
    expect(hasProperCrossing(crossed, 0, n)).toBe(true);
  });
});

describe('hasProperCrossing star-shaped fast path', () => {
  it('does not let a ring that winds twice around its centre pass as simple', () => {
    // A pentagram: every edge turns the same way around the centre, but it winds twice and crosses itself.
    const star = Int32Array.from([0, 100, 59, -81, -95, 31, 95, 31, -59, -81]);
    expect(hasProperCrossing(star, 0, 5)).toBe(true);
  });
});
