import { fixedHistogram, isFixedHistogramFromCube } from '@/lib/server/cohort/fixed-histogram';
import { objectHistogram } from '@/lib/server/cohort/object-histogram';
import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { assertObjectTable } from '@/lib/server/export/export-request';
import { respondInLane } from '@/lib/server/lanes';
import { parseHistogramQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/cohort/histogram?kind=nuclei&feature=area_um2&bins=40[&binning=fixed]&<object filter> → exact cohort histogram (JSON); fixed registry bins are served from the cube (interactive lane), the rest scans the objects (heavy lane). */
export async function GET(request: Request): Promise<Response> {
  try {
    const { filter, feature, bins, binning } = parseHistogramQuery(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    assertObjectTable(dataset, filter.kind);
    const fromCube = binning === 'fixed' && isFixedHistogramFromCube(dataset, filter, feature);
    return await respondInLane(fromCube ? 'interactive' : 'heavy', request, async () => {
      const histogram =
        binning === 'fixed'
          ? await fixedHistogram(dataset, filter, feature)
          : await objectHistogram(dataset, filter, feature, bins);
      return Response.json({ ok: true, filter, binning, ...histogram });
    });
  } catch (error) {
    return errorResponse(error);
  }
}
