import 'server-only';
/** Executes the glands/lumina polygon and tissue-map raster queries of one viewport as Arrow columns. */
import type { ArrowColumns } from '../../arrow/arrow-columns';
import type { ObjectFilter } from '../../filters';
import type { Box } from '../../viewer/level-of-detail';
import { decodeContourList } from './contour-lists';
import { buildPolygonsSql, buildTissueRunsSql } from './object-sql';
import { readColumns } from './read-columns';
import type { ViewerContext } from './served-slide';
import type { SlideSource } from './slide-source';

/** Most glands or lumina returned for one viewport (a whole full-size slide has ≈ 1.5 k glands, 3.5 k lumina). */
export const POLYGON_BUDGET = 20_000;

/** Glands or lumina overlapping `box`: object_id, class_id and polygon (x,y µm pairs per object). */
export async function loadPolygonLayer(
  context: ViewerContext,
  request: { source: SlideSource; kind: 'glands' | 'lumina'; box: Box; filter: ObjectFilter },
): Promise<ArrowColumns> {
  const sql = buildPolygonsSql({ ...request, limit: POLYGON_BUDGET + 1 });
  const result = await readColumns(context.connection, sql, { signal: context.signal });
  const count = Math.min(result.length, POLYGON_BUDGET);
  const polygon = decodeContourList(
    (result.blobs.contour ?? []).slice(0, count),
    result.numeric.x_um as Float32Array,
    result.numeric.y_um as Float32Array,
    result.numeric.contour_unit_um as Float32Array,
  );
  return {
    length: count,
    columns: {
      object_id: { kind: 'numeric', values: (result.numeric.object_id as Uint32Array).subarray(0, count) },
      class_id: { kind: 'numeric', values: (result.numeric.class_id as Uint8Array).subarray(0, count) },
      polygon: { kind: 'list', ...polygon },
    },
    metadata: { truncated: String(result.length > POLYGON_BUDGET) },
  };
}

/** The tissue map of a slide: cell size (µm) and grid size (cells). */
export interface TissueGrid {
  readonly cellUm: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The tissue map over `box` (or the whole map) as a class raster of at most `maxSize` px a side,
 * each pixel the class of the map cell at its centre (a display decimation of a class raster).
 * Column class_id (row-major, top row first); metadata width, height and the µm bounds.
 */
export async function loadTissueRaster(
  context: ViewerContext,
  request: { source: SlideSource; grid: TissueGrid; box: Box | null; maxSize: number },
): Promise<ArrowColumns> {
  const { grid, box } = request;
  const clampCol = (v: number) => Math.min(grid.width, Math.max(0, v));
  const clampRow = (v: number) => Math.min(grid.height, Math.max(0, v));
  const c0 = box ? clampCol(Math.floor(box.minX / grid.cellUm)) : 0;
  const c1 = box ? clampCol(Math.ceil(box.maxX / grid.cellUm)) : grid.width;
  const r0 = box ? clampRow(Math.floor(box.minY / grid.cellUm)) : 0;
  const r1 = box ? clampRow(Math.ceil(box.maxY / grid.cellUm)) : grid.height;
  const stride = Math.max(1, Math.ceil(Math.max(c1 - c0, r1 - r0) / request.maxSize));
  const offset = Math.floor(stride / 2);
  const width = Math.max(0, Math.ceil((c1 - c0) / stride));
  const height = Math.max(0, Math.ceil((r1 - r0) / stride));
  const raster = new Uint8Array(width * height);
  if (width > 0 && height > 0) {
    const sql = buildTissueRunsSql({ source: request.source, rows: [r0, r1], cols: [c0, c1], stride, offset });
    const runs = await readColumns(context.connection, sql, { signal: context.signal });
    const rows = runs.numeric.row as Int32Array;
    const starts = runs.numeric.col_start as Int32Array;
    const ends = runs.numeric.col_end as Int32Array;
    const classes = runs.numeric.class_id as Uint8Array;
    for (let k = 0; k < runs.length; k++) {
      const j = ((rows[k] as number) - r0 - offset) / stride;
      const first = Math.max(0, Math.ceil(((starts[k] as number) - c0 - offset) / stride));
      const last = Math.min(width - 1, Math.floor(((ends[k] as number) - 1 - c0 - offset) / stride));
      if (j >= 0 && j < height && last >= first)
        raster.fill(classes[k] as number, j * width + first, j * width + last + 1);
    }
  }
  return {
    length: width * height,
    columns: { class_id: { kind: 'numeric', values: raster } },
    metadata: {
      width: String(width),
      height: String(height),
      bounds: JSON.stringify([
        c0 * grid.cellUm,
        r0 * grid.cellUm,
        (c0 + width * stride) * grid.cellUm,
        (r0 + height * stride) * grid.cellUm,
      ]),
    },
  };
}
