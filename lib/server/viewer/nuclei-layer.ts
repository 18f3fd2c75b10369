import 'server-only';
/**
 * Executes the nuclei-layer queries of one viewport and shapes them as Arrow columns: the
 * bytes the browser hands to deck.gl as binary attributes. Boxes are µm, slide frame.
 */
import type { ArrowColumn, ArrowColumns } from '../../arrow/arrow-columns';
import { isEmptyFilter, type ObjectFilter } from '../../filters';
import { toValueCode } from '../../viewer/color-scale';
import { featureColumn, type ColumnStore, type FilterCodes } from '../../viewer/cross-filter';
import { buildSlideGrid, sliceSlideGrid, slideGridBytes, type SlideGrid } from '../../viewer/grid-window';
import { CONTOUR_BUDGET, POINT_BUDGET, type Box, type NucleiLod } from '../../viewer/level-of-detail';
import { aggregateGrid, selectPoints, selectRows, type GridCells } from '../../viewer/viewport-columns';
import { maxRowsPerRequest, QueryCancelledError, RowLimitError } from '../run-cancellable';
import { attached, columnStore, filterMasks, loadedColumnStore } from './column-store';
import { decodeContourList } from './contour-lists';
import { loadedContourStore, type ContourStore } from './contour-store';
import { colorDomain, loadFeatureStats } from './feature-stats';
import { buildContoursSql, buildGridSql, type ValueColoring } from './nuclei-sql';
import { readColumns, type ResultColumns } from './read-columns';
import type { ViewerContext } from './served-slide';
import type { SlideSource } from './slide-source';

/** What one nuclei-layer request asks for. */
export interface NucleiLayerRequest {
  readonly source: SlideSource;
  readonly lod: NucleiLod;
  readonly box: Box;
  readonly filter: ObjectFilter;
  /** 'class' or a nucleus feature column. */
  readonly colorBy: string;
  /** Dataset version, part of the statistics and column cache keys. */
  readonly version?: string;
}

const numeric = (result: ResultColumns, name: string): ArrowColumn => ({
  kind: 'numeric',
  values: result.numeric[name] ?? new Uint8Array(result.length),
});

/**
 * The whole slide's unfiltered cells at `levelUm` (with per-cell sums of `feature` when set),
 * built once and kept with the slide's columns; null when the level is too fine to cache.
 */
export function cachedSlideGrid(
  source: SlideSource,
  version: string,
  store: ColumnStore,
  levelUm: number,
  feature?: string,
): SlideGrid | null {
  const build = () => buildSlideGrid(store, levelUm, feature === undefined ? undefined : featureColumn(store, feature));
  const bytes = (grid: SlideGrid | null) => (grid ? slideGridBytes(grid) : 0);
  return attached(source, 'nuclei', version, store, `grid|${levelUm}|${feature ?? ''}`, build, bytes);
}

const codesOf = (store: ColumnStore, request: NucleiLayerRequest): FilterCodes | null =>
  isEmptyFilter(request.filter)
    ? null
    : filterMasks(request.source, 'nuclei', request.version ?? '', store, request.filter);

/**
 * Grid cells from the slide's cached columns (exact, any filter and colouring); without a filter,
 * sliced from the whole slide's cells at that level, built once per (level, colouring).
 */
function gridFromColumns(
  store: ColumnStore,
  request: NucleiLayerRequest,
  levelUm: number,
  coloring: ValueColoring | undefined,
): { length: number; columns: Record<string, ArrowColumn> } {
  const values = coloring ? featureColumn(store, coloring.feature) : undefined;
  let cells: GridCells | undefined;
  if (isEmptyFilter(request.filter)) {
    const grid = cachedSlideGrid(request.source, request.version ?? '', store, levelUm, coloring?.feature);
    if (grid) cells = sliceSlideGrid(grid, request.box, levelUm);
  }
  cells ??= aggregateGrid(store, codesOf(store, request), request.box, levelUm, values);
  if (cells.length > maxRowsPerRequest()) throw new RowLimitError(maxRowsPerRequest());
  const columns: Record<string, ArrowColumn> = {
    col: { kind: 'numeric', values: cells.col },
    row: { kind: 'numeric', values: cells.row },
    class_id: { kind: 'numeric', values: cells.classId },
    count: { kind: 'numeric', values: cells.count },
  };
  if (cells.valueSum && cells.valueCount) {
    columns.value_sum = { kind: 'numeric', values: cells.valueSum };
    columns.value_count = { kind: 'numeric', values: cells.valueCount };
  }
  return { length: cells.length, columns };
}

