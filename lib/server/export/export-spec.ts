/**
 * What an object export contains, as plain data, and its SQL. Identifiers come only from the
 * registry; slide ids and numbers are escaped literals (STYLE.md §4).
 */
import { identifier, literal } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import { TABLES, type ColumnDef, type ObjectKind } from '../../registry';

/** Output formats of an object export. */
export const EXPORT_FORMATS = ['csv', 'parquet', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An axis-aligned box in µm, slide level-0 frame (origin top-left, y down): [minX, minY, maxX, maxY]. */
export type BboxUm = readonly [number, number, number, number];

/** A validated export request. */
export interface ExportSpec {
  readonly kind: ObjectKind;
  readonly filter: ObjectFilter;
  /** Slides to export, sorted; undefined = every slide of the dataset. */
  readonly slides?: readonly string[];
  /** Registry columns to include (besides slide_id and object_id); undefined = all non-geometry columns. */
  readonly columns?: readonly string[];
  /** Include `contour_unit_um` and `contour`. */
  readonly contours: boolean;
  /** Keep only objects whose centroid lies in this box (µm); only with exactly one slide. */
  readonly bbox?: BboxUm;
}

/** The registry columns of `kind` an export may name in `columns` (everything except slide_id and geometry). */
export function exportableColumns(kind: ObjectKind): readonly ColumnDef[] {
  return TABLES[kind].columns.filter((c) => c.role !== 'geometry');
}

const SLIDE_ID_COLUMN = TABLES.slides.columns.find((c) => c.name === 'slide_id') as ColumnDef;

/** The columns of the export file in order: slide_id, object_id, chosen columns (registry order), contours. */
export function exportColumns(spec: ExportSpec): ColumnDef[] {
  const chosen = spec.columns ? new Set(spec.columns) : undefined;
  const body = TABLES[spec.kind].columns.filter((c) =>
    c.role === 'geometry' ? spec.contours : c.name === 'object_id' || !chosen || chosen.has(c.name),
  );
  return [SLIDE_ID_COLUMN, ...body];
}

/** WHERE body of the export over the object table: slides, object filter and bbox. */
export function exportWhereSql(spec: ExportSpec): string {
  const parts = [filterToSql(spec.filter)];
  if (spec.slides) parts.push(`slide_id IN (${spec.slides.map(literal).join(', ')})`);
  if (spec.bbox) {
    const [minX, minY, maxX, maxY] = spec.bbox;
    parts.push(
      `x_um BETWEEN ${literal(minX)} AND ${literal(maxX)} AND y_um BETWEEN ${literal(minY)} AND ${literal(maxY)}`,
    );
  }
  return parts.filter((p) => p !== 'TRUE').join(' AND ') || 'TRUE';
}

/** True when the export keeps only some objects of its slides (an object filter or a bbox). */
export function hasRowFilter(spec: ExportSpec): boolean {
  return filterToSql(spec.filter) !== 'TRUE' || spec.bbox !== undefined;
}

/**
 * SELECT of the export rows. Without `ordered`, rows come in storage order (slide files in id
 * order, objects by object_id), which equals ORDER BY slide_id, object_id but streams without
 * a blocking sort.
 */
export function exportSelectSql(spec: ExportSpec, options: { ordered?: boolean; from?: string } = {}): string {
  const columns = exportColumns(spec).map((c) => identifier(c.name));
  const order = options.ordered ? ' ORDER BY slide_id, object_id' : '';
  return `SELECT ${columns.join(', ')} FROM ${options.from ?? identifier(spec.kind)} WHERE ${exportWhereSql(spec)}${order}`;
}
