import { ApiError, answer } from '@/lib/server/viewer/api-error';
import { arrowResponse } from '@/lib/server/viewer/arrow-response';
import { loadTissueRaster } from '@/lib/server/viewer/polygon-layers';
import { resolveServedSlide, withSlideConnection } from '@/lib/server/viewer/served-slide';
import { loadSlideRow } from '@/lib/server/viewer/slide-detail';
import { parseTissueParams } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/slides/<slideId>/tissue?size=&x0&y0&x1&y1 → Arrow IPC class raster (metadata width, height, bounds µm). */
export async function GET(request: Request, context: { params: Promise<{ slideId: string }> }): Promise<Response> {
  const startedAt = performance.now();
  return answer(async () => {
    const parsed = parseTissueParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError('bad_request', parsed.reason);
    const slide = await resolveServedSlide((await context.params).slideId, ['tissue']);
    const row = await loadSlideRow(slide.dataset, slide.source.slideId);
    const [cellUm, width, height] = [row?.tissue_cell_um, row?.tissue_width, row?.tissue_height];
    if (typeof cellUm !== 'number' || typeof width !== 'number' || typeof height !== 'number')
      throw new ApiError('not_found', `Slide ${slide.source.slideId} has no tissue map.`);
    const table = await withSlideConnection(slide, request.signal, (viewer) =>
      loadTissueRaster(viewer, {
        source: slide.source,
        grid: { cellUm, width, height },
        box: parsed.value.box,
        maxSize: parsed.value.size,
      }),
    );
    return arrowResponse(table, startedAt);
  });
}
