/**
 * Cohort page state ⇄ URL search parameters (the URL is the source of truth, STYLE.md §3).
 * q=text  sort=col | -col (descending)  cols=a,b  c.<col>=L1,L2 (category levels)
 * r.<col>=min:max (numeric range, empty bound = open)  hist=<col>  group=<col>
 * obj=nuclei|glands|lumina with the object filter under its prefix (n, g, l) and ohist=<feature>.
 */
import { filterableFeatures, readFilterParams, writeFilterParams, type ObjectFilter } from '../filters';
import { isBiomarkerId, readBiomarkerParams, writeBiomarkerParams, type BiomarkerDef } from '../explore/biomarker';
import { OBJECT_KINDS, type ObjectKind } from '../registry';
import { COHORT_COLUMN_IDS, DEFAULT_VISIBLE_COLUMNS, findAnyCohortColumn, findCohortColumn } from './cohort-columns';

/** URL prefix of the object filter of each kind (shared with the slide viewer). */
export const OBJECT_FILTER_PREFIX: Readonly<Record<ObjectKind, string>> = { nuclei: 'n', glands: 'g', lumina: 'l' };

/** A numeric range on a slide column; either bound may be open. */
export interface ColumnRange {
  readonly min?: number;
  readonly max?: number;
}

/** Everything the cohort page shows, as plain data. */
export interface CohortState {
  readonly search: string;
  readonly sort?: { readonly column: string; readonly descending: boolean };
  readonly columns: readonly string[];
  /** Allowed levels per category/boolean column. */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  readonly ranges: Readonly<Record<string, ColumnRange>>;
  /** Slide feature shown in the distribution chart. */
  readonly chartFeature: string;
  /** Category column of the composition chart. */
  readonly groupBy: string;
  /** The cohort-wide object filter; absent = no object columns. */
  readonly objectFilter?: ObjectFilter;
  /** Object feature of the cohort histogram under the object filter. */
  readonly objectFeature?: string;
  /** User-defined biomarkers shown as table columns (same URL encoding as the explorer: b1=…). */
  readonly biomarkers: readonly BiomarkerDef[];
}

/** The state of a bare URL. */
export const DEFAULT_COHORT_STATE: CohortState = {
  search: '',
  columns: DEFAULT_VISIBLE_COLUMNS,
  categories: {},
  ranges: {},
  chartFeature: 'nuclei_density_per_mm2',
  groupBy: 'msi_status',
  biomarkers: [],
};

/** The parsed state plus every problem found (empty when the URL is valid). */
export interface ParsedCohortState {
  readonly state: CohortState;
  readonly errors: readonly string[];
}

function parseBound(text: string, key: string, errors: string[]): number | undefined {
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) errors.push(`${key}: "${text}" is not a number`);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads the cohort state from `params`; invalid parts are dropped and reported in `errors`. */
export function parseCohortState(params: URLSearchParams): ParsedCohortState {
  const errors: string[] = [];
  const categories: Record<string, string[]> = {};
  const ranges: Record<string, ColumnRange> = {};
  for (const [key, value] of params) {
    if (key.startsWith('c.')) {
      const column = findCohortColumn(key.slice(2));
      if (!column?.levels) errors.push(`${key}: not a category column`);
      else {
        const levels = value === '' ? [] : value.split(',');
        const unknown = levels.filter((l) => !column.levels?.includes(l));
        if (unknown.length > 0) errors.push(`${key}: unknown level(s) ${unknown.join(', ')}`);
        else categories[column.id] = levels;
      }
    } else if (key.startsWith('r.')) {
      const column = findCohortColumn(key.slice(2));
      const [minText = '', maxText = '', ...rest] = value.split(':');
      if (column?.kind !== 'number') errors.push(`${key}: not a numeric column`);
      else if (rest.length > 0) errors.push(`${key}: expected min:max`);
      else {
        const min = parseBound(minText, key, errors);
        const max = parseBound(maxText, key, errors);
        if (min !== undefined && max !== undefined && min > max) errors.push(`${key}: min ${min} exceeds max ${max}`);
        else ranges[column.id] = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      }
    }
  }
  const sortText = params.get('sort');
  let sort: CohortState['sort'];
  if (sortText) {
    const descending = sortText.startsWith('-');
    const column = descending ? sortText.slice(1) : sortText;
    if (findAnyCohortColumn(column) || (isBiomarkerId(column) && params.has(column))) sort = { column, descending };
    else errors.push(`sort: unknown column ${column}`);
  }
  const colsText = params.get('cols');
  let columns = DEFAULT_COHORT_STATE.columns;
  if (colsText !== null) {
    const ids = colsText.split(',').filter((id) => id !== '');
    const unknown = ids.filter((id) => !COHORT_COLUMN_IDS.includes(id));
    if (unknown.length > 0) errors.push(`cols: unknown column(s) ${unknown.join(', ')}`);
    columns = ids.filter((id) => COHORT_COLUMN_IDS.includes(id));
  }
  const chartFeature = pickColumn(params, 'hist', 'number', DEFAULT_COHORT_STATE.chartFeature, errors);
  const groupBy = pickColumn(params, 'group', 'levels', DEFAULT_COHORT_STATE.groupBy, errors);
  const object = parseObjectState(params, errors);
  const biomarkers = readBiomarkerParams(params);
  errors.push(...biomarkers.errors);
  return {
    state: {
      search: parseSearch(params.get('q'), errors),
      ...(sort ? { sort } : {}),
      columns,
      categories,
      ranges,
      chartFeature,
      groupBy,
      ...object,
      biomarkers: biomarkers.biomarkers,
    },
    errors,
  };
}

