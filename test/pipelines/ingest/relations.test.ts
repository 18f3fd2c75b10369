import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPointInRing } from '@/lib/geometry/point-in-polygon';
import { buildRingSegmentChunks, nearestRingEdgeSquared } from '@/lib/geometry/ring-segment-chunks';
import { buildRingSlabs, isPointInSlabRing } from '@/lib/geometry/ring-slabs';
import { distanceToRingBoundaryUm } from '@/lib/geometry/segment-distance';
import type { PreparedFeatures, PreparedObjects } from '@/pipelines/ingest/prepared-objects';
import { containingGland, indexGlands, lumenDistances } from '@/pipelines/ingest/relations';

// The fast structures must agree with the plain ring walks bit for bit, on the boundary too.
// Seeded so that runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20260611 });

type Vertex = [number, number];

/**
 * Integer rings (coordinate units) in a small box, so that shared vertex rows, horizontal and
 * collinear edges, repeated vertices and self-crossings are common; 0–2 vertex rings included.
 */
const ringArb = fc.array(fc.tuple(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -12, max: 12 })), {
  maxLength: 24,
});
/** Dyadic units keep µm ↔ unit conversions exact; 0.3 and 0.1 do not, and 7 spreads rings over grid cells. */
const unitArb = fc.constantFrom(1, 0.5, 0.25, 0.3, 0.1, 7);
const ringsArb = fc
  .array(fc.tuple(ringArb, fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rings) => rings.map(([ring, dx, dy]) => ring.map(([x, y]): Vertex => [x + dx, y + dy])));

/** Rings packed into one coordinate array, a stray vertex between rings so that reading past one shows. */
function packRings(rings: readonly Vertex[][]): { coords: Int32Array; ringStart: Uint32Array; ringEnd: Uint32Array } {
  const flat: number[] = [];
  const ringStart = new Uint32Array(rings.length);
  const ringEnd = new Uint32Array(rings.length);
  rings.forEach((ring, r) => {
    flat.push(1000, -1000);
    ringStart[r] = flat.length / 2;
    for (const [x, y] of ring) flat.push(x, y);
    ringEnd[r] = flat.length / 2;
  });
  return { coords: Int32Array.from(flat), ringStart, ringEnd };
}

/** Rings as prepared objects of `kind` (only the fields relations read are meaningful), bounds in µm. */
function toPrepared(kind: PreparedObjects['kind'], rings: readonly Vertex[][], unitUm: number): PreparedObjects {
  const { coords, ringStart, ringEnd } = packRings(rings);
  const count = rings.length;
  const bound = (pick: (xs: number[]) => number, axis: 0 | 1): Float64Array =>
    Float64Array.from(rings, (ring) => (ring.length ? pick(ring.map((v) => v[axis])) * unitUm : 0));
  return {
    kind,
    count,
    coordUnitUm: unitUm,
    sourceIds: rings.map((_, r) => `${kind}-${r}`),
    x: new Float64Array(count),
    y: new Float64Array(count),
    classId: new Int8Array(count),
    classProb: new Float32Array(count),
    ringStart,
    ringEnd,
    ringCoords: coords,
    minX: bound((xs) => Math.min(...xs), 0),
    minY: bound((ys) => Math.min(...ys), 1),
    maxX: bound((xs) => Math.max(...xs), 0),
    maxY: bound((ys) => Math.max(...ys), 1),
    features: {} as PreparedFeatures,
  };
}

/** The doubles just below and above v. */
function neighbours(v: number): [number, number] {
  const step = Math.max(Math.abs(v) * Number.EPSILON, Number.MIN_VALUE);
  return [v - step, v + step];
}

/**
 * Points (µm) where containment and distance are decided on a knife edge: every vertex, points on
 * every edge, on every vertex row left and right of the vertex, and the doubles around them; plus
 * `extra` points given in coordinate units.
 */
