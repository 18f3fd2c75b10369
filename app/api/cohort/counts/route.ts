import { countPerSlide } from '@/lib/server/cohort/count-per-slide';
import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { assertObjectTable } from '@/lib/server/export/export-request';
import { parseCohortFilter } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/cohort/counts?kind=nuclei&n.class=2&n.f=area_um2:60: → exact per-slide counts, fractions and densities (JSON). */
export async function GET(request: Request): Promise<Response> {
  try {
    const filter = parseCohortFilter(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    assertObjectTable(dataset, filter.kind);
    const started = performance.now();
    const counts = await countPerSlide(dataset, filter);
    return Response.json({ ok: true, filter, ...counts, ms: Math.round(performance.now() - started) });
  } catch (error) {
    return errorResponse(error);
  }
}
