/**
 * ObjectFilter ⇄ URL search parameters, so the URL can be the source of truth for view state.
 * Form (prefix p, e.g. "n" for nuclei): p.class=2,3  p.tissue=1  p.gland=in|out
 * p.f=area_um2:20:80,eccentricity::0.9 (empty bound = unbounded).
 */
import type { ObjectKind } from '../registry';
import { objectFilterSchema, type FeatureRange, type ObjectFilter } from './object-filter';

/** Appends the filter's parameters to `params` under `prefix`. */
export function writeFilterParams(filter: ObjectFilter, prefix: string, params: URLSearchParams): void {
  if (filter.classes !== undefined) params.set(`${prefix}.class`, filter.classes.join(','));
  if (filter.tissue !== undefined) params.set(`${prefix}.tissue`, filter.tissue.join(','));
  if (filter.inGland !== undefined) params.set(`${prefix}.gland`, filter.inGland ? 'in' : 'out');
  if (filter.ranges && filter.ranges.length > 0)
    params.set(`${prefix}.f`, filter.ranges.map((r) => `${r.feature}:${r.min ?? ''}:${r.max ?? ''}`).join(','));
}

function parseIds(value: string | null): number[] | undefined {
  if (value === null) return undefined;
  return value === '' ? [] : value.split(',').map((v) => Number(v));
}

/** Result of reading a filter from a URL: the filter, or the reason it was refused. */
export type FilterParamsResult =
  { readonly ok: true; readonly filter: ObjectFilter } | { readonly ok: false; readonly error: string };

/** Reads a filter of `kind` from `params` under `prefix`, validating it against the registry. */
export function readFilterParams(kind: ObjectKind, prefix: string, params: URLSearchParams): FilterParamsResult {
  const gland = params.get(`${prefix}.gland`);
  const rangesText = params.get(`${prefix}.f`);
  const ranges: FeatureRange[] | undefined = rangesText
    ? rangesText.split(',').map((part) => {
        const [feature = '', min = '', max = ''] = part.split(':');
        return { feature, ...(min !== '' ? { min: Number(min) } : {}), ...(max !== '' ? { max: Number(max) } : {}) };
      })
    : undefined;
  const candidate = {
    kind,
    ...(parseIds(params.get(`${prefix}.class`)) ? { classes: parseIds(params.get(`${prefix}.class`)) } : {}),
    ...(parseIds(params.get(`${prefix}.tissue`)) ? { tissue: parseIds(params.get(`${prefix}.tissue`)) } : {}),
    ...(gland === 'in' ? { inGland: true } : gland === 'out' ? { inGland: false } : {}),
    ...(ranges ? { ranges } : {}),
  };
  if (gland !== null && gland !== 'in' && gland !== 'out')
    return { ok: false, error: `${prefix}.gland must be "in" or "out"` };
  const parsed = objectFilterSchema(kind).safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${prefix}: ${issue?.path.join('.') || 'filter'} — ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, filter: parsed.data as ObjectFilter };
}
