import { z } from 'zod';
import { parseCohortState, type CohortState } from '@/lib/cohort/cohort-state';
import { ApiError } from '@/lib/server/export/api-error';

/** `format` of the slide table download; the table state (q, sort, cols, c.*, r.*, obj + filter) follows. */
export const slideTableQuerySchema = z.object({
  format: z.enum(['csv', 'parquet'], { message: 'format must be csv or parquet' }),
});

/** Parses a slide table download request, or throws a 400 ApiError naming every problem. */
export function parseSlideTableQuery(params: URLSearchParams): { format: 'csv' | 'parquet'; state: CohortState } {
  const parsed = slideTableQuerySchema.safeParse({ format: params.get('format') ?? undefined });
  if (!parsed.success) throw new ApiError('bad_request', parsed.error.issues[0]?.message ?? 'invalid format');
  const { state, errors } = parseCohortState(params);
  if (errors.length > 0) throw new ApiError('bad_request', errors.join('; '));
  return { format: parsed.data.format, state };
}
