import { describe, expect, it } from 'vitest';
import {
  chooseNucleiLod,
  CONTOUR_BUDGET,
  containsBox,
  estimateCount,
  fetchBoxFor,
  gridLevelFor,
  POINT_BUDGET,
  viewBox,
} from '../../../lib/viewer/level-of-detail';

describe('level of detail', () => {
  it('draws contours zoomed in, points at mid zoom, exact cells zoomed out — within the budgets', () => {
    expect(chooseNucleiLod(1, 3000)).toEqual({ kind: 'contours' });
    expect(chooseNucleiLod(1, CONTOUR_BUDGET + 1)).toEqual({ kind: 'points' });
    expect(chooseNucleiLod(-1, 50_000)).toEqual({ kind: 'points' });
    expect(chooseNucleiLod(-1, POINT_BUDGET + 1)).toEqual({ kind: 'grid', levelUm: 16 });
    expect(chooseNucleiLod(-3, 10)).toEqual({ kind: 'grid', levelUm: 64 });
    expect(gridLevelFor(-9)).toBe(1024);
  });

  it('estimates the nuclei of a box from coarse cells, and fetch boxes contain their view', () => {
    expect(estimateCount({ minX: 0, minY: 0, maxX: 1500, maxY: 500 }, 1024, [0, 1, 5], [0, 0, 0], [10, 20, 40])).toBe(
      30,
    );
    const view = viewBox(5000, 3000, -2, 800, 600);
    expect(view).toEqual({ minX: 3400, minY: 1800, maxX: 6600, maxY: 4200 });
    expect(containsBox(fetchBoxFor(view, 1024), view)).toBe(true);
  });
});
