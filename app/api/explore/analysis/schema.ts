import { z } from 'zod';
import { EXPLORE_VIEWS, parseExploreState, SURVIVAL_SPLITS, type ExploreState } from '@/lib/explore/explore-state';
import { ENDPOINT_IDS, GROUP_VARIABLE_IDS } from '@/lib/explore/variables';
import { ApiError } from '@/lib/server/export/api-error';

const id = z.string().regex(/^[a-z0-9_]{1,80}$/, 'must be a variable id');

/** Shape of the explorer query (cross-references such as feature ↔ biomarkers are checked by parseExploreState). */
export const analysisQuerySchema = z
  .object({
    view: z.enum(EXPLORE_VIEWS).optional(),
    feature: id.optional(),
    by: z.enum(GROUP_VARIABLE_IDS).optional(),
    lv: z.string().max(200).optional(),
    vs: id.optional(),
    end: z.enum(ENDPOINT_IDS).optional(),
    split: z.enum(SURVIVAL_SPLITS).optional(),
    cut: z.coerce.number().finite().optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .loose();

/** Parses the query of GET /api/explore/analysis, or throws a 400 ApiError naming the first problem. */
export function parseAnalysisQuery(params: URLSearchParams): { state: ExploreState; format: 'json' | 'csv' } {
  const shape = analysisQuerySchema.safeParse(Object.fromEntries(params));
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new ApiError('bad_request', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const { state, errors } = parseExploreState(params);
  if (errors.length > 0) throw new ApiError('bad_request', errors.join('; '));
  return { state, format: shape.data.format };
}