function probePoints(rings: readonly Vertex[][], unitUm: number, extra: readonly Vertex[]): Vertex[] {
  const out: Vertex[] = [];
  for (const ring of rings) {
    ring.forEach(([qx, qy], i) => {
      const [px, py] = ring[(i + ring.length - 1) % ring.length]!;
      out.push([qx, qy], [qx - 0.5, qy], [qx + 0.37, qy], [qx - 3, qy]);
      for (const t of [1 / 2, 1 / 3, 3 / 4]) out.push([px + t * (qx - px), py + t * (qy - py)]);
    });
  }
  out.push(...extra);
  const um = out.map(([x, y]): Vertex => [x * unitUm, y * unitUm]);
  for (const [x, y] of um.slice(0, 40)) {
    for (const v of neighbours(y)) um.push([x, v]);
    for (const u of neighbours(x)) um.push([u, y]);
  }
  return um;
}

const extraArb = fc.array(
  fc.tuple(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: -60, max: 60, noNaN: true })),
  { maxLength: 40 },
);

describe('isPointInSlabRing', () => {
  it('answers exactly as isPointInRing for any integer ring, on vertices, edges and vertex rows (property)', () => {
    fc.assert(
      fc.property(ringsArb, unitArb, extraArb, (rings, unitUm, extra) => {
        const { coords, ringStart, ringEnd } = packRings(rings);
        const slabs = buildRingSlabs(coords, ringStart, ringEnd, rings.length);
        const wrong: unknown[] = [];
        for (const [x, y] of probePoints(rings, unitUm, extra)) {
          rings.forEach((_, r) => {
            const expected = isPointInRing(coords, ringStart[r]!, ringEnd[r]!, unitUm, x, y);
            if (isPointInSlabRing(slabs, r, unitUm, x, y) !== expected) wrong.push({ r, x, y, expected });
          });
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('contains nothing for rings of fewer than 3 vertices, flat rings and non-finite points', () => {
    const rings: Vertex[][] = [
      [],
      [[0, 0]],
      [
        [0, 0],
        [4, 4],
      ],
      [
        [0, 2],
        [5, 2],
        [9, 2],
      ],
      [
        [0, 0],
        [4, 0],
        [0, 4],
      ],
    ];
    const { coords, ringStart, ringEnd } = packRings(rings);
    const slabs = buildRingSlabs(coords, ringStart, ringEnd, rings.length);
    for (let r = 0; r < 4; r++) expect(isPointInSlabRing(slabs, r, 1, 1, 1)).toBe(false);
    expect(isPointInSlabRing(slabs, 4, 1, 1, 1)).toBe(true);
    for (const [x, y] of [
      [NaN, 1],
      [1, NaN],
      [Infinity, 1],
      [1, Infinity],
      [1, -Infinity],
      [1, 1e300],
    ])
      expect(isPointInSlabRing(slabs, 4, 1, x!, y!)).toBe(isPointInRing(coords, ringStart[4]!, ringEnd[4]!, 1, x!, y!));
  });

  it('walks rings whose slabs would take memory out of proportion (long edges, wild coordinates), with the same answers', () => {
    const rings: Vertex[][] = [
      // A rectangle 2^30 units tall: slabs would take 2^31 entries.
      [
        [0, 0],
        [10, 0],
        [10, 2 ** 30],
        [0, 2 ** 30],
      ],
      // A pixel contour, slabbed as usual.
      [
        [0, 0],
        [1, 0],
        [2, 1],
        [1, 2],
        [0, 1],
      ],
    ];
    const { coords, ringStart, ringEnd } = packRings(rings);
    const slabs = buildRingSlabs(coords, ringStart, ringEnd, rings.length);
    expect(Array.from(slabs.walked)).toEqual([1, 0]);
    expect(slabs.edgeEnd.length).toBeLessThan(16);
    for (const [x, y] of [
      [5, 5],
      [5, 2 ** 29],
      [11, 5],
      [0, 0],
      [10, 2 ** 30],
      [1, 1],
    ])
      for (let r = 0; r < rings.length; r++)
        expect(isPointInSlabRing(slabs, r, 0.5, x!, y!)).toBe(
          isPointInRing(coords, ringStart[r]!, ringEnd[r]!, 0.5, x!, y!),
        );
  });
});

describe('containingGland', () => {
  it('returns the first gland in index order whose box and contour contain the point, overlaps included (property)', () => {
    fc.assert(
      fc.property(ringsArb, unitArb, extraArb, (rings, unitUm, extra) => {
        // Every ring twice and in reverse too: overlapping glands must resolve to the first.
        const all = [...rings, ...rings.map((ring) => [...ring].reverse()), ...rings];
        const glands = toPrepared('glands', all, unitUm);
        const points = probePoints(rings, unitUm, extra);
        const x = Float64Array.from(points, (p) => p[0]);
        const y = Float64Array.from(points, (p) => p[1]);
        const found = containingGland(glands, indexGlands(glands), points.length, x, y);
        const wrong: unknown[] = [];
        points.forEach(([px, py], i) => {
          const expected = all.findIndex(
            (_, g) =>
              px >= glands.minX[g]! &&
              px <= glands.maxX[g]! &&
              py >= glands.minY[g]! &&
              py <= glands.maxY[g]! &&
              isPointInRing(glands.ringCoords, glands.ringStart[g]!, glands.ringEnd[g]!, unitUm, px, py),
          );
          if (found[i] !== expected) wrong.push({ px, py, found: found[i], expected });
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('nearestRingEdgeSquared', () => {
  it('gives distanceToRingBoundaryUm bit for bit after √ · unit, from any starting bound it cannot beat (property)', () => {
    fc.assert(
      fc.property(ringsArb, unitArb, extraArb, (rings, unitUm, extra) => {
        const { coords, ringStart, ringEnd } = packRings(rings);
        const chunks = buildRingSegmentChunks(coords, ringStart, ringEnd, rings.length);
        const hit = { previous: 0, vertex: 0 };
        const wrong: unknown[] = [];
        for (const [x, y] of probePoints(rings, unitUm, extra)) {
          rings.forEach((_, r) => {
            const expected = distanceToRingBoundaryUm(coords, ringStart[r]!, ringEnd[r]!, unitUm, x, y);
            const best = nearestRingEdgeSquared(chunks, coords, r, x / unitUm, y / unitUm, Infinity, hit);
            const again = nearestRingEdgeSquared(chunks, coords, r, x / unitUm, y / unitUm, best, hit);
            if (!Object.is(Math.sqrt(best) * unitUm, expected) || again !== best)
              wrong.push({ r, x, y, best, expected });
          });
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('lumenDistances', () => {
  it('equals the least distanceToRingBoundaryUm over the gland’s lumina as float32 bits, NaN elsewhere (property)', () => {
    const caseArb = fc.record({
      lumina: ringsArb,
      unitUm: unitArb,
      glandCount: fc.integer({ min: 1, max: 4 }),
      lumenGland: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 6, maxLength: 6 }),
      // Runs of points in one gland exercise the nearest edge carried over from the previous point.
      runs: fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: 1, max: 12 })), { maxLength: 8 }),
      extra: extraArb,
      wantedSeed: fc.integer(),
    });
    fc.assert(
      fc.property(caseArb, ({ lumina: rings, unitUm, glandCount, lumenGland, runs, extra, wantedSeed }) => {
        const lumina = toPrepared('lumina', rings, unitUm);
        const owner = Int32Array.from(rings, (_, l) => Math.min(lumenGland[l]!, glandCount - 1));
        const points = probePoints(rings, unitUm, extra);
        const gland = new Int32Array(points.length).fill(-1);
        let i = 0;
        for (const [g, length] of runs) for (let k = 0; k < length && i < points.length; k++) gland[i++] = Math.min(g, glandCount - 1); // prettier-ignore
        for (; i < points.length; i++) gland[i] = (i % (glandCount + 1)) - 1;
        const wanted = (p: number): boolean => ((p * 2654435761 + wantedSeed) >>> 7) % 5 !== 0;
        const x = Float64Array.from(points, (p) => p[0]);
        const y = Float64Array.from(points, (p) => p[1]);
        const out = lumenDistances(points.length, x, y, gland, wanted, lumina, owner, glandCount);
        const expected = new Float32Array(points.length).fill(NaN);
        points.forEach(([px, py], p) => {
          const mine = rings.map((_, l) => l).filter((l) => owner[l] === gland[p]);
          if (gland[p]! < 0 || !wanted(p) || mine.length === 0) return;
          let best = Infinity;
          for (const l of mine)
            best = Math.min(best, distanceToRingBoundaryUm(lumina.ringCoords, lumina.ringStart[l]!, lumina.ringEnd[l]!, unitUm, px, py)); // prettier-ignore
          expected[p] = best;
        });
        expect(new Uint32Array(out.buffer)).toEqual(new Uint32Array(expected.buffer));
      }),
      { numRuns: 300 },
    );
  });
});
