import 'server-only';
/**
 * Executes the nuclei-layer queries of one viewport and shapes them as Arrow columns: the
 * bytes the browser hands to deck.gl as binary attributes. Boxes are µm, slide frame.
 */
import type { ArrowColumn, ArrowColumns } from '../../arrow/arrow-columns';
import { isEmptyFilter, type ObjectFilter } from '../../filters';
import { featureColumn, type ColumnStore } from '../../viewer/cross-filter';
import { CONTOUR_BUDGET, POINT_BUDGET, type Box, type NucleiLod } from '../../viewer/level-of-detail';
import { aggregateGrid, selectPoints } from '../../viewer/viewport-columns';
import { maxRowsPerRequest, QueryCancelledError, RowLimitError } from '../run-cancellable';
import { columnStore, filterMasks, loadedColumnStore } from './column-store';
import { decodeContourList } from './contour-lists';
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

/** Grid cells from the slide's cached columns (exact, any filter and colouring). */
function gridFromColumns(
  store: ColumnStore,
  request: NucleiLayerRequest,
  levelUm: number,
  coloring: ValueColoring | undefined,
): { length: number; columns: Record<string, ArrowColumn> } {
  const masks = isEmptyFilter(request.filter)
    ? null
    : filterMasks(request.source, 'nuclei', request.version ?? '', store, request.filter);
  const values = coloring ? featureColumn(store, coloring.feature) : undefined;
  const cells = aggregateGrid(store, masks, request.box, levelUm, values);
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

/**
 * Runs `request.lod` and returns its Arrow columns with metadata (lod, level_um, truncated,
 * value_domain). Cells and points come from the slide's cached columns (column-store.ts); only
 * the first unfiltered class-coloured cells of a slide whose columns are still loading read the
 * precomputed `nuclei_grid`, and contours read their blobs from the Parquet file.
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
    const masks = isEmptyFilter(filter) ? null : filterMasks(source, 'nuclei', version, store, filter);
    const points = selectPoints(
      store,
      masks,
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
