import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePolygonFeatures, type PolygonFeatures } from '@/lib/geometry/polygon-features';
import { computeRingMoments, createRingMoments } from '@/lib/geometry/ring-moments';
import { angleDifference } from './reference-agreement';
import { ellipseRing, mapRing, regularRing, reverseRing, rotateRing, starRing } from './shapes';

// Seeded so that CI runs are reproducible; fast-check prints the seed and path of any failure.
fc.configureGlobal({ seed: 20240501 });

function features(ring: Int32Array | Float64Array, unitUm = 1): PolygonFeatures {
  const result = computePolygonFeatures(ring, 0, ring.length / 2, unitUm);
  if (result.kind !== 'polygon') throw new Error(`degenerate: ${result.reason}`);
  return result.features;
}

const SHAPE_KEYS = [
  'areaUm2',
  'perimeterUm',
  'convexAreaUm2',
  'solidity',
  'equivalentDiameterUm',
  'majorAxisUm',
  'minorAxisUm',
  'eccentricity',
  'circularity',
] as const;

function expectSameShape(a: PolygonFeatures, b: PolygonFeatures, relative: number): void {
  for (const key of SHAPE_KEYS)
    expect(Math.abs(a[key] - b[key])).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(a[key])));
}

describe('computePolygonFeatures', () => {
  it('measures an axis-aligned rectangle exactly (0.5 µm units)', () => {
    const f = features(Int32Array.of(0, 0, 8, 0, 8, 2, 0, 2), 0.5);
    expect(f.areaUm2).toBe(4);
    expect(f.perimeterUm).toBe(10);
    expect(f.convexAreaUm2).toBe(4);
    expect(f.solidity).toBe(1);
    expect(f.extent).toBe(1);
    expect(f.centroidXUm).toBe(2);
    expect(f.centroidYUm).toBe(0.5);
    expect([f.minXUm, f.minYUm, f.maxXUm, f.maxYUm]).toEqual([0, 0, 4, 1]);
    // A w×h rectangle has variances w²/12 and h²/12, so axis lengths 4·√(w²/12) = 2w/√3.
    expect(f.majorAxisUm).toBeCloseTo((2 * 4) / Math.sqrt(3), 12);
    expect(f.minorAxisUm).toBeCloseTo((2 * 1) / Math.sqrt(3), 12);
    expect(f.eccentricity).toBeCloseTo(Math.sqrt(1 - 1 / 16), 12);
    expect(f.equivalentDiameterUm).toBeCloseTo(Math.sqrt(16 / Math.PI), 12);
    expect(f.circularity).toBeCloseTo((4 * Math.PI * 4) / 100, 12);
  });

  it('uses the skimage orientation convention: radians from +y (rows, down) towards +x (cols, right)', () => {
    expect(features(Int32Array.of(0, 0, 2, 0, 2, 10, 0, 10)).orientation).toBeCloseTo(0, 12); // tall
    expect(Math.abs(features(Int32Array.of(0, 0, 10, 0, 10, 2, 0, 2)).orientation)).toBeCloseTo(Math.PI / 2, 12); // wide
    // A thin diamond along (1, 1) — down-right on screen — is at +π/4; along (1, −1) at −π/4.
    expect(features(Int32Array.of(0, 0, 11, 9, 20, 20, 9, 11)).orientation).toBeCloseTo(Math.PI / 4, 12);
    expect(features(Int32Array.of(0, 20, 9, 9, 20, 0, 11, 11)).orientation).toBeCloseTo(-Math.PI / 4, 12);
    // A thin rectangle whose long side points along (sin 30°, cos 30°).
    expect(features(rotateRing(Float64Array.of(-1, -10, 1, -10, 1, 10, -1, 10), -Math.PI / 6)).orientation).toBeCloseTo(
      Math.PI / 6,
      10,
    );
  });

  it('gives an ellipse polygon with semi-axes a, b axes 2a, 2b and its rotation angle', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: -Math.PI / 2, max: Math.PI / 2, noNaN: true }),
        (a, ratio, theta) => {
          const f = features(ellipseRing(a, a * ratio, theta, 2000, 1e5, 5e4));
          expect(f.majorAxisUm / (2 * a)).toBeCloseTo(1, 4);
          expect(f.minorAxisUm / (2 * a * ratio)).toBeCloseTo(1, 4);
          expect(f.eccentricity).toBeCloseTo(Math.sqrt(1 - ratio * ratio), 4);
          expect(angleDifference(f.orientation, theta)).toBeLessThan(1e-6);
          expect(Math.abs(f.orientation)).toBeLessThanOrEqual(Math.PI / 2);
        },
      ),
    );
  });

  it('gives a regular polygon with many vertices eccentricity ≈ 0, circularity ≈ 1 and solidity 1', () => {
    const f = features(regularRing(40, 720));
    expect(f.eccentricity).toBeLessThan(1e-4);
    expect(f.circularity).toBeCloseTo(1, 4);
    expect(f.solidity).toBeCloseTo(1, 12);
    expect(f.equivalentDiameterUm).toBeCloseTo(80, 2);
  });

  it('is invariant under translation, 90° rotation, reflection, reversal and start vertex (integer rings)', () => {
    fc.assert(
      fc.property(
        starRing,
        fc.integer({ min: -200_000, max: 200_000 }),
        fc.integer({ min: 1, max: 39 }),
        (ring, offset, shift) => {
          const result = computePolygonFeatures(ring, 0, ring.length / 2, 0.5);
          fc.pre(result.kind === 'polygon');
          if (result.kind !== 'polygon') return;
          const f = result.features;
          const n = ring.length / 2;
          const rotated = features(
            mapRing(ring, (x, y) => [-y, x]),
            0.5,
          );
          const reflected = features(
            mapRing(ring, (x, y) => [-x, y]),
            0.5,
          );
          const shifted = Int32Array.from({ length: 2 * n }, (_, i) => ring[(i + 2 * (shift % n)) % (2 * n)]!);
          const variants = [
            features(
              mapRing(ring, (x, y) => [x + offset, y - offset]),
              0.5,
            ),
            rotated,
            reflected,
            features(reverseRing(ring), 0.5),
            features(shifted, 0.5),
          ];
          for (const g of variants) expectSameShape(f, g, 1e-9);
          if (f.eccentricity > 0.05) {
            expect(angleDifference(rotated.orientation, f.orientation - Math.PI / 2)).toBeLessThan(1e-6);
            expect(angleDifference(reflected.orientation, -f.orientation)).toBeLessThan(1e-6);
          }
        },
      ),
    );
  });

  it('is approximately invariant under arbitrary rotation of float polygons', () => {
    fc.assert(
      fc.property(starRing, fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), (ring, phi) => {
        const float = Float64Array.from(ring);
        const result = computePolygonFeatures(float, 0, float.length / 2, 1);
        fc.pre(result.kind === 'polygon' && result.features.areaUm2 > 1);
        if (result.kind !== 'polygon') return;
        const g = features(rotateRing(float, phi));
        expectSameShape(result.features, g, 1e-7);
        if (result.features.eccentricity > 0.05) {
          expect(angleDifference(g.orientation, result.features.orientation - phi)).toBeLessThan(1e-5);
        }
      }),
    );
  });

  it('gives convex polygons solidity 1 and any polygon solidity in (0, 1]', () => {
    expect(features(ellipseRing(7, 3, 0.3, 50)).solidity).toBeCloseTo(1, 12);
    expect(features(Int32Array.of(0, 0, 4, 0, 4, 4, 2, 1, 0, 4)).solidity).toBeCloseTo(10 / 16, 12);
    fc.assert(
      fc.property(starRing, (ring) => {
        const result = computePolygonFeatures(ring, 0, ring.length / 2, 1);
        if (result.kind === 'polygon') {
          expect(result.features.solidity).toBeGreaterThan(0);
          expect(result.features.solidity).toBeLessThanOrEqual(1 + 1e-12);
          expect(result.features.extent).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('agrees with the standalone Green-theorem moments', () => {
    const ring = Int32Array.of(100, 200, 130, 190, 150, 240, 120, 260, 90, 230);
    const m = computeRingMoments(ring, 0, 5, createRingMoments());
    const f = features(ring);
    expect(m.centroidX).toBeCloseTo(f.centroidXUm, 10);
    expect(m.centroidY).toBeCloseTo(f.centroidYUm, 10);
    expect(Math.abs(m.signedArea)).toBe(f.areaUm2);
    expect(4 * Math.sqrt((m.muXX + m.muYY) / 2 + Math.hypot((m.muXX - m.muYY) / 2, m.muXY))).toBeCloseTo(
      f.majorAxisUm,
      10,
    );
  });

  it('signals degenerate rings instead of returning NaN', () => {
    const reason = (ring: number[]): string => {
      const result = computePolygonFeatures(Int32Array.from(ring), 0, ring.length / 2, 0.5);
      return result.kind === 'degenerate' ? result.reason : 'polygon';
    };
    expect(reason([])).toBe('too-few-vertices');
    expect(reason([1, 1, 1, 1, 1, 1])).toBe('too-few-vertices');
    expect(reason([0, 0, 3, 4])).toBe('too-few-vertices');
    expect(reason([0, 0, 3, 4, 0, 0])).toBe('too-few-vertices');
    expect(reason([0, 0, 1, 1, 2, 2, 3, 3])).toBe('zero-area');
    expect(reason([0, 0, 2, 0, 1, 0])).toBe('zero-area');
    expect(reason([0, 0, 0, 0, 4, 0, 4, 0, 4, 4])).toBe('polygon');
    const collinear = computePolygonFeatures(Float64Array.of(0, 0, 1e-3, 1e-3 + 1e-19, 2e-3, 2e-3), 0, 3, 1);
    expect(collinear.kind).toBe('degenerate');
    const spike = computePolygonFeatures(Int32Array.of(0, 0, 3, 4), 0, 2, 0.5);
    expect(spike).toEqual({ kind: 'degenerate', reason: 'too-few-vertices', perimeterUm: 5 });
  });

  it('never returns NaN features for arbitrary integer rings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 24 }), (values) => {
        const ring = Int32Array.from(values.length % 2 === 0 ? values : values.slice(1));
        const result = computePolygonFeatures(ring, 0, ring.length / 2, 0.5);
        if (result.kind === 'degenerate') expect(Number.isFinite(result.perimeterUm)).toBe(true);
        else for (const value of Object.values(result.features)) expect(Number.isFinite(value)).toBe(true);
      }),
    );
  });
});
