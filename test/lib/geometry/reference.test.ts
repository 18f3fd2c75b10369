/**
 * Cross-checks lib/geometry against shapely (area, length, convex hull) and skimage `regionprops`
 * (eccentricity, orientation of the ring rasterised with skimage.draw.polygon): once on the
 * committed fixture, and once live on fresh shapes when /usr/bin/python3 has shapely and skimage.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, runPython } from '../../support/python';
import { compareWithReference, type Agreement, type ReferenceSet } from './reference-agreement';

const SCRIPT = fixturePath('geometry/make_reference.py');

/**
 * Tolerances. Area, perimeter and convex area are the same exact quantities in shapely and here,
 * so they agree to rounding (far inside the 1 % / 2 % / 0.02 asked for). skimage's moments come
 * from a raster: supersampled to ≥ 256 px across it is close to the polygon region (observed
 * eccentricity ≤ 0.005, orientation ≤ 0.005 rad); at the ring's own 0.5 µm pixels a 6–20 px
 * nucleus differs from its polygon by about a pixel row, which moves eccentricity by up to ~0.17
 * (p95 0.037) and the orientation of elongated shapes by up to ~0.11 rad (p95 0.033).
 */
function expectAgreement(agreement: Agreement): void {
  expect(agreement.areaRel.max).toBeLessThan(1e-9);
  expect(agreement.perimeterRel.max).toBeLessThan(1e-9);
  expect(agreement.convexAreaRel.max).toBeLessThan(1e-9);
  expect(agreement.solidityAbs.max).toBeLessThan(1e-9);
  expect(agreement.eccentricitySupersampledAbs.max).toBeLessThan(0.01);
  expect(agreement.eccentricitySupersampledAbs.p95).toBeLessThan(0.003);
  expect(agreement.orientationSupersampledRad.max).toBeLessThan(0.01);
  // At 1× the tail belongs to the smallest round nuclei, where eccentricity is steep in λ2/λ1.
  expect(agreement.eccentricityRasterAbs.max).toBeLessThan(0.25);
  expect(agreement.eccentricityRasterAbs.p95).toBeLessThan(0.05);
  expect(agreement.orientationRasterRad.max).toBeLessThan(0.25);
  expect(agreement.orientationRasterRad.p95).toBeLessThan(0.05);
}

/** The installed skimage (0.19) differs from ≥ 0.21 only in the sign of exactly diagonal shapes. */
function expectOnlyDiagonalSignSwaps(reference: ReferenceSet): void {
  for (const shape of reference.shapes) {
    for (const props of [shape.raster, shape.supersampled]) {
      if (props.orientation === props.orientationUpstream) continue;
      expect(Math.abs(props.orientation)).toBeCloseTo(Math.PI / 4, 12);
      expect(props.orientation).toBeCloseTo(-props.orientationUpstream, 12);
    }
  }
}

async function hasReferencePython(): Promise<boolean> {
  try {
    await runPython({ code: 'import shapely, skimage, numpy' }, { timeoutMs: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const pythonAvailable = await hasReferencePython();

describe('agreement with shapely and skimage', () => {
  it('matches the committed reference fixture', () => {
    const reference = JSON.parse(readFileSync(fixturePath('geometry/reference.json'), 'utf8')) as ReferenceSet;
    expect(reference.shapes.length).toBeGreaterThan(300);
    expectAgreement(compareWithReference(reference));
    expectOnlyDiagonalSignSwaps(reference);
  });

  it.skipIf(!pythonAvailable)(
    'matches shapely and skimage run live on fresh contours',
    async () => {
      const args = ['--nuclei', '800', '--glands', '16', '--seed', '97'];
      const reference = JSON.parse(await runPython({ script: SCRIPT, args }, { timeoutMs: 170_000 })) as ReferenceSet;
      expect(reference.shapes.length).toBeGreaterThan(800);
      expectAgreement(compareWithReference(reference));
      expectOnlyDiagonalSignSwaps(reference);
    },
    180_000,
  );

  if (!pythonAvailable) {
    it.skip('live check skipped: /usr/bin/python3 with shapely, skimage and numpy is not available', () => {});
  }
});
