import 'server-only';
import { cubeCountExpression, planCubeQuery } from '../../cube/cube-plan';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier, literal } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import { binEdges, findColumn, NUCLEUS_FEATURE_BINS } from '../../registry';
import { queryRows, toNumber } from '../export/connection';
import { CUBE_TABLE, hasCube, loadCube } from './cube-source';

/** A cohort histogram on the registry's fixed bins: counts[0] is below edges[0], counts[k+1] is [edges[k], edges[k+1]), the last is ≥ the last edge. */
export interface FixedHistogram {
  readonly feature: string;
  readonly unit: string;
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly source: 'cube' | 'scan';
  readonly sql: string;
}

/** SQL bin index of `column` for `edges` (same convention as lib/registry binIndex): formula, then corrected against the exact edges. */
function binSql(column: string, edges: Float64Array, log: boolean): string {
  const n = edges.length - 1;
  const lo = edges[0]!, hi = edges[n]!; // prettier-ignore
  const list = `[${Array.from(edges, (e) => String(e)).join(', ')}]::DOUBLE[]`;
  const guess = log
    ? `floor(ln(${column} / ${lo}) / ln(${hi} / ${lo}) * ${n})`
    : `floor((${column} - ${lo}) / (${hi} - ${lo}) * ${n})`;
  const b = `least(${n - 1}, greatest(0, ${guess}))::INTEGER`;
  return `CASE WHEN ${column} < ${lo} THEN -1 WHEN ${column} >= ${hi} THEN ${n} ELSE ${b} + (${column} >= list_extract(${list}, ${b} + 2))::INTEGER - (${column} < list_extract(${list}, ${b} + 1))::INTEGER END`;
}

function cubePlanFor(filter: ObjectFilter, feature: string): ReturnType<typeof planCubeQuery> {
  const others = (filter.ranges ?? []).filter((r) => r.feature !== feature);
  const own = (filter.ranges ?? []).filter((r) => r.feature === feature);
  return others.length === 0 && own.length <= 1 ? planCubeQuery({ ...filter, ranges: own }) : null;
}

/** True when fixedHistogram answers `feature` under `filter` from the in-memory cube (no scan of the objects). */
export function isFixedHistogramFromCube(dataset: OpenedDataset, filter: ObjectFilter, feature: string): boolean {
  return filter.kind === 'nuclei' && hasCube(dataset) && cubePlanFor(filter, feature) !== null;
}

/** Exact histogram of `feature` over the nuclei passing `filter`, on fixed bins; from the cube when it can answer. */
export async function fixedHistogram(
  dataset: OpenedDataset,
  filter: ObjectFilter,
  feature: string,
): Promise<FixedHistogram> {
  const spec = NUCLEUS_FEATURE_BINS[feature];
  const def = findColumn(filter.kind, feature);
  if (filter.kind !== 'nuclei' || !spec || !def) throw new Error(`no fixed bins for ${filter.kind}.${feature}`);
  const edges = binEdges(spec);
  const counts = new Array<number>(spec.count + 2).fill(0);
  const plan = cubePlanFor(filter, feature);
  let sql: string;
  if (plan && hasCube(dataset)) {
    await loadCube(dataset);
    sql = `SELECT bin, sum(${cubeCountExpression(plan)})::BIGINT AS n FROM ${identifier(CUBE_TABLE)} WHERE feature = ${literal(feature)} AND ${plan.where} GROUP BY bin ORDER BY bin`;
  } else {
    const column = identifier(feature);
    sql = `SELECT ${binSql(column, edges, spec.log === true)} AS bin, count(*) AS n FROM nuclei WHERE (${filterToSql(filter)}) AND ${column} IS NOT NULL GROUP BY bin ORDER BY bin`;
  }
  for (const row of await queryRows(dataset, sql)) counts[(toNumber(row.bin) ?? 0) + 1] = toNumber(row.n) ?? 0;
  return {
    feature,
    unit: def.unit,
    edges: Array.from(edges),
    counts,
    source: plan && hasCube(dataset) ? 'cube' : 'scan',
    sql,
  };
}
