/**
 * Query parameters of the viewer's route handlers (/api/slides/<slideId>/…): zod schemas the
 * handlers parse with, and the URL builders the browser calls, so both sides share one form.
 * Boxes are µm, slide frame. Pure; no SQL anywhere (handlers build it in lib/server/viewer).
 */
import { z } from 'zod';
import { filterableFeatures, readFilterParams, writeFilterParams, type ObjectFilter } from '../filters';
import { GRID_LEVELS_UM, type ObjectKind } from '../registry';
import type { Box } from './level-of-detail';
import { FILTER_PREFIX } from './view-state';

const coordinate = z.coerce.number().finite().min(-1e7).max(1e7);

/** The viewport box parameters x0, y0, x1, y1 (µm); x1 > x0 and y1 > y0. */
export const boxSchema = z
  .object({ x0: coordinate, y0: coordinate, x1: coordinate, y1: coordinate })
  .refine((b) => b.x1 > b.x0 && b.y1 > b.y0, { message: 'x1 must exceed x0 and y1 must exceed y0' });

/** `color`: 'class' or a numeric nucleus feature of the registry. */
export const colorSchema = z
  .string()
  .default('class')
  .refine((c) => c === 'class' || filterableFeatures('nuclei').includes(c), {
    message: `must be "class" or one of ${filterableFeatures('nuclei').join(', ')}`,
  });

/** Parameters of /nuclei: lod, level (µm, grid only), color and the box; filter under prefix n. */
export const nucleiParamsSchema = z
  .object({
    lod: z.enum(['grid', 'points', 'contours']),
    level: z.coerce
      .number()
      .refine((v) => (GRID_LEVELS_UM as readonly number[]).includes(v), {
        message: `must be one of ${GRID_LEVELS_UM.join(', ')}`,
      })
      .optional(),
    color: colorSchema,
  })
  .and(boxSchema)
  .refine((p) => p.lod !== 'grid' || p.level !== undefined, {
    message: 'level is required when lod=grid',
    path: ['level'],
  })
  .refine((p) => p.level === undefined || ((p.x1 - p.x0) / p.level) * ((p.y1 - p.y0) / p.level) <= 4e6, {
    message: 'box has more than 4 million cells at this level',
  });

/** Parameters of /polygons: kind (glands|lumina) and the box; filter under prefix g or l. */
export const polygonParamsSchema = z.object({ kind: z.enum(['glands', 'lumina']) }).and(boxSchema);

/** Parameters of /tissue: the raster's longest side (px) and an optional box (all four or none). */
export const tissueParamsSchema = z.object({
  size: z.coerce.number().int().min(16).max(4096).default(1024),
  x0: coordinate.optional(),
  y0: coordinate.optional(),
  x1: coordinate.optional(),
  y1: coordinate.optional(),
});

/** Parameters of /histograms: kind, comma-separated features (0–24) and bins (4–200). */
export const histogramParamsSchema = z
  .object({
    kind: z.enum(['nuclei', 'glands', 'lumina']),
    features: z
      .string()
      .default('')
      .transform((s) => (s === '' ? [] : s.split(','))),
    bins: z.coerce.number().int().min(4).max(200).default(40),
  })
  .refine((p) => p.features.length <= 24 && p.features.every((f) => filterableFeatures(p.kind).includes(f)), {
    message: 'features must be feature columns of the kind (at most 24)',
    path: ['features'],
  });

/** Parameters of /objects: kind and either id (object_id) or x, y (µm) with a pick radius r (µm). */
export const objectParamsSchema = z
  .object({
    kind: z.enum(['nuclei', 'glands', 'lumina']),
    id: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    x: coordinate.optional(),
    y: coordinate.optional(),
    r: z.coerce.number().finite().positive().max(200).default(10),
  })
  .refine((p) => p.id !== undefined || (p.x !== undefined && p.y !== undefined), {
    message: 'give id, or x and y',
  });

/** Outcome of parsing request parameters: the value, or a reason for a 400. */
export type ParsedParams<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Parses `params` with `schema` (unknown keys ignored), naming the first problem as "key: message". */
export function parseParams<T>(schema: z.ZodType<T>, params: URLSearchParams): ParsedParams<T> {
  const object: Record<string, string> = {};
  for (const [key, value] of params) if (!key.includes('.')) object[key] = value;
  const parsed = schema.safeParse(object);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'parameters'}: ${issue?.message ?? 'invalid'}` };
}

/** Reads the filter of `kind` from its prefix in `params`, as lib/filters validates it. */
export function parseKindFilter(kind: ObjectKind, params: URLSearchParams): ParsedParams<ObjectFilter> {
  const result = readFilterParams(kind, FILTER_PREFIX[kind], params);
  return result.ok ? { ok: true, value: result.filter } : { ok: false, reason: result.error };
}

function boxParams(box: Box): Record<string, string> {
  return { x0: String(box.minX), y0: String(box.minY), x1: String(box.maxX), y1: String(box.maxY) };
}

/** URL of a route under /api/slides/<slideId>/ with `values` and `filter` as parameters. */
export function viewerApiUrl(
  slideId: string,
  route: 'nuclei' | 'polygons' | 'tissue' | 'histograms' | 'objects',
  values: Record<string, string | number | undefined>,
  filter?: ObjectFilter,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value));
  if (filter) writeFilterParams(filter, FILTER_PREFIX[filter.kind], params);
  return `/api/slides/${encodeURIComponent(slideId)}/${route}?${params}`;
}

/** The box as x0, y0, x1, y1 parameter values (µm). */
export function toBoxParams(box: Box): Record<string, string> {
  return boxParams(box);
}
