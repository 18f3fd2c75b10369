/**
 * URLs of the download endpoints (docs/api.md) for the cohort page's current state. Pure.
 */
import type { ObjectFilter } from '../filters';
import { TABLES, type ColumnDef, type ObjectKind } from '../registry';
import { objectFilterParams, writeCohortState, type CohortState } from './cohort-state';

/** Options of an object export chosen on the cohort page. */
export interface ObjectExportOptions {
  readonly format: 'csv' | 'parquet' | 'geojson';
  readonly kind: ObjectKind;
  readonly filter: ObjectFilter | undefined;
  /** Explicitly selected slides; undefined = every slide the table filters keep. */
  readonly slides?: readonly string[];
  readonly contours: boolean;
  readonly gzip: boolean;
  /** Registry columns to include besides slide_id and object_id; undefined = all, [] = the ids only. */
  readonly columns?: readonly string[];
}

/**
 * The columns of `kind` a user may choose for an export, in registry order: every column except
 * object_id (always exported, like slide_id) and the contour geometry (the `contours` option).
 */
export function exportColumnChoices(kind: ObjectKind): readonly ColumnDef[] {
  return TABLES[kind].columns.filter((c) => c.role !== 'geometry' && c.name !== 'object_id');
}

/** A column as the chooser shows it: label and unit, e.g. "Area (µm²)". */
export function columnChoiceLabel(column: Pick<ColumnDef, 'label' | 'unit'>): string {
  return column.unit === '' ? column.label : `${column.label} (${column.unit})`;
}

/** The table-filter parameters (q, c.*, r.*) of `state`: the server resolves them to the same slide set. */
export function tableFilterParams(state: CohortState): URLSearchParams {
  const all = writeCohortState({ ...state, objectFilter: undefined, sort: undefined });
  const params = new URLSearchParams();
  for (const [key, value] of all)
    if (key === 'q' || key.startsWith('c.') || key.startsWith('r.')) params.set(key, value);
  return params;
}

/** Query string shared by /api/export and /api/export/manifest. */
export function objectExportQuery(state: CohortState, options: ObjectExportOptions): string {
  const params = new URLSearchParams({ format: options.format, kind: options.kind });
  if (options.slides) params.set('slides', options.slides.join(','));
  else for (const [key, value] of tableFilterParams(state)) params.set(key, value);
  // An empty `columns=` means "all" to the server; the ids alone are asked for by naming object_id.
  if (options.columns) params.set('columns', options.columns.length > 0 ? options.columns.join(',') : 'object_id');
  if (options.contours) params.set('contours', '1');
  if (options.gzip) params.set('gzip', '1');
  const filter = options.filter?.kind === options.kind ? options.filter : undefined;
  for (const [key, value] of objectFilterParams(filter)) params.set(key, value);
  return params.toString();
}

/** URL of the slide table download (the table as shown, with object-filter columns). */
export function slideTableUrl(state: CohortState, format: 'csv' | 'parquet'): string {
  const params = writeCohortState(state);
  params.set('format', format);
  params.set('cols', state.columns.join(','));
  return `/api/slides-table?${params.toString()}`;
}
