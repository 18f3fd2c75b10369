import 'server-only';
/**
 * Executes the nuclei-layer queries of one viewport and shapes them as Arrow columns: the
 * bytes the browser hands to deck.gl as binary attributes. Boxes are µm, slide frame.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ArrowColumn, ArrowColumns } from '../../arrow/arrow-columns';
import type { ObjectFilter } from '../../filters';
import { CONTOUR_BUDGET, POINT_BUDGET, type Box, type NucleiLod } from '../../viewer/level-of-detail';
import { decodeContourList } from './contour-lists';
import { colorDomain, loadFeatureStats } from './feature-stats';
import { buildContoursSql, buildGridSql, buildPointsSql, type ValueColoring } from './nuclei-sql';
import { readColumns, type ResultColumns } from './read-columns';
import type { SlideSource } from './slide-source';

/** What one nuclei-layer request asks for. */
export interface NucleiLayerRequest {
  readonly source: SlideSource;
  readonly lod: NucleiLod;
  readonly box: Box;
  readonly filter: ObjectFilter;
  /** 'class' or a nucleus feature column. */
  readonly colorBy: string;
  /** Dataset version, part of the statistics cache key. */
  readonly version?: string;
}

const numeric = (result: ResultColumns, name: string): ArrowColumn => ({
  kind: 'numeric',
  values: result.numeric[name] ?? new Uint8Array(result.length),
});

/** Interleaves x and y (first `count` rows) into one Float32Array of x,y pairs. */
export function interleaveXY(x: ArrayLike<number>, y: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    out[2 * i] = x[i] as number;
    out[2 * i + 1] = y[i] as number;
  }
  return out;
}

/** Runs the query of `request.lod` and returns its Arrow columns with metadata (lod, level_um, truncated, value_domain). */
export async function loadNucleiLayer(
  connection: DuckDBConnection,
  request: NucleiLayerRequest,
): Promise<ArrowColumns> {
  const { source, lod, box, filter } = request;
  let coloring: ValueColoring | undefined;
  if (request.colorBy !== 'class') {
    const stats = await loadFeatureStats(connection, source, 'nuclei', [request.colorBy], request.version);
    const [lo, hi] = colorDomain(stats[request.colorBy] as NonNullable<(typeof stats)[string]>);
    coloring = { feature: request.colorBy, lo, hi };
  }
  const metadata: Record<string, string> = { lod: lod.kind };
  if (coloring) metadata.value_domain = JSON.stringify([coloring.lo, coloring.hi]);
  if (lod.kind === 'grid') {
    const sql = buildGridSql({ source, levelUm: lod.levelUm, box, filter, valueFeature: coloring?.feature });
    const result = await readColumns(connection, sql);
    const names = ['col', 'row', 'class_id', 'count', ...(coloring ? ['value_sum', 'value_count'] : [])];
    return {
      length: result.length,
      columns: Object.fromEntries(names.map((n) => [n, numeric(result, n)])),
      metadata: { ...metadata, level_um: String(lod.levelUm) },
    };
  }
  const budget = lod.kind === 'points' ? POINT_BUDGET : CONTOUR_BUDGET;
  const query = { source, box, filter, coloring, limit: budget + 1 };
  const result = await readColumns(connection, lod.kind === 'points' ? buildPointsSql(query) : buildContoursSql(query));
  const count = Math.min(result.length, budget);
  metadata.truncated = String(result.length > budget);
  const x = result.numeric.x_um as Float32Array;
  const y = result.numeric.y_um as Float32Array;
  const slice = (name: string): ArrowColumn => {
    const column = numeric(result, name);
    return column.kind === 'numeric' ? { kind: 'numeric', values: column.values.subarray(0, count) } : column;
  };
  const valueColumns: Record<string, ArrowColumn> = coloring ? { value: slice('value') } : {};
  if (lod.kind === 'points') {
    return {
      length: count,
      columns: {
        position: { kind: 'vec2', values: interleaveXY(x, y, count) },
        class_id: slice('class_id'),
        ...valueColumns,
      },
      metadata,
    };
  }
  const blobs = (result.blobs.contour ?? []).slice(0, count);
  const polygon = decodeContourList(blobs, x, y, result.numeric.contour_unit_um as Float32Array);
  return {
    length: count,
    columns: {
      object_id: slice('object_id'),
      class_id: slice('class_id'),
      ...valueColumns,
      polygon: { kind: 'list', ...polygon },
    },
    metadata,
  };
}
