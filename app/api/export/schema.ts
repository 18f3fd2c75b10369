import { z } from 'zod';
import { SLIDE_ID_PATTERN } from '@/lib/contract/layout';
import { OBJECT_KINDS } from '@/lib/registry';
import { ApiError } from '@/lib/server/export/api-error';
import type { ExportQuery } from '@/lib/server/export/export-request';
import { EXPORT_FORMATS } from '@/lib/server/export/export-spec';

/** Largest coordinate accepted in a bbox, µm (10 cm: larger than any slide). */
const MAX_UM = 100_000;

const flag = z
  .enum(['0', '1', 'true', 'false'], { message: 'must be 0, 1, true or false' })
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** A comma-separated list parameter (absent or empty = undefined). */
export function commaList(item: z.ZodString, max: number) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v.split(',')))
    .pipe(z.array(item).max(max).optional());
}

const bbox = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined ? undefined : v.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part))),
  )
  .pipe(
    z
      .array(z.number().finite().min(-MAX_UM).max(MAX_UM))
      .length(4, 'bbox is minX,minY,maxX,maxY in µm')
      .refine((b) => (b[0] as number) <= (b[2] as number) && (b[1] as number) <= (b[3] as number), {
        message: 'bbox min must not exceed max',
      })
      .optional(),
  );

/** Query parameters of GET /api/export and /api/export/manifest (the object filter is read separately). */
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  kind: z.enum(OBJECT_KINDS, { message: `kind must be one of ${OBJECT_KINDS.join(', ')}` }).default('nuclei'),
  slides: commaList(z.string().regex(SLIDE_ID_PATTERN, 'not a slide id'), 2000),
  columns: commaList(z.string().regex(/^[a-z0-9_]+$/, 'not a column name'), 100),
  contours: flag,
  gzip: flag,
  bbox,
});

/** Parses the export query of `params`, or throws a 400 ApiError naming the first problem. */
export function parseExportQuery(params: URLSearchParams): ExportQuery {
  const parsed = exportQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('bad_request', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const { bbox: box, ...rest } = parsed.data;
  return { ...rest, ...(box ? { bbox: [box[0], box[1], box[2], box[3]] as const } : {}) } as ExportQuery;
}
