import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { literal } from '../../db/sql';
import { parseCohortState, OBJECT_FILTER_PREFIX } from '../../cohort/cohort-state';
import { readFilterParams } from '../../filters';
import { TABLES, type ObjectKind } from '../../registry';
import { slideFilterSql } from '../cohort/slide-table-sql';
import { ApiError } from './api-error';
import { queryRows, toNumber } from './connection';
import { exportableColumns, type BboxUm, type ExportFormat, type ExportSpec } from './export-spec';

/** The syntactically valid query of an export request (parsed by app/api/export/schema.ts). */
export interface ExportQuery {
  readonly format: ExportFormat;
  readonly kind: ObjectKind;
  readonly slides?: readonly string[];
  readonly columns?: readonly string[];
  readonly contours: boolean;
  readonly gzip: boolean;
  readonly bbox?: BboxUm;
}

/** A fully resolved export: spec, format, the slide list it covers and the file name. */
export interface ResolvedExport {
  readonly spec: ExportSpec;
  readonly format: ExportFormat;
  readonly gzip: boolean;
  /** Every slide the export covers, sorted. */
  readonly slides: readonly string[];
  /** Level-0 µm per pixel of the single slide (GeoJSON only). */
  readonly mpp?: number;
  readonly fileName: string;
}

/** Refuses kinds the dataset has no table for (a slides-only dataset). */
export function assertObjectTable(dataset: OpenedDataset, kind: ObjectKind): void {
  if (!dataset.manifest.files.some((f) => f.path.startsWith(`${TABLES[kind].path}/`)))
    throw new ApiError('bad_request', `this dataset has no ${kind} table`);
}

async function resolveSlides(
  dataset: OpenedDataset,
  query: ExportQuery,
  params: URLSearchParams,
): Promise<string[] | undefined> {
  const all = (await queryRows(dataset, 'SELECT slide_id FROM slides ORDER BY slide_id')).map((r) =>
    String(r.slide_id),
  );
  if (query.slides) {
    const known = new Set(all);
    const unknown = query.slides.filter((s) => !known.has(s));
    if (unknown.length > 0) throw new ApiError('unknown_slide', `unknown slide(s): ${unknown.slice(0, 5).join(', ')}`);
    return [...new Set(query.slides)].sort();
  }
  const table = parseCohortState(params);
  if (table.errors.length > 0) throw new ApiError('bad_request', table.errors.join('; '));
  const where = slideFilterSql(table.state);
  if (where === 'TRUE') return undefined;
  const rows = await queryRows(dataset, `SELECT s.slide_id FROM slides s WHERE ${where} ORDER BY s.slide_id`);
  // An empty selection is a request problem, answered before any byte of the file is sent.
  if (rows.length === 0) throw new ApiError('bad_request', 'no slide matches the cohort table filters (q, c.*, r.*)');
  return rows.map((r) => String(r.slide_id));
}

/** Resolves a parsed export query against the dataset: object filter, slide set, columns, bbox rules. */
export async function resolveExport(
  dataset: OpenedDataset,
  query: ExportQuery,
  params: URLSearchParams,
): Promise<ResolvedExport> {
  assertObjectTable(dataset, query.kind);
  const filterResult = readFilterParams(query.kind, OBJECT_FILTER_PREFIX[query.kind], params);
  if (!filterResult.ok) throw new ApiError('bad_request', filterResult.error);
  const allowed = new Set(exportableColumns(query.kind).map((c) => c.name));
  const unknownColumns = (query.columns ?? []).filter((c) => !allowed.has(c));
  if (unknownColumns.length > 0)
    throw new ApiError('bad_request', `unknown column(s) of ${query.kind}: ${unknownColumns.join(', ')}`);
  const chosen = await resolveSlides(dataset, query, params);
  const slides =
    chosen ??
    (await queryRows(dataset, 'SELECT slide_id FROM slides ORDER BY slide_id')).map((r) => String(r.slide_id));
  const single = slides.length === 1 ? slides[0] : undefined;
  if (query.bbox && !single) throw new ApiError('bad_request', 'bbox needs exactly one slide (slides=<id>)');
  if (query.format === 'geojson' && !single)
    throw new ApiError('bad_request', 'GeoJSON is per slide (level-0 pixel coordinates): choose exactly one slide');
  let mpp: number | undefined;
  if (single && query.format === 'geojson') {
    const [row] = await queryRows(dataset, `SELECT mpp FROM slides WHERE slide_id = ${literal(single)}`);
    mpp = toNumber(row?.mpp) ?? undefined;
    if (mpp === undefined || !(mpp > 0))
      throw new ApiError('bad_request', `slide ${single} has no level-0 pixel size (mpp)`);
  }
  const spec: ExportSpec = {
    kind: query.kind,
    filter: filterResult.filter,
    ...(chosen ? { slides: chosen } : {}),
    ...(query.columns ? { columns: query.columns } : {}),
    contours: query.contours,
    ...(query.bbox ? { bbox: query.bbox } : {}),
  };
  const extension = query.format === 'geojson' ? 'geojson' : query.format;
  const scope = single ?? (chosen ? `${slides.length}-slides` : 'all-slides');
  const fileName = `${dataset.manifest.datasetId}-${query.kind}-${scope}.${extension}${query.gzip ? '.gz' : ''}`;
  return { spec, format: query.format, gzip: query.gzip, slides, ...(mpp !== undefined ? { mpp } : {}), fileName };
}
