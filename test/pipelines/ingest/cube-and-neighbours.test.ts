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

describe('neighbourStatistics', () => {
  it('matches the brute-force nearest distance and 50 µm count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 900, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true })), {
          minLength: 1,
          maxLength: 120,
        }),
        (points) => {
          // Duplicates and exact-radius pairs are the edge cases of the pairwise pass.
          points.push(points[0]!, [points[0]![0] + NEIGHBOUR_RADIUS_UM, points[0]![1]]);
          const x = Float64Array.from(points, (p) => p[0]);
          const y = Float64Array.from(points, (p) => p[1]);
          const { nnDistance, neighbours } = neighbourStatistics(points.length, x, y);
          points.forEach(([px, py], i) => {
            let best = Infinity;
            let within = 0;
            points.forEach(([qx, qy], j) => {
              if (i === j) return;
              const d2 = (qx - px) ** 2 + (qy - py) ** 2;
              if (d2 <= NEIGHBOUR_RADIUS_UM ** 2) within++;
              best = Math.min(best, d2);
            });
            expect(neighbours[i]).toBe(within);
            expect(nnDistance[i]).toBe(best <= NEAREST_SEARCH_LIMIT_UM ** 2 ? Math.fround(Math.sqrt(best)) : NaN);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
