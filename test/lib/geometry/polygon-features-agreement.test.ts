/**
 * `measurePolygon` must keep giving bit for bit the features of its previous implementation (kept
 * in ./polygon-features-reference.ts) on every ring, since they go straight into the Parquet
 * output: the linear-time hull of rings walked from the top may only replace the general one
 * where every feature, convex area and solidity included, stays the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaOfHull,
  buildLoadedHull,
  ConvexHullScratch,
  convexHullArea,
  EXACT_HULL_SPAN,
} from '@/lib/geometry/convex-hull';
import { computePolygonFeatures, type PolygonFeatureResult } from '@/lib/geometry/polygon-features';
import { computePolygonFeaturesReference } from './polygon-features-reference';
import { anyIntRing, ringsFromTop, type Point } from './shapes';

// Seeded so that runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20241003 });

const ringFromTop = ringsFromTop({ upward: true });

/** Both implementations' results on `points` placed after `padding` unrelated vertices of one array. */
function results(
  points: readonly Point[],
  padding = 0,
  toCoords: (values: number[]) => Int32Array | Float64Array = (values) => Int32Array.from(values),
): { actual: PolygonFeatureResult; expected: PolygonFeatureResult } {
  const coords = toCoords([...Array<number>(2 * padding).fill(-3), ...points.flat()]);
  const end = padding + points.length;
  return {
    actual: computePolygonFeatures(coords, padding, end, 0.2528),
    expected: computePolygonFeaturesReference(coords, padding, end, 0.2528),
  };
}

/** The result as [name, IEEE-754 bit pattern] pairs, so that comparing them compares every bit. */
function toBits(result: PolygonFeatureResult): [string, string][] {
  const values = result.kind === 'polygon' ? result.features : { perimeterUm: result.perimeterUm };
  const label = result.kind === 'polygon' ? result.kind : result.reason;
  return [
    ['kind', label],
    ...Object.entries(values).map(([key, value]): [string, string] => [
      key,
      new BigUint64Array(Float64Array.of(value).buffer)[0]!.toString(16),
    ]),
  ];
}

/** Asserts bit-identical results of both implementations: same kind, reason and feature bits. */
function expectSameResults(points: readonly Point[], padding = 0, toCoords?: (values: number[]) => Float64Array): void {
  const { actual, expected } = results(points, padding, toCoords);
  expect(toBits(actual)).toEqual(toBits(expected));
}

/** True when the ring's y, walked on from its first topmost vertex back to it, goes down and then up only (cv2 rings). */
function isDownThenUp(points: readonly Point[], top: number): boolean {
  let up = false;
  for (let i = 0; i < points.length; i++) {
    const dy = points[(top + i + 1) % points.length]![1] - points[(top + i) % points.length]![1];
    if (dy < 0) up = true;
    else if (dy > 0 && up) return false;
  }
  return true;
}

/** The ring's vertices relative to its first one in `scratch.ringX/ringY`, as `measurePolygon` loads them; returns the topmost index. */
function loadPoints(points: readonly Point[], scratch: ConvexHullScratch): number {
  const n = points.length;
  scratch.reserve(n);
  const [x0, y0] = points[0]!;
  let top = 0;
  points.forEach(([x, y], i) => {
    scratch.ringX[i] = x - x0;
    scratch.ringY[i] = y - y0;
    if (y < points[top]![1]) top = i;
  });
  return top;
}

