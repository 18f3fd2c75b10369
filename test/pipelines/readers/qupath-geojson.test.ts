import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQupathGeojson, readQupathGeojson } from '@/pipelines/readers/qupath-geojson';
import { ReadError } from '@/pipelines/readers/read-error';
import type { ObjectTable, SlideResult } from '@/pipelines/readers/types';

const path = (name: string): string => new URL(`../../fixtures/qupath/${name}`, import.meta.url).pathname;
const expected = JSON.parse(readFileSync(path('objects.expected.json'), 'utf8')) as Record<
  'nuclei' | 'glands' | 'lumina',
  [number, number][]
>;
const collection = JSON.parse(readFileSync(path('objects.geojson'), 'utf8')) as { features: Feature[] };
interface Feature {
  id: string;
  geometry: { type: string; coordinates: unknown };
  nucleusGeometry?: { coordinates: number[][][] };
  properties: Record<string, unknown>;
}
const MPP = 0.25;

const ring = (table: ObjectTable, i: number): number[] =>
  Array.from(table.ringCoords.subarray(2 * (table.ringOffsets[i] ?? 0), 2 * (table.ringOffsets[i + 1] ?? 0)));

/** A FeatureCollection holding one detection with the given geometry and properties. */
function one(geometry: unknown, properties: Record<string, unknown> = { objectType: 'detection' }): unknown {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'a', geometry, properties }] };
}
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ],
  ],
};

function readError(root: unknown, mpp = MPP): ReadError {
  try {
    parseQupathGeojson(root, 'objects.geojson', { mpp });
  } catch (error) {
    expect(error).toBeInstanceOf(ReadError);
    return error as ReadError;
  }
  throw new Error('expected a ReadError');
}

describe('readQupathGeojson', () => {
  let result: SlideResult;
  beforeAll(async () => {
    result = await readQupathGeojson(path('objects.geojson'), { mpp: MPP });
  });

  it('sorts features into kinds and classes by classification name', () => {
    const ids = collection.features.map((feature) => feature.id);
    expect(Array.from(result.nuclei.classId)).toEqual([3, 2, 0, 0]); // Lymphocyte, EPITHELIAL, Tumor, unclassified
    expect(result.nuclei.sourceIds).toEqual(ids.slice(0, 4));
    expect(Array.from(result.glands.classId)).toEqual([1, 2]); // Gland, surface epithelium
    expect(result.glands.sourceIds).toEqual([ids[4], ids[7]]);
    expect(Array.from(result.lumina.classId)).toEqual([1]);
    expect(result.metadata.format).toBe('qupath-geojson');
    for (const table of [result.nuclei, result.glands, result.lumina])
      expect(table.classProb.every(Number.isNaN)).toBe(true);
  });

  it('computes area-weighted centroids in µm that match shapely', () => {
    for (const kind of ['nuclei', 'glands', 'lumina'] as const) {
      expected[kind].forEach(([x, y], i) => {
        expect(result[kind].centroidX[i], `${kind} ${i}`).toBeCloseTo(x * MPP, 9);
        expect(result[kind].centroidY[i], `${kind} ${i}`).toBeCloseTo(y * MPP, 9);
      });
    }
  });

  it('quantises rings to 1/8 pixel, uses the nucleus of a cell, drops the closing vertex, holes and small parts', () => {
    expect(result.nuclei.coordUnitUm).toBe(MPP / 8);
    const nucleus = collection.features[0]?.nucleusGeometry?.coordinates[0] ?? [];
    expect(ring(result.nuclei, 0)).toEqual(
      nucleus.slice(0, -1).flatMap(([x = 0, y = 0]) => [Math.round(x * 8), Math.round(y * 8)]),
    );
    expect(ring(result.glands, 0)).toEqual([3000, 3000, 3400, 3000, 3400, 3300, 3000, 3300].map((v) => v * 8));
    expect(result.metadata.variant).toEqual(
      expect.arrayContaining([
        'coordinates quantised to 1/8 pixel (coordUnitUm 0.03125)',
        'cells read from nucleusGeometry: 1',
        "nuclei classed 'Tumor' (classId 0): 1",
        'unclassified nuclei (classId 0): 1',
        'polygons with holes (holes dropped): 1',
        'MultiPolygon parts dropped (largest kept): 1',
        "skipped annotations classed 'Tumor': 1",
        'skipped Point geometries: 1',
        'features with measurements (ignored): 6',
      ]),
    );
  });

  it('reads a bare array of Features the same way', async () => {
    expect(await readQupathGeojson(path('objects-array.geojson'), { mpp: MPP })).toEqual(result);
  });

  it('uses whole pixels when every coordinate is an integer', () => {
    const table = parseQupathGeojson(
      one(square, { objectType: 'detection', classification: { name: 'Plasma' } }),
      'x',
      { mpp: 0.5 },
    ).nuclei;
    expect([table.coordUnitUm, table.classId[0], table.centroidX[0], table.centroidY[0]]).toEqual([0.5, 4, 1, 1]);
    expect(ring(table, 0)).toEqual([0, 0, 4, 0, 4, 4, 0, 4]);
  });
});

describe('readQupathGeojson on bad input', () => {
  it('rejects malformed JSON and roots that are not features', async () => {
    await expect(readQupathGeojson(path('make_fixtures.py'), { mpp: MPP })).rejects.toThrow(
      /make_fixtures\.py: malformed JSON/,
    );
    expect(readError({ type: 'Feature' }).detail).toBe('expected a GeoJSON FeatureCollection or an array of Features');
    expect(readError([42]).message).toBe('objects.geojson (feature, id 0): feature 0 is not an object');
  });

  it('names the feature for bad geometries, short rings and non-finite coordinates', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /expected a "geometry" object/],
      [
        { type: 'GeometryCollection', geometries: [] },
        /geometry type "GeometryCollection"; expected Polygon or MultiPolygon/,
      ],
      [{ type: 'Polygon', coordinates: [] }, /expected Polygon coordinates/],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        /ring has 2 distinct vertices; expected at least 3/,
      ],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 'x'],
              [1, 0],
            ],
          ],
        },
        /ring of \[x, y\] positions with finite numbers/,
      ],
      [
        {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
            ],
            5,
          ],
        },
        /expected MultiPolygon coordinates as arrays of rings/,
      ],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [3e9, 0],
              [0, 1],
            ],
          ],
        },
        /vertex 1 is outside the Int32 coordinate range/,
      ],
    ];
    for (const [geometry, pattern] of cases) {
      const error = readError(one(geometry));
      expect(error.message, JSON.stringify(geometry)).toMatch(/^objects\.geojson \(feature, id a\): /);
      expect(error.detail, JSON.stringify(geometry)).toMatch(pattern);
    }
    const infinite = JSON.parse(JSON.stringify(one(square)).replace('[4,0]', '[1e999,0]')) as unknown;
    expect(readError(infinite).detail).toMatch(/finite numbers/);
  });

  it('rejects duplicate feature ids and a bad mpp', () => {
    const feature = { type: 'Feature', id: 'dup', geometry: square, properties: { objectType: 'detection' } };
    expect(readError([feature, { ...feature, id: 'other' }, feature]).message).toBe(
      'objects.geojson (feature, id dup): duplicate feature id; expected unique ids',
    );
    expect(readError(one(square), Number.NaN).detail).toMatch(/mpp option is NaN/);
  });
});
