import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binEdges, binIndex, NUCLEUS_FEATURE_BINS } from '@/lib/registry';
import { neighbourStatistics, NEAREST_SEARCH_LIMIT_UM, NEIGHBOUR_RADIUS_UM } from '@/pipelines/ingest/neighbours';
import { Float32Binner } from '@/pipelines/ingest/nuclei-cube';

/** The float32 just above (+1) or below (−1) `v` (a float32). */
function nextFloat32(v: number, direction: 1 | -1): number {
  const f = new Float32Array([v]);
  const u = new Uint32Array(f.buffer);
  if (v === 0) return direction * 2 ** -149;
  u[0] = u[0]! + (v > 0 === (direction === 1) ? 1 : -1);
  return f[0]!;
}

describe('Float32Binner', () => {
  it('equals the binary-search binIndex for every feature on float32 values: edges, their neighbours, extremes (property)', () => {
    for (const spec of Object.values(NUCLEUS_FEATURE_BINS)) {
      const edges = binEdges(spec);
      const binner = new Float32Binner(edges);
      const check = (v: number): void => {
        const f = Math.fround(v);
        expect(binner.binOf(f), `${spec.lo}…${spec.hi} at ${f}`).toBe(binIndex(edges, f));
      };
      for (const edge of edges) {
        const f = Math.fround(edge);
        for (const v of [f, nextFloat32(f, 1), nextFloat32(f, -1), edge * (1 + 1e-7), edge * (1 - 1e-7)]) check(v);
      }
      for (const v of [-Infinity, Infinity, 0, -0, -1, 1e30, -1e30, 2 ** -149, -(2 ** -149), 3.4e38, -3.4e38]) check(v);
      fc.assert(
        fc.property(fc.float({ noNaN: true }), (v) => {
          check(v);
        }),
        { numRuns: 2000 },
      );
    }
  });
});

/** Brute-force nearest distance (float32, NaN beyond the limit) and 50 µm count of each point. */
function bruteNeighbours(points: readonly (readonly [number, number])[]): { nn: number[]; within: number[] } {
  const nn: number[] = [];
  const within: number[] = [];
  points.forEach(([px, py], i) => {
    let best = Infinity;
    let count = 0;
    points.forEach(([qx, qy], j) => {
      if (i === j) return;
      const dx = qx - px, dy = qy - py; // prettier-ignore
      const d2 = dx * dx + dy * dy;
      if (d2 <= NEIGHBOUR_RADIUS_UM ** 2) count++;
      best = Math.min(best, d2);
    });
    nn.push(best <= NEAREST_SEARCH_LIMIT_UM ** 2 ? Math.fround(Math.sqrt(best)) : NaN);
    within.push(count);
  });
  return { nn, within };
}

/** Asserts neighbourStatistics equals the brute force on `points`, element by element. */
function expectBruteForce(points: readonly (readonly [number, number])[]): void {
  const x = Float64Array.from(points, (p) => p[0]);
  const y = Float64Array.from(points, (p) => p[1]);
  const { nnDistance, neighbours } = neighbourStatistics(points.length, x, y);
  const expected = bruteNeighbours(points);
  // Report only the first differing point: diffing whole arrays makes shrinking crawl.
  const bad = points.findIndex(
    (_, i) => neighbours[i] !== expected.within[i] || !Object.is(nnDistance[i], expected.nn[i]),
  );
  if (bad >= 0)
    expect([points[bad], neighbours[bad], nnDistance[bad]]).toEqual([
      points[bad],
      expected.within[bad],
      expected.nn[bad],
    ]);
}

describe('neighbourStatistics', () => {
  it('matches the brute-force nearest distance and 50 µm count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 900, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true })), {
          minLength: 1,
          maxLength: 120,
        }),
        (points) => {
          // Duplicates and exact-radius pairs (east, south, and 30-40-50 diagonal) are the edge
          // cases of the pairwise pass.
          const [px, py] = points[0]!;
          const r = NEIGHBOUR_RADIUS_UM;
          expectBruteForce([...points, [px, py], [px + r, py], [px, py + r], [px + 30, py + 40]]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('matches the brute force on a 5 µm lattice, where many pairs are exactly 50 µm apart or coincide (property)', () => {
    const lattice = fc.integer({ min: 0, max: 40 }).map((v) => v * 5);
    fc.assert(
      fc.property(fc.array(fc.tuple(lattice, lattice), { minLength: 1, maxLength: 150 }), (points) => {
        expectBruteForce(points);
      }),
      { numRuns: 200 },
    );
  });

  it('matches the brute force on dense clusters in any input order, whatever the seeding neighbours (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 120, noNaN: true }), fc.double({ min: 0, max: 120, noNaN: true })), {
          minLength: 2,
          maxLength: 250,
        }),
        (points) => {
          expectBruteForce(points);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('matches the brute force on sparse points, including nearest neighbours beyond one cell and beyond the search limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: 0, max: 1500, noNaN: true })),
          { minLength: 1, maxLength: 25 },
        ),
        (points) => {
          expectBruteForce(points);
        },
      ),
      { numRuns: 300 },
    );
  });
});
