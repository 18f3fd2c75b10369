import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binEdges, binIndex, NUCLEUS_FEATURE_BINS } from '@/lib/registry';
import { neighbourStatistics, NEAREST_SEARCH_LIMIT_UM, NEIGHBOUR_RADIUS_UM } from '@/pipelines/ingest/neighbours';
import { binOfSpec } from '@/pipelines/ingest/nuclei-cube';

describe('binOfSpec', () => {
  it('equals the binary-search binIndex for every feature, on edges and between them (property)', () => {
    for (const spec of Object.values(NUCLEUS_FEATURE_BINS)) {
      const edges = binEdges(spec);
      for (const edge of edges)
        for (const v of [edge, Math.fround(edge), edge * (1 + 1e-15), edge * (1 - 1e-15)])
          expect(binOfSpec(spec, edges, v)).toBe(binIndex(edges, v));
      for (const v of [-Infinity, Infinity, 0, -1, 1e30, -1e30, Number.MIN_VALUE])
        expect(binOfSpec(spec, edges, v)).toBe(binIndex(edges, v));
      fc.assert(
        fc.property(fc.float({ noNaN: true }), (v) => {
          expect(binOfSpec(spec, edges, v)).toBe(binIndex(edges, v));
        }),
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
