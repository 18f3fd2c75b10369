import 'server-only';
/**
 * SQL builders for the nuclei layer of one slide at its three levels of detail. Identifiers
 * come from the registry, numbers from validated requests through literal() (STYLE.md §4).
 * Boxes are µm, slide frame. Every builder keeps every nucleus it reports: no sampling.
 */
import { identifier, literal } from '../../db/sql';
import { filterToSql, isEmptyFilter, type ObjectFilter } from '../../filters';
import type { Box } from '../../viewer/level-of-detail';
import { MAX_VALUE_CODE, NO_VALUE_CODE } from '../../viewer/color-scale';
import { slideTableSql, type SlideSource } from './slide-source';

/** A nucleus feature coloured through Uint8 codes over the domain [lo, hi]. */
export interface ValueColoring {
  readonly feature: string;
  readonly lo: number;
  readonly hi: number;
}

/** Centroid-in-box predicate (half-open, so adjacent boxes never count a nucleus twice). */
export function centroidInBoxSql(box: Box): string {
  return `x_um >= ${literal(box.minX)} AND x_um < ${literal(box.maxX)} AND y_um >= ${literal(box.minY)} AND y_um < ${literal(box.maxY)}`;
}

/** The Uint8 code expression of a coloured feature: 0–254 over [lo, hi] (clamped), 255 when NULL. */
export function valueCodeSql(coloring: ValueColoring): string {
  const column = identifier(coloring.feature);
  const span = coloring.hi > coloring.lo ? coloring.hi - coloring.lo : 1;
  const scaled = `round(least(greatest((${column} - ${literal(coloring.lo)}) / ${literal(span)}, 0), 1) * ${MAX_VALUE_CODE})`;
  return `CAST(coalesce(${scaled}, ${NO_VALUE_CODE}) AS UTINYINT)`;
}

/** Arguments of the grid builder: cells of `levelUm` overlapping `box`. */
export interface GridQuery {
  readonly source: SlideSource;
  readonly levelUm: number;
  readonly box: Box;
  readonly filter: ObjectFilter;
  /** When set, each row also carries the feature's sum and non-null count (for per-cell means). */
  readonly valueFeature?: string;
}

/**
 * Per (cell, class) nucleus counts at `levelUm`: read from `nuclei_grid` when nothing filters
 * or colours by a feature, else re-aggregated exactly from the raw table with GROUP BY.
 * Columns: col, row (INTEGER), class_id (UTINYINT), count (INTEGER)[, value_sum FLOAT, value_count INTEGER].
 */
export function buildGridSql(query: GridQuery): string {
  const { levelUm, box } = query;
  const c0 = Math.floor(box.minX / levelUm);
  const c1 = Math.floor(box.maxX / levelUm);
  const r0 = Math.floor(box.minY / levelUm);
  const r1 = Math.floor(box.maxY / levelUm);
  if (isEmptyFilter(query.filter) && query.valueFeature === undefined) {
    return [
      `SELECT col, "row", CAST(class_id AS UTINYINT) AS class_id, count`,
      `FROM ${slideTableSql(query.source, 'nuclei_grid')}`,
      `WHERE level_um = ${literal(levelUm)} AND col BETWEEN ${literal(c0)} AND ${literal(c1)} AND "row" BETWEEN ${literal(r0)} AND ${literal(r1)}`,
    ].join('\n');
  }
  const level = literal(levelUm);
  const snapped: Box = { minX: c0 * levelUm, minY: r0 * levelUm, maxX: (c1 + 1) * levelUm, maxY: (r1 + 1) * levelUm };
  const value = query.valueFeature ? identifier(query.valueFeature) : undefined;
  return [
    `SELECT CAST(floor(x_um / ${level}) AS INTEGER) AS col, CAST(floor(y_um / ${level}) AS INTEGER) AS "row",`,
    `  CAST(class_id AS UTINYINT) AS class_id, CAST(count(*) AS INTEGER) AS count`,
    value
      ? `  , CAST(coalesce(sum(${value}), 0) AS FLOAT) AS value_sum, CAST(count(${value}) AS INTEGER) AS value_count`
      : '',
    `FROM ${slideTableSql(query.source, 'nuclei')}`,
    `WHERE ${centroidInBoxSql(snapped)} AND (${filterToSql(query.filter)})`,
    `GROUP BY ALL`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Arguments of the point and contour builders. */
export interface ObjectsQuery {
  readonly source: SlideSource;
  readonly box: Box;
  readonly filter: ObjectFilter;
  readonly coloring?: ValueColoring;
  /** Most rows returned (the draw budget + 1, so the caller can tell it was exceeded). */
  readonly limit: number;
}

/** One row per nucleus in the box: x_um, y_um (FLOAT), class_id (UTINYINT)[, value (UTINYINT code)]. */
export function buildPointsSql(query: ObjectsQuery): string {
  return [
    `SELECT x_um, y_um, CAST(class_id AS UTINYINT) AS class_id${query.coloring ? `, ${valueCodeSql(query.coloring)} AS value` : ''}`,
    `FROM ${slideTableSql(query.source, 'nuclei')}`,
    `WHERE ${centroidInBoxSql(query.box)} AND (${filterToSql(query.filter)})`,
    `LIMIT ${literal(query.limit)}`,
  ].join('\n');
}

/** One row per nucleus in the box with its contour: object_id, class_id[, value], x_um, y_um, contour_unit_um, contour. */
export function buildContoursSql(query: ObjectsQuery): string {
  return [
    `SELECT object_id, CAST(class_id AS UTINYINT) AS class_id${query.coloring ? `, ${valueCodeSql(query.coloring)} AS value` : ''},`,
    `  x_um, y_um, contour_unit_um, contour`,
    `FROM ${slideTableSql(query.source, 'nuclei')}`,
    `WHERE ${centroidInBoxSql(query.box)} AND (${filterToSql(query.filter)})`,
    `LIMIT ${literal(query.limit)}`,
  ].join('\n');
}
