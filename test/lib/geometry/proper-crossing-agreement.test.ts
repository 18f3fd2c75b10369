/**
 * `hasProperCrossing` must keep giving exactly the answers of its previous implementation (still
 * there as `hasProperCrossingExact`) on every ring, since it decides which contours ingest drops:
 * the one-pass monotone proof may only skip the exact tests where they would have found nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasProperCrossing, hasProperCrossingExact } from '@/lib/geometry/proper-crossing';
import { ringsFromTop, type Point } from './shapes';

// Seeded so that runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240917 });

/** Rings that go down from their first vertex along both chains, as the fast path expects. */
const ringFromTop = ringsFromTop({ upward: false });

/** Both implementations on `points` placed after `padding` unrelated vertices of one Int32Array. */
function answers(points: readonly Point[], padding = 0): { actual: boolean; expected: boolean } {
  const coords = Int32Array.from([...Array<number>(2 * padding).fill(-3), ...points.flat()]);
  const end = padding + points.length;
  return {
    actual: hasProperCrossing(coords, padding, end),
    expected: hasProperCrossingExact(coords, padding, end),
  };
}

/** Any ring on a small grid: mostly neither monotone nor simple. */
const anyRing = fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })), {
  minLength: 4,
  maxLength: 16,
});

describe('hasProperCrossing agrees with its previous implementation', () => {
  it('on rings going down from their first vertex (property)', () => {
    fc.assert(
      fc.property(ringFromTop, fc.integer({ min: 0, max: 2 }), (points, padding) => {
        const { actual, expected } = answers(points, padding);
        expect(actual).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('on the same rings started at another vertex, mirrored or turned upside down (property)', () => {
    fc.assert(
      fc.property(
        ringFromTop,
        fc.nat(),
        fc.constantFrom<(p: Point) => Point>(
          ([x, y]) => [-x, y],
          ([x, y]) => [x, -y],
          ([x, y]) => [y, x],
        ),
        (points, shift, transform) => {
          const start = shift % points.length;
          const rotated = [...points.slice(start), ...points.slice(0, start)].map(transform);
          const { actual, expected } = answers(rotated);
          expect(actual).toBe(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('on arbitrary small rings (property)', () => {
    fc.assert(
      fc.property(anyRing, (points) => {
        const { actual, expected } = answers(points);
        expect(actual).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it('on rings scaled and moved towards the int32 limits, where products are no longer exact (property)', () => {
    fc.assert(
      fc.property(
        ringFromTop,
        fc.constantFrom(1, 3, 1 << 20, (1 << 22) + 1, 1 << 24),
        fc.constantFrom(0, (1 << 25) - 40, -(1 << 25) + 40, 1 << 25, 1 << 30, -(1 << 30)),
        fc.constantFrom(0, (1 << 25) - 40, -(1 << 25), 1 << 29),
        (points, scale, offsetX, offsetY) => {
          const moved = points.map(([x, y]): Point => [x * scale + offsetX, y * scale + offsetY]);
          const { actual, expected } = answers(moved);
          expect(actual).toBe(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('generates rings with and without crossings, most of them apart enough for the fast path', () => {
    const samples = fc.sample(ringFromTop, { numRuns: 2_000, seed: 7 });
    const crossing = samples.filter((points) => answers(points).expected).length;
    expect(crossing).toBeGreaterThan(200);
    expect(crossing).toBeLessThan(1_800);
  });

  it('on hand-made monotone bowties, pinches and overlaps', () => {
    const cases: [string, Point[], boolean][] = [
      ['chains swap sides between rows', [[2, 0], [0, 2], [4, 4], [2, 6], [0, 4], [4, 2]], true],
      ['an edge crosses a level edge of the other chain', [[0, 0], [0, 2], [4, 2], [4, 4], [2, 5], [2, 3], [2, 1]], true],
      ['chains touch at a shared vertex (pinch)', [[2, 0], [0, 2], [2, 3], [0, 5], [2, 6], [4, 5], [2, 3], [4, 2]], false],
      ['chains share a vertical edge', [[2, 0], [0, 2], [2, 3], [2, 5], [0, 7], [2, 8], [4, 7], [2, 5], [2, 3], [4, 2]], false],
      ['chains cross exactly at a vertex of one of them', [[2, 0], [0, 2], [4, 4], [2, 5], [0, 4], [2, 3], [4, 2]], false],
      ['level top and bottom, duplicate vertex', [[0, 0], [3, 0], [3, 0], [4, 2], [3, 4], [0, 4], [-1, 2]], false],
    ]; // prettier-ignore
    for (const [name, points, crosses] of cases) {
      const { actual, expected } = answers(points);
      expect({ name, crosses: expected }).toEqual({ name, crosses });
      expect({ name, crosses: actual }).toEqual({ name, crosses });
    }
  });
});