/** Contours of the rows the cached columns select, decoded from the slide's in-memory blobs. */
function contoursFromColumns(
  store: ColumnStore,
  contours: ContourStore,
  request: NucleiLayerRequest,
  coloring: ValueColoring | undefined,
): { length: number; truncated: boolean; columns: Record<string, ArrowColumn> } {
  const picked = selectRows(store, codesOf(store, request), request.box, CONTOUR_BUDGET);
  const length = Math.min(picked.length, CONTOUR_BUDGET);
  const blobs: Uint8Array[] = [];
  const [x, y, unit] = [new Float32Array(length), new Float32Array(length), new Float32Array(length)];
  const objectId = new Int32Array(length);
  const classId = new Uint8Array(length);
  const values = coloring ? featureColumn(store, coloring.feature) : undefined;
  const value = coloring ? new Uint8Array(length) : undefined;
  for (let k = 0; k < length; k++) {
    const i = picked[k]!;
    const f = store.fileRow[i]!;
    blobs.push(contours.bytes.subarray(contours.offsets[f]!, contours.offsets[f + 1]!));
    [x[k], y[k], unit[k]] = [store.x[i]!, store.y[i]!, contours.unitUm[f]!];
    objectId[k] = contours.objectId[f]!;
    classId[k] = store.classId[i]!;
    if (value && values && coloring) value[k] = toValueCode(values[i]!, coloring.lo, coloring.hi);
  }
  return {
    length,
    truncated: picked.length > CONTOUR_BUDGET,
    columns: {
      object_id: { kind: 'numeric', values: objectId },
      class_id: { kind: 'numeric', values: classId },
      ...(value ? { value: { kind: 'numeric', values: value } } : {}),
      polygon: { kind: 'list', ...decodeContourList(blobs, x, y, unit) },
    },
  };
}

/**
 * Runs `request.lod` and returns its Arrow columns with metadata (lod, level_um, truncated,
 * value_domain). Cells, points and contours come from the slide's cached columns (column-store.ts)
 * and contour blobs (contour-store.ts); only while those are still loading do the first
 * unfiltered class-coloured cells read the precomputed `nuclei_grid` and contours read the Parquet file.
 */
export async function loadNucleiLayer(context: ViewerContext, request: NucleiLayerRequest): Promise<ArrowColumns> {
  const { source, lod, box, filter } = request;
  const version = request.version ?? '';
  let coloring: ValueColoring | undefined;
  if (request.colorBy !== 'class') {
    const stats = await loadFeatureStats(context, source, 'nuclei', [request.colorBy], version);
    const [lo, hi] = colorDomain(stats[request.colorBy] as NonNullable<(typeof stats)[string]>);
    coloring = { feature: request.colorBy, lo, hi };
  }
  const metadata: Record<string, string> = { lod: lod.kind };
  if (coloring) metadata.value_domain = JSON.stringify([coloring.lo, coloring.hi]);
  const options = { signal: context.signal };
  if (lod.kind === 'grid') {
    metadata.level_um = String(lod.levelUm);
    let store = loadedColumnStore(source, 'nuclei', version);
    if (!store && isEmptyFilter(filter) && !coloring) {
      const result = await readColumns(
        context.connection,
        buildGridSql({ source, levelUm: lod.levelUm, box, filter }),
        options,
      );
      const names = ['col', 'row', 'class_id', 'count'];
      return {
        length: result.length,
        columns: Object.fromEntries(names.map((n) => [n, numeric(result, n)])),
        metadata,
      };
    }
    store ??= await columnStore(context.database, source, 'nuclei', version);
    if (context.signal?.aborted) throw new QueryCancelledError('(in memory)');
    return { ...gridFromColumns(store, request, lod.levelUm, coloring), metadata };
  }
  if (lod.kind === 'points') {
    const store = await columnStore(context.database, source, 'nuclei', version);
    if (context.signal?.aborted) throw new QueryCancelledError('(in memory)');
    const points = selectPoints(
      store,
      codesOf(store, request),
      box,
      POINT_BUDGET,
      coloring && { values: featureColumn(store, coloring.feature), lo: coloring.lo, hi: coloring.hi },
    );
    return {
      length: points.length,
      columns: {
        position: { kind: 'vec2', values: points.position },
        class_id: { kind: 'numeric', values: points.classId },
        ...(points.value ? { value: { kind: 'numeric', values: points.value } } : {}),
      },
      metadata: { ...metadata, truncated: String(points.truncated) },
    };
  }
  const store = loadedColumnStore(source, 'nuclei', version);
  const contours = store && loadedContourStore(context.database, source, version, store);
  if (store && contours) {
    const { length, truncated, columns } = contoursFromColumns(store, contours, request, coloring);
    return { length, columns, metadata: { ...metadata, truncated: String(truncated) } };
  }
  const query = { source, box, filter, coloring, limit: CONTOUR_BUDGET + 1 };
  const result = await readColumns(context.connection, buildContoursSql(query), options);
  const count = Math.min(result.length, CONTOUR_BUDGET);
  metadata.truncated = String(result.length > CONTOUR_BUDGET);
  const slice = (name: string): ArrowColumn => {
    const column = numeric(result, name);
    return column.kind === 'numeric' ? { kind: 'numeric', values: column.values.subarray(0, count) } : column;
  };
  const blobs = (result.blobs.contour ?? []).slice(0, count);
  const polygon = decodeContourList(
    blobs,
    result.numeric.x_um as Float32Array,
    result.numeric.y_um as Float32Array,
    result.numeric.contour_unit_um as Float32Array,
  );
  return {
    length: count,
    columns: {
      object_id: slice('object_id'),
      class_id: slice('class_id'),
      ...(coloring ? { value: slice('value') } : {}),
      polygon: { kind: 'list', ...polygon },
    },
    metadata,
  };
}
