import { ApiError, answer } from '@/lib/server/viewer/api-error';
import { arrowResponse } from '@/lib/server/viewer/arrow-response';
import { loadNucleiLayer } from '@/lib/server/viewer/nuclei-layer';
import { resolveServedSlide, withSlideConnection } from '@/lib/server/viewer/served-slide';
import { parseNucleiParams } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/slides/<slideId>/nuclei?lod=grid|points|contours&level=&x0&y0&x1&y1&color=&n.* → Arrow IPC of the viewport's nuclei. */
export async function GET(request: Request, context: { params: Promise<{ slideId: string }> }): Promise<Response> {
  const startedAt = performance.now();
  return answer(async () => {
    const parsed = parseNucleiParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError('bad_request', parsed.reason);
    const slide = await resolveServedSlide((await context.params).slideId, ['nuclei', 'nuclei_grid']);
    const table = await withSlideConnection(slide, request.signal, (viewer) =>
      loadNucleiLayer(viewer, { source: slide.source, version: slide.dataset.manifest.version, ...parsed.value }),
    );
    return arrowResponse(table, startedAt);
  });
}
