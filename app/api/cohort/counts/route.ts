import { countPerSlide } from '@/lib/server/cohort/count-per-slide';
import { CUBE_COUNT_SOURCE } from '@/lib/server/cohort/cube-source';
import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { assertObjectTable } from '@/lib/server/export/export-request';
import { respondInLane } from '@/lib/server/lanes';
import { parseCohortFilter } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/cohort/counts?kind=nuclei&n.class=2&n.f=area_um2:60: → exact per-slide counts, fractions and densities (JSON); answers from the cube run in the interactive lane, scans in the heavy one. */
export async function GET(request: Request): Promise<Response> {
  try {
    const filter = parseCohortFilter(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    assertObjectTable(dataset, filter.kind);
    const fromCube = CUBE_COUNT_SOURCE.canAnswer(dataset, filter);
    return await respondInLane(fromCube ? 'interactive' : 'heavy', request, async () => {
      const started = performance.now();
      const counts = await countPerSlide(dataset, filter);
      return Response.json({ ok: true, filter, ...counts, ms: Math.round(performance.now() - started) });
    });
  } catch (error) {
    return errorResponse(error);
  }
}
