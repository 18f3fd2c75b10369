import { z } from 'zod';
import { filterableFeatures, type ObjectFilter } from '@/lib/filters';
import { NUCLEUS_FEATURE_BINS } from '@/lib/registry';
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
  binning: z.enum(['data', 'fixed'], { message: 'binning must be data or fixed' }).default('data'),
});

/** Parses a cohort histogram request (kind, object filter, feature, bins), or throws a 400 ApiError. */
export function parseHistogramQuery(params: URLSearchParams): {
  filter: ObjectFilter;
  feature: string;
  bins: number;
  binning: 'data' | 'fixed';
} {
  const filter = parseCohortFilter(params);
  const parsed = histogramQuerySchema.safeParse({
    feature: params.get('feature') ?? undefined,
    bins: params.get('bins') ?? undefined,
    binning: params.get('binning') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('bad_request', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  if (!filterableFeatures(filter.kind).includes(parsed.data.feature))
    throw new ApiError('bad_request', `feature: ${parsed.data.feature} is not a feature of ${filter.kind}`);
  if (parsed.data.binning === 'fixed' && (filter.kind !== 'nuclei' || !(parsed.data.feature in NUCLEUS_FEATURE_BINS)))
    throw new ApiError(
      'bad_request',
      `binning: fixed bins exist for nucleus features only (${Object.keys(NUCLEUS_FEATURE_BINS).join(', ')})`,
    );
  return { filter, ...parsed.data };
}