describe('measurePolygon agrees bit for bit with its previous implementation', () => {
  it('on rings going down from their first vertex (property)', () => {
    fc.assert(
      fc.property(ringFromTop, fc.integer({ min: 0, max: 2 }), (points, padding) => expectSameResults(points, padding)),
      { numRuns: 20_000 },
    );
  });

  it('on the same rings started at another vertex, reversed, mirrored or turned (property)', () => {
    fc.assert(
      fc.property(
        ringFromTop,
        fc.nat(),
        fc.boolean(),
        fc.constantFrom<(p: Point) => Point>(
          ([x, y]) => [x, y],
          ([x, y]) => [-x, y],
          ([x, y]) => [x, -y],
          ([x, y]) => [y, x],
        ),
        (points, shift, reverse, transform) => {
          const start = shift % points.length;
          const rotated = [...points.slice(start), ...points.slice(0, start)].map(transform);
          expectSameResults(reverse ? rotated.reverse() : rotated);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('on arbitrary small integer rings (property)', () => {
    fc.assert(
      fc.property(anyIntRing, (ring) => {
        const points = Array.from({ length: ring.length / 2 }, (_, i): Point => [ring[2 * i]!, ring[2 * i + 1]!]);
        expectSameResults(points);
      }),
      { numRuns: 10_000 },
    );
  });

  it('on rings scaled and moved up to and past the exact span and the int32 limits (property)', () => {
    fc.assert(
      fc.property(
        ringFromTop,
        fc.constantFrom(1, 3, (1 << 19) + 1, 1 << 20, (1 << 21) - 1, (1 << 22) + 1, (1 << 23) - 3, 1 << 24),
        fc.constantFrom(0, 1 << 25, -(1 << 30), (1 << 30) + 12345),
        fc.constantFrom(0, -(1 << 25), 1 << 29),
        (points, scale, offsetX, offsetY) => {
          expectSameResults(points.map(([x, y]): Point => [x * scale + offsetX, y * scale + offsetY]));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('on float rings, which keep the general hull (property)', () => {
    fc.assert(
      fc.property(ringFromTop, fc.constantFrom(0.1, 0.5, 1 / 3, 7.25), (points, scale) => {
        expectSameResults(points, 0, (values) => Float64Array.from(values, (v) => v * scale + 1e4 / 3));
      }),
      { numRuns: 5_000 },
    );
  });

  it('on hand-made rings: flat top and bottom, spikes, pinches, a single row', () => {
    const rings: Point[][] = [
      [[0, 0], [4, 0], [6, 2], [6, 5], [3, 7], [0, 7], [-2, 4], [-2, 2]], // prettier-ignore
      [[0, 0], [1, 1], [1, 1], [5, 1], [5, 3], [1, 3], [1, 1], [0, 1]], // prettier-ignore
      [[0, 0], [3, 3], [6, 0], [6, 6], [3, 3], [0, 6]], // prettier-ignore
      [[0, 0], [9, 0], [3, 0], [5, 0]], // prettier-ignore
      [[0, 0], [2, 2], [4, 4], [2, 2]], // prettier-ignore
      [[0, 0], [1, 2], [0, 4], [2, 4], [3, 2], [2, 0], [1, 0]], // prettier-ignore
    ];
    for (const ring of rings) expectSameResults(ring);
  });
});

describe('buildLoadedHull on rings walked from a topmost vertex', () => {
  it('takes the linear-time path (hull starting in the top row) and gives the previous hull area (property)', () => {
    const scratch = new ConvexHullScratch();
    fc.assert(
      fc.property(ringFromTop, fc.nat(), (points, shift) => {
        const start = shift % points.length;
        const rotated = [...points.slice(start), ...points.slice(0, start)];
        const n = rotated.length;
        const top = loadPoints(rotated, scratch);
        const k = buildLoadedHull(n, top, true, scratch);
        const coords = Int32Array.from(rotated.flat());
        expect(areaOfHull(k, scratch)).toBe(convexHullArea(coords, 0, n, new ConvexHullScratch()));
        // The general hull starts at the leftmost vertex, the row-wise one in the top row.
        if (isDownThenUp(rotated, top)) expect(scratch.hullY[0]).toBe(scratch.ringY[top]);
      }),
      { numRuns: 10_000 },
    );
  });

  it('is tested on rings it takes, most with the leftmost vertex below the top row (where the general hull starts)', () => {
    const samples = fc.sample(ringFromTop, { numRuns: 2_000, seed: 7 });
    const scratch = new ConvexHullScratch();
    const taken = samples.filter((points) => isDownThenUp(points, loadPoints(points, scratch)));
    const telling = taken.filter((points) => {
      const leftmost = points.reduce((best, p) => (p[0] < best[0] || (p[0] === best[0] && p[1] < best[1]) ? p : best));
      return leftmost[1] > Math.min(...points.map(([, y]) => y));
    });
    expect(taken.length).toBeGreaterThan(1_000);
    expect(telling.length).toBeGreaterThan(taken.length / 2);
  });

  it('keeps its spans exact: the bound leaves every cross product and shoelace sum below 2^53', () => {
    expect(2 * EXACT_HULL_SPAN ** 2).toBeLessThanOrEqual(2 ** 53);
  });
});