/** The search text; control characters (e.g. NUL) are refused with a reason. */
function parseSearch(text: string | null, errors: string[]): string {
  if (text === null) return '';
  if (/[\u0000-\u001f]/.test(text)) {
    errors.push('q: must not contain control characters');
    return '';
  }
  return text.slice(0, 200);
}

function pickColumn(
  params: URLSearchParams,
  key: string,
  want: 'number' | 'levels',
  fallback: string,
  errors: string[],
): string {
  const id = params.get(key);
  if (id === null) return fallback;
  const column = findCohortColumn(id);
  const fits = want === 'number' ? column?.kind === 'number' : column?.levels !== undefined;
  if (!fits) errors.push(`${key}: ${id} is not a ${want === 'number' ? 'numeric' : 'category'} column`);
  return fits ? id : fallback;
}

function parseObjectState(
  params: URLSearchParams,
  errors: string[],
): Pick<CohortState, 'objectFilter' | 'objectFeature'> {
  const kindText = params.get('obj');
  if (kindText === null || kindText === '') return {};
  if (!(OBJECT_KINDS as readonly string[]).includes(kindText)) {
    errors.push(`obj: must be one of ${OBJECT_KINDS.join(', ')}`);
    return {};
  }
  const kind = kindText as ObjectKind;
  const result = readFilterParams(kind, OBJECT_FILTER_PREFIX[kind], params);
  if (!result.ok) {
    errors.push(result.error);
    return {};
  }
  const feature = params.get('ohist') ?? undefined;
  if (feature !== undefined && !filterableFeatures(kind).includes(feature)) {
    errors.push(`ohist: ${feature} is not a feature of ${kind}`);
    return { objectFilter: result.filter };
  }
  return { objectFilter: result.filter, ...(feature ? { objectFeature: feature } : {}) };
}

/** Writes `state` as search parameters, omitting defaults so URLs stay short. */
export function writeCohortState(state: CohortState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.search !== '') params.set('q', state.search);
  if (state.sort) params.set('sort', `${state.sort.descending ? '-' : ''}${state.sort.column}`);
  if (state.columns.join(',') !== DEFAULT_VISIBLE_COLUMNS.join(',')) params.set('cols', state.columns.join(','));
  for (const [id, levels] of Object.entries(state.categories)) params.set(`c.${id}`, levels.join(','));
  for (const [id, range] of Object.entries(state.ranges)) {
    if (range.min === undefined && range.max === undefined) continue;
    params.set(`r.${id}`, `${range.min ?? ''}:${range.max ?? ''}`);
  }
  if (state.chartFeature !== DEFAULT_COHORT_STATE.chartFeature) params.set('hist', state.chartFeature);
  if (state.groupBy !== DEFAULT_COHORT_STATE.groupBy) params.set('group', state.groupBy);
  if (state.objectFilter) {
    params.set('obj', state.objectFilter.kind);
    writeFilterParams(state.objectFilter, OBJECT_FILTER_PREFIX[state.objectFilter.kind], params);
    if (state.objectFeature) params.set('ohist', state.objectFeature);
  }
  writeBiomarkerParams(state.biomarkers, params);
  return params;
}

/** Only the object-filter parameters of `state` (what the viewer reads), or empty params. */
export function objectFilterParams(filter: ObjectFilter | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (filter) writeFilterParams(filter, OBJECT_FILTER_PREFIX[filter.kind], params);
  return params;
}

/** The viewer URL of a slide carrying the cohort object filter. */
export function slideHref(slideId: string, filter: ObjectFilter | undefined): string {
  const query = objectFilterParams(filter).toString();
  return `/slides/${encodeURIComponent(slideId)}${query ? `?${query}` : ''}`;
}
