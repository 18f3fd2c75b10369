import { z } from 'zod';
import { OBJECT_FILTER_PREFIX } from '@/lib/cohort/cohort-state';
import { readFilterParams, type ObjectFilter } from '@/lib/filters';
import { OBJECT_KINDS } from '@/lib/registry';
import { ApiError } from '@/lib/server/export/api-error';

/** `kind` of a cohort query; the object filter follows under the kind's prefix (n., g., l.). */
export const cohortKindSchema = z.object({
  kind: z.enum(OBJECT_KINDS, { message: `kind must be one of ${OBJECT_KINDS.join(', ')}` }),
});

/** Parses `kind` and the object filter of a cohort request, or throws a 400 ApiError. */
export function parseCohortFilter(params: URLSearchParams): ObjectFilter {
  const parsed = cohortKindSchema.safeParse({ kind: params.get('kind') ?? undefined });
  if (!parsed.success) throw new ApiError('bad_request', parsed.error.issues[0]?.message ?? 'invalid kind');
  const { kind } = parsed.data;
  const filter = readFilterParams(kind, OBJECT_FILTER_PREFIX[kind], params);
  if (!filter.ok) throw new ApiError('bad_request', filter.error);
  return filter.filter;
}
