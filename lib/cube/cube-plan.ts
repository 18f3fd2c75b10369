/**
 * Decides whether an object filter can be answered exactly from the `nuclei_cube`, and builds the
 * cube SQL when it can: nuclei only, at most one feature range, and range bounds that are bin
 * edges of that feature (lib/registry/bins.ts). Everything else goes to an exact scan.
 */
import { identifier, literal } from '../db/sql';
import type { ObjectFilter } from '../filters';
import { binEdges, edgeIndex, NUCLEUS_FEATURE_BINS } from '../registry';

/** The cube slice and bin range a filter maps to. */
export interface CubePlan {
  /** Feature slice ('*' when the filter has no range). */
  readonly feature: string;
  /** First bin counted fully (-1 = from the underflow bin). */
  readonly fromBin: number;
  /** Bins < toBin are counted fully; at toBin only values equal to its lower edge (inclusive max). null = no upper bound. */
  readonly toBin: number | null;
  /** Predicate on class_id / tissue_class / in_gland ('TRUE' when none). */
  readonly where: string;
}

/** The cube plan of `filter`, or null when the cube cannot answer it exactly. */
export function planCubeQuery(filter: ObjectFilter): CubePlan | null {
  if (filter.kind !== 'nuclei') return null;
  const ranges = filter.ranges ?? [];
  if (ranges.length > 1) return null;
  const parts: string[] = [];
  if (filter.classes !== undefined)
    parts.push(filter.classes.length === 0 ? 'FALSE' : `class_id IN (${filter.classes.map(literal).join(', ')})`);
  if (filter.tissue !== undefined)
    parts.push(filter.tissue.length === 0 ? 'FALSE' : `tissue_class IN (${filter.tissue.map(literal).join(', ')})`);
  if (filter.inGland !== undefined) parts.push(filter.inGland ? 'in_gland' : 'NOT in_gland');
  const where = parts.length === 0 ? 'TRUE' : parts.join(' AND ');
  const range = ranges[0];
  if (!range) return { feature: '*', fromBin: -1, toBin: null, where };
  const spec = NUCLEUS_FEATURE_BINS[range.feature];
  if (!spec) return null;
  const edges = binEdges(spec);
  const from = range.min === undefined ? -1 : edgeIndex(edges, range.min);
  const to = range.max === undefined ? null : edgeIndex(edges, range.max);
  if (from < 0 && range.min !== undefined) return null;
  if (to !== null && to < 0) return null;
  return { feature: range.feature, fromBin: from, toBin: to, where };
}

/** SQL expression (per cube row) of the nuclei a plan counts. */
export function cubeCountExpression(plan: CubePlan): string {
  const full = plan.toBin === null ? `bin >= ${plan.fromBin}` : `bin >= ${plan.fromBin} AND bin < ${plan.toBin}`;
  const edge = plan.toBin === null ? '' : ` WHEN bin = ${plan.toBin} AND bin >= ${plan.fromBin} THEN at_lower_edge`;
  return `CASE WHEN ${full} THEN count${edge} ELSE 0 END`;
}

/** Per-slide filtered count and total from the cube table `cube` (slide_id, count, total). */
export function cubeCountPerSlideSql(plan: CubePlan, cube = 'nuclei_cube'): string {
  const table = identifier(cube);
  return (
    `SELECT slide_id, sum(${cubeCountExpression(plan)}) FILTER (WHERE feature = ${literal(plan.feature)} AND ${plan.where})::BIGINT AS count, ` +
    `sum(count) FILTER (WHERE feature = '*')::BIGINT AS total FROM ${table} WHERE feature IN (${literal(plan.feature)}, '*') GROUP BY slide_id`
  );
}
