import { resultToCsv } from '@/lib/explore/csv';
import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { analyseExplore } from '@/lib/server/explore/analyse-explore';
import { respondInLane } from '@/lib/server/lanes';
import { parseAnalysisQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/explore/analysis?view=groups&feature=…&by=msi_status[&format=csv] → the view's patient-level analysis (JSON) or its plot data (CSV); heavy lane, 503 + Retry-After when busy. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { state, format } = parseAnalysisQuery(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    return await respondInLane('heavy', request, async () => {
      const result = await analyseExplore(dataset, state);
      if (format === 'csv')
        return new Response(resultToCsv(result), {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="explore-${result.view}.csv"`,
          },
        });
      return Response.json({ ok: true, state, result });
    });
  } catch (error) {
    return errorResponse(error);
  }
}
