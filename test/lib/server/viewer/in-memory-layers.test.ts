/**
 * The nuclei layer's in-memory shortcuts equal their direct computation on the real `test`
 * dataset: whole-slide grids sliced per viewport equal a pass over the viewport, and contours
 * decoded from the cached blobs equal the Parquet read (same objects, classes, codes, rings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listColumn, numericColumn, type ArrowColumns } from '../../../../lib/arrow/arrow-columns';
import type { OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { ObjectFilter } from '../../../../lib/filters';
import { columnStore } from '../../../../lib/server/viewer/column-store';
import { contourStore } from '../../../../lib/server/viewer/contour-store';
import { loadNucleiLayer } from '../../../../lib/server/viewer/nuclei-layer';
import type { ViewerContext } from '../../../../lib/server/viewer/served-slide';
import type { SlideSource } from '../../../../lib/server/viewer/slide-source';
import { buildSlideGrid, sliceSlideGrid } from '../../../../lib/viewer/grid-window';
import type { Box } from '../../../../lib/viewer/level-of-detail';
import { aggregateGrid } from '../../../../lib/viewer/viewport-columns';
import { openLargestTestSlide } from '../../../support/largest-test-slide';

let dataset: OpenedDataset;
let source: SlideSource;
let viewer: ViewerContext;
let whole: Box;

beforeAll(async () => {
  ({ dataset, source, viewer, whole } = await openLargestTestSlide());
});
afterAll(() => dataset?.close());

describe('whole-slide grids sliced per viewport', () => {
  it.each([16, 64, 100, 256, 1024])('equal a pass over the viewport at %i µm', async (levelUm) => {
    const store = await columnStore(dataset, source, 'nuclei', 'slices');
    let seed = levelUm;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const values of [undefined, store.features.area_um2]) {
      const grid = buildSlideGrid(store, levelUm, values)!;
      expect(grid.cells.count.reduce((a, b) => a + b, 0)).toBe(store.count);
      for (let k = 0; k < 20; k++) {
        const [x, y] = [random() * whole.maxX * 1.2 - 100, random() * whole.maxY * 1.2 - 100];
        const box = { minX: x, minY: y, maxX: x + random() * whole.maxX, maxY: y + random() * whole.maxY };
        expect(sliceSlideGrid(grid, box, levelUm)).toEqual(aggregateGrid(store, null, box, levelUm, values));
      }
    }
  });
});

function contoursById(table: ArrowColumns): Map<number, string> {
  const [ids, classes, codes] = ['object_id', 'class_id', 'value'].map((n) => numericColumn(table, n));
  const { offsets, values } = listColumn(table, 'polygon');
  const rows = new Map<number, string>();
  for (let i = 0; i < table.length; i++) {
    const ring = Array.from(values.subarray(offsets[i]!, offsets[i + 1]!)).join(',');
    rows.set(ids![i]!, `${classes![i]}:${codes![i]}:${ring}`);
  }
  return rows;
}

describe('contours from the cached blobs', () => {
  it.each<ObjectFilter>([
    { kind: 'nuclei' },
    { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 25 }] },
  ])('equal the Parquet read, %j', async (filter) => {
    const box = { minX: whole.maxX / 4, minY: whole.maxY / 5, maxX: (3 * whole.maxX) / 4, maxY: whole.maxY / 2 };
    const request = { source, lod: { kind: 'contours' } as const, box, filter, colorBy: 'eccentricity' };
    const cold = await loadNucleiLayer(viewer, { ...request, version: `cold-${Date.now()}` });
    const warm = 'contours-warm';
    await contourStore(dataset, source, warm, await columnStore(dataset, source, 'nuclei', warm));
    const memory = await loadNucleiLayer(viewer, { ...request, version: warm });
    expect(memory.length).toBeGreaterThan(0);
    expect(memory.metadata).toEqual(cold.metadata);
    expect(contoursById(memory)).toEqual(contoursById(cold));
  });
});
