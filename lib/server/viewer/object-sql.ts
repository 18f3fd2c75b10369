import 'server-only';
/**
 * SQL builders for glands/lumina polygons, single objects (inspector, picking) and tissue-map
 * runs of one slide. Boxes are µm, slide frame; tissue rows and columns are map cells.
 */
import { identifier, literal } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import { TABLES, type ObjectKind } from '../../registry';
import type { Box } from '../../viewer/level-of-detail';
import { centroidInBoxSql } from './nuclei-sql';
import { slideTableSql, type SlideSource } from './slide-source';

/** Glands or lumina whose bounding box overlaps `box`: object_id, class_id, x_um, y_um, contour_unit_um, contour. */
export function buildPolygonsSql(query: {
  readonly source: SlideSource;
  readonly kind: 'glands' | 'lumina';
  readonly box: Box;
  readonly filter: ObjectFilter;
  readonly limit: number;
}): string {
  const { box } = query;
  return [
    `SELECT object_id, CAST(class_id AS UTINYINT) AS class_id, x_um, y_um, contour_unit_um, contour`,
    `FROM ${slideTableSql(query.source, query.kind)}`,
    `WHERE max_x_um >= ${literal(box.minX)} AND min_x_um <= ${literal(box.maxX)}`,
    `  AND max_y_um >= ${literal(box.minY)} AND min_y_um <= ${literal(box.maxY)} AND (${filterToSql(query.filter)})`,
    `LIMIT ${literal(query.limit)}`,
  ].join('\n');
}

/** Every registry column of one object (by object_id), contour last. */
export function buildObjectSql(source: SlideSource, kind: ObjectKind, objectId: number): string {
  const columns = TABLES[kind].columns.map((c) => identifier(c.name)).join(', ');
  return `SELECT ${columns} FROM ${slideTableSql(source, kind)} WHERE object_id = ${literal(objectId)}`;
}

/** The object_id of the filtered nucleus (or lumen/gland centroid) nearest to (x, y) within `radiusUm`. */
export function buildPickSql(query: {
  readonly source: SlideSource;
  readonly kind: ObjectKind;
  readonly x: number;
  readonly y: number;
  readonly radiusUm: number;
  readonly filter: ObjectFilter;
}): string {
  const { x, y, radiusUm: r } = query;
  const box: Box = { minX: x - r, minY: y - r, maxX: x + r, maxY: y + r };
  return [
    `SELECT object_id FROM ${slideTableSql(query.source, query.kind)}`,
    `WHERE ${centroidInBoxSql(box)} AND (${filterToSql(query.filter)})`,
    `ORDER BY (x_um - ${literal(x)}) * (x_um - ${literal(x)}) + (y_um - ${literal(y)}) * (y_um - ${literal(y)}), object_id`,
    `LIMIT 1`,
  ].join('\n');
}

/** Tissue-map runs of rows r0 ≤ row < r1 with (row − r0) mod stride = offset that overlap columns [c0, c1). */
export function buildTissueRunsSql(query: {
  readonly source: SlideSource;
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
  readonly stride: number;
  readonly offset: number;
}): string {
  const [r0, r1] = query.rows;
  const [c0, c1] = query.cols;
  return [
    `SELECT "row", col_start, col_end, CAST(class_id AS UTINYINT) AS class_id`,
    `FROM ${slideTableSql(query.source, 'tissue')}`,
    `WHERE "row" >= ${literal(r0)} AND "row" < ${literal(r1)} AND ("row" - ${literal(r0)}) % ${literal(query.stride)} = ${literal(query.offset)}`,
    `  AND col_end > ${literal(c0)} AND col_start < ${literal(c1)}`,
  ].join('\n');
}

/** Every registry column of one slide row from the `slides` view. */
export function buildSlideSql(slideId: string): string {
  const columns = TABLES.slides.columns.map((c) => identifier(c.name)).join(', ');
  return `SELECT ${columns} FROM slides WHERE slide_id = ${literal(slideId)}`;
}
