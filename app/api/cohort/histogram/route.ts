import { objectHistogram } from '@/lib/server/cohort/object-histogram';
import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { assertObjectTable } from '@/lib/server/export/export-request';
import { parseHistogramQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/cohort/histogram?kind=nuclei&feature=area_um2&bins=40&<object filter> → exact cohort histogram (JSON). */
export async function GET(request: Request): Promise<Response> {
  try {
    const { filter, feature, bins } = parseHistogramQuery(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    assertObjectTable(dataset, filter.kind);
    return Response.json({ ok: true, filter, ...(await objectHistogram(dataset, filter, feature, bins)) });
  } catch (error) {
    return errorResponse(error);
  }
}
