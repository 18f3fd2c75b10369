import { describe, expect, it } from 'vitest';
import {
  allocateFeatureColumns,
  computeFeatures,
  RING_STATUS,
  type FeatureColumns,
} from '@/lib/geometry/feature-batch';
import { computePolygonFeatures } from '@/lib/geometry/polygon-features';
import { buildNucleusRings } from '@/bench/geometry';

const COLUMN_OF = {
  area: 'areaUm2',
  perimeter: 'perimeterUm',
  convexArea: 'convexAreaUm2',
  solidity: 'solidity',
  equivalentDiameter: 'equivalentDiameterUm',
  majorAxisLength: 'majorAxisUm',
  minorAxisLength: 'minorAxisUm',
  eccentricity: 'eccentricity',
  orientation: 'orientation',
  circularity: 'circularity',
  extent: 'extent',
  centroidX: 'centroidXUm',
  centroidY: 'centroidYUm',
} as const;

describe('computeFeatures', () => {
  it('fills every column exactly as computePolygonFeatures does, rounded to the column type', () => {
    const table = buildNucleusRings(500, 20, 3);
    const out = allocateFeatureColumns(table.count);
    expect(computeFeatures(table, out)).toBe(0);
    for (let i = 0; i < table.count; i++) {
      const result = computePolygonFeatures(table.ringCoords, table.ringOffsets[i]!, table.ringOffsets[i + 1]!, 0.5);
      if (result.kind !== 'polygon') throw new Error('unexpected degenerate ring');
      for (const [column, key] of Object.entries(COLUMN_OF)) {
        const expected = result.features[key];
        const values = out[column as keyof typeof COLUMN_OF];
        expect(values[i]).toBe(values instanceof Float32Array ? Math.fround(expected) : expected);
      }
      expect(out.status[i]).toBe(RING_STATUS.ok);
    }
  });

  it('flags degenerate rings in status, with area 0 and NaN shape features', () => {
    const table = {
      count: 3,
      coordUnitUm: 0.5,
      ringOffsets: Uint32Array.of(0, 3, 6, 10),
      ringCoords: Int32Array.of(0, 0, 2, 0, 1, 0, 5, 5, 5, 5, 5, 5, 0, 0, 4, 0, 4, 4, 0, 4),
    };
    const out: FeatureColumns = allocateFeatureColumns(3);
    expect(computeFeatures(table, out)).toBe(2);
    expect(Array.from(out.status)).toEqual([RING_STATUS.zeroArea, RING_STATUS.tooFewVertices, RING_STATUS.ok]);
    expect(Array.from(out.area)).toEqual([0, 0, 4]);
    expect(out.perimeter[0]).toBe(2);
    expect(out.eccentricity[0]).toBeNaN();
    expect([out.centroidX[1], out.centroidY[1]]).toEqual([2.5, 2.5]);
  });

  it('rejects offsets or outputs that are too short', () => {
    const table = buildNucleusRings(4, 20);
    expect(() => computeFeatures({ ...table, count: 5 }, allocateFeatureColumns(5))).toThrow(RangeError);
    expect(() => computeFeatures(table, allocateFeatureColumns(3))).toThrow(RangeError);
  });
});
