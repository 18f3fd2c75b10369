/**
 * The viewer's SQL builders and executors, run through DuckDB on the real `test` dataset
 * (STYLE.md §11); every answer is checked against a plain query of the raw table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numericColumn, listColumn, vec2Column } from '../../../../lib/arrow/arrow-columns';
import type { OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { ObjectFilter } from '../../../../lib/filters';
import { loadHistograms } from '../../../../lib/server/viewer/histograms';
import { loadNucleiLayer } from '../../../../lib/server/viewer/nuclei-layer';
import { loadObjectDetail, pickObject } from '../../../../lib/server/viewer/object-detail';
import { loadPolygonLayer, loadTissueRaster } from '../../../../lib/server/viewer/polygon-layers';
import type { ViewerContext } from '../../../../lib/server/viewer/served-slide';
import type { SlideSource } from '../../../../lib/server/viewer/slide-source';
import type { Box } from '../../../../lib/viewer/level-of-detail';
import { openLargestTestSlide } from '../../../support/largest-test-slide';

let dataset: OpenedDataset;
let source: SlideSource;
let viewer: ViewerContext;
let slide: { width: number; height: number; cellUm: number; tissueWidth: number; tissueHeight: number };
const all = (): Box => ({ minX: 0, minY: 0, maxX: slide.width, maxY: slide.height });

async function scalar(sql: string): Promise<number> {
  const row = (await dataset.connection.runAndReadAll(sql)).getRows()[0];
  return Number(row?.[0]);
}
const where = (extra: string) => `FROM nuclei WHERE slide_id = '${source.slideId}' AND ${extra}`;

beforeAll(async () => {
  let row: Record<string, unknown>;
  ({ dataset, source, viewer, row } = await openLargestTestSlide());
  slide = {
    width: Number(row.width_um),
    height: Number(row.height_um),
    cellUm: Number(row.tissue_cell_um),
    tissueWidth: Number(row.tissue_width),
    tissueHeight: Number(row.tissue_height),
  };
});
afterAll(() => dataset?.close());

describe('nuclei layer', () => {
  const filter: ObjectFilter = { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 25 }] };

  it('points: exactly the filtered nuclei of the box, 2 Float32 + 1 Uint8 each', async () => {
    const box = { minX: slide.width / 4, minY: 0, maxX: slide.width, maxY: (3 * slide.height) / 4 };
    const table = await loadNucleiLayer(viewer, {
      source,
      lod: { kind: 'points' },
      box,
      filter,
      colorBy: 'class',
    });
    const expected = await scalar(
      `SELECT count(*) ${where(`x_um >= ${box.minX} AND x_um < ${box.maxX} AND y_um >= ${box.minY} AND y_um < ${box.maxY} AND class_id IN (2, 3) AND area_um2 >= 25`)}`,
    );
    expect(table.length).toBe(expected);
    expect(table.length).toBeGreaterThan(100);
    expect(vec2Column(table, 'position')).toHaveLength(2 * expected);
    expect(new Set(numericColumn(table, 'class_id'))).toEqual(new Set([2, 3]));
    expect(table.metadata).toMatchObject({ lod: 'points', truncated: 'false' });
  });

  it('grid: per-cell counts from nuclei_grid equal the raw GROUP BY, and filtered cells sum to the filtered count', async () => {
    for (const levelUm of [64, 256]) {
      const stored = await loadNucleiLayer(viewer, {
        source,
        lod: { kind: 'grid', levelUm },
        box: all(),
        filter: { kind: 'nuclei' },
        colorBy: 'class',
      });
      // A filter that keeps every class forces the raw re-aggregation path.
      const raw = await loadNucleiLayer(viewer, {
        source,
        lod: { kind: 'grid', levelUm },
        box: all(),
        filter: { kind: 'nuclei', classes: [0, 1, 2, 3, 4, 5, 6] },
        colorBy: 'class',
      });
      const key = (t: typeof stored) =>
        Array.from(
          { length: t.length },
          (_, i) =>
            `${numericColumn(t, 'col')[i]},${numericColumn(t, 'row')[i]},${numericColumn(t, 'class_id')[i]}:${numericColumn(t, 'count')[i]}`,
        ).sort();
      expect(key(raw)).toEqual(key(stored));
    }
    const filtered = await loadNucleiLayer(viewer, {
      source,
      lod: { kind: 'grid', levelUm: 64 },
      box: all(),
      filter,
      colorBy: 'area_um2',
    });
    const sum = Array.from(numericColumn(filtered, 'count')).reduce((a, b) => a + b, 0);
    expect(sum).toBe(await scalar(`SELECT count(*) ${where('class_id IN (2, 3) AND area_um2 >= 25')}`));
    const valueSum = Array.from(numericColumn(filtered, 'value_sum')).reduce((a, b) => a + b, 0);
    expect(valueSum).toBeCloseTo(
      await scalar(`SELECT sum(area_um2) ${where('class_id IN (2, 3) AND area_um2 >= 25')}`),
      0,
    );
  });

  it('contours: decoded rings are in µm around each centroid, with object ids and value codes', async () => {
    const box = { minX: 0, minY: 0, maxX: slide.width / 2, maxY: slide.height / 2 };
    const table = await loadNucleiLayer(viewer, {
      source,
      lod: { kind: 'contours' },
      box,
      filter: { kind: 'nuclei' },
      colorBy: 'eccentricity',
    });
    const { offsets, values } = listColumn(table, 'polygon');
    const ids = numericColumn(table, 'object_id');
    expect(table.length).toBe(await scalar(`SELECT count(*) ${where(`x_um < ${box.maxX} AND y_um < ${box.maxY}`)}`));
    const first = (
      await dataset.connection.runAndReadAll(`SELECT x_um, y_um ${where(`object_id = ${ids[0]}`)}`)
    ).getRows()[0]!;
    const xs = Array.from(values.subarray(offsets[0]!, offsets[1]!)).filter((_, k) => k % 2 === 0);
    expect(Math.min(...xs)).toBeLessThan(Number(first[0]));
    expect(Math.max(...xs)).toBeGreaterThan(Number(first[0]));
    const codes = numericColumn(table, 'value');
    expect(Math.max(...codes)).toBeLessThanOrEqual(254);
    expect(JSON.parse(table.metadata.value_domain!)).toHaveLength(2);
  });
});

describe('cross-filtered histograms', () => {
  it("ignore a feature's own range but obey every other filter; counts match DuckDB", async () => {
    const filter: ObjectFilter = {
      kind: 'nuclei',
      classes: [2],
      ranges: [
        { feature: 'area_um2', min: 30 },
        { feature: 'eccentricity', max: 0.9 },
      ],
    };
    const result = await loadHistograms(viewer, {
      source,
      kind: 'nuclei',
      filter,
      features: ['area_um2', 'eccentricity', 'solidity'],
      bins: 20,
    });
    expect(result.total).toBe(await scalar(`SELECT count(*) ${where('TRUE')}`));
    expect(result.filtered).toBe(
      await scalar(`SELECT count(*) ${where('class_id = 2 AND area_um2 >= 30 AND eccentricity <= 0.9')}`),
    );
    const sums = Object.fromEntries(result.histograms.map((h) => [h.feature, h.counts.reduce((a, b) => a + b, 0)]));
    expect(sums.area_um2).toBe(await scalar(`SELECT count(*) ${where('class_id = 2 AND eccentricity <= 0.9')}`));
    expect(sums.eccentricity).toBe(await scalar(`SELECT count(*) ${where('class_id = 2 AND area_um2 >= 30')}`));
    expect(sums.solidity).toBe(result.filtered);
    const area = result.histograms[0]!;
    expect(area.domain[0]).toBe(await scalar(`SELECT min(area_um2) ${where('TRUE')}`));
    expect(area.colorDomain[0]).toBeGreaterThanOrEqual(area.domain[0]);
  });
});

describe('polygons, tissue, objects', () => {
  it('glands overlapping the whole slide are every gland, with closed-form rings', async () => {
    const table = await loadPolygonLayer(viewer, {
      source,
      kind: 'glands',
      box: all(),
      filter: { kind: 'glands' },
    });
    expect(table.length).toBe(await scalar(`SELECT count(*) FROM glands WHERE slide_id = '${source.slideId}'`));
    expect(listColumn(table, 'polygon').offsets).toHaveLength(table.length + 1);
  });

  it('the tissue raster at full resolution reproduces the run-length rows', async () => {
    const box = {
      minX: slide.width / 3,
      minY: slide.height / 3,
      maxX: slide.width / 3 + 200,
      maxY: slide.height / 3 + 100,
    };
    const grid = { cellUm: slide.cellUm, width: slide.tissueWidth, height: slide.tissueHeight };
    const table = await loadTissueRaster(viewer, { source, grid, box, maxSize: 4096 });
    const width = Number(table.metadata.width);
    const [x0, y0] = JSON.parse(table.metadata.bounds!) as number[];
    const raster = numericColumn(table, 'class_id');
    const runs = (
      await dataset.connection.runAndReadAll(
        `SELECT "row", col_start, col_end, class_id FROM tissue WHERE slide_id = '${source.slideId}'`,
      )
    ).getRows();
    const expected = new Uint8Array(raster.length);
    const [c0, r0] = [x0! / slide.cellUm, y0! / slide.cellUm];
    for (const [row, start, end, cls] of runs.map((r) => r.map(Number)))
      for (let c = start!; c < end!; c++) {
        const i = (row! - r0) * width + (c - c0);
        if (row! >= r0 && row! - r0 < raster.length / width && c >= c0 && c - c0 < width) expected[i] = cls!;
      }
    expect(Array.from(raster)).toEqual(Array.from(expected));
    expect(new Set(raster).size).toBeGreaterThan(1);
  });

  it('picks the nearest filtered nucleus and returns every registry column with its gland', async () => {
    const inGland = (
      await dataset.connection.runAndReadAll(
        `SELECT object_id, x_um, y_um, gland_id ${where('gland_id IS NOT NULL')} LIMIT 1`,
      )
    ).getRows()[0]!;
    const id = await pickObject(viewer, {
      source,
      kind: 'nuclei',
      x: Number(inGland[1]),
      y: Number(inGland[2]),
      radiusUm: 1,
      filter: { kind: 'nuclei' },
    });
    expect(id).toBe(Number(inGland[0]));
    const detail = await loadObjectDetail(viewer, source, 'nuclei', id!);
    expect(detail?.values.object_id).toBe(id);
    expect(detail?.gland?.object_id).toBe(Number(inGland[3]));
    // The shapes are the polygon, not values: neither the contour blob nor the gland's GeoParquet geometry.
    expect(Object.keys(detail!.values)).not.toContain('contour');
    expect(Object.keys(detail!.gland!)).not.toContain('contour');
    expect(Object.keys(detail!.gland!)).not.toContain('geometry');
    expect(detail!.gland!.area_um2).toBeGreaterThan(0);
    expect(detail!.polygon.length).toBeGreaterThanOrEqual(6);
    expect(await loadObjectDetail(viewer, source, 'nuclei', 4_000_000_000)).toBeNull();
  });
});
