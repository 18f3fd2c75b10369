import { z } from 'zod';
import { filterableFeatures, type ObjectFilter } from '@/lib/filters';
import { ApiError } from '@/lib/server/export/api-error';
import { parseCohortFilter } from '../counts/schema';

/** `feature` and `bins` of a cohort histogram request. */
export const histogramQuerySchema = z.object({
  feature: z.string({ message: 'feature is required' }),
  bins: z.coerce
    .number({ message: 'bins must be a number' })
    .int('bins must be an integer')
    .min(1)
    .max(200)
    .default(40),
});

/** Parses a cohort histogram request (kind, object filter, feature, bins), or throws a 400 ApiError. */
export function parseHistogramQuery(params: URLSearchParams): { filter: ObjectFilter; feature: string; bins: number } {
  const filter = parseCohortFilter(params);
  const parsed = histogramQuerySchema.safeParse({
    feature: params.get('feature') ?? undefined,
    bins: params.get('bins') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('bad_request', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  if (!filterableFeatures(filter.kind).includes(parsed.data.feature))
    throw new ApiError('bad_request', `feature: ${parsed.data.feature} is not a feature of ${filter.kind}`);
  return { filter, ...parsed.data };
}
