import { ApiError, answer } from '@/lib/server/viewer/api-error';
import { arrowResponse } from '@/lib/server/viewer/arrow-response';
import { loadPolygonLayer } from '@/lib/server/viewer/polygon-layers';
import { resolveServedSlide, withSlideConnection } from '@/lib/server/viewer/served-slide';
import { parsePolygonParams } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/slides/<slideId>/polygons?kind=glands|lumina&x0&y0&x1&y1&g.*|l.* → Arrow IPC (object_id, class_id, polygon µm). */
export async function GET(request: Request, context: { params: Promise<{ slideId: string }> }): Promise<Response> {
  const startedAt = performance.now();
  return answer(async () => {
    const parsed = parsePolygonParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError('bad_request', parsed.reason);
    const slide = await resolveServedSlide((await context.params).slideId, [parsed.value.kind]);
    const table = await withSlideConnection(slide, request.signal, (viewer) =>
      loadPolygonLayer(viewer, { source: slide.source, ...parsed.value }),
    );
    return arrowResponse(table, startedAt);
  });
}
