import { ApiError, answer } from '@/lib/server/viewer/api-error';
import { loadHistograms } from '@/lib/server/viewer/histograms';
import { resolveServedSlide, withSlideConnection } from '@/lib/server/viewer/served-slide';
import { parseHistogramParams } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/slides/<slideId>/histograms?kind=&features=a,b&bins=&<prefix>.* → JSON counts and cross-filtered histograms. */
export async function GET(request: Request, context: { params: Promise<{ slideId: string }> }): Promise<Response> {
  return answer(async () => {
    const parsed = parseHistogramParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError('bad_request', parsed.reason);
    const slide = await resolveServedSlide((await context.params).slideId, [parsed.value.kind]);
    const result = await withSlideConnection(slide, request.signal, (viewer) =>
      loadHistograms(viewer, { source: slide.source, version: slide.dataset.manifest.version, ...parsed.value }),
    );
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  });
}
