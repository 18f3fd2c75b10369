import { ApiError, answer } from '@/lib/server/viewer/api-error';
import { loadObjectDetail, pickObject } from '@/lib/server/viewer/object-detail';
import { resolveServedSlide, withSlideConnection } from '@/lib/server/viewer/served-slide';
import { parseObjectParams } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/slides/<slideId>/objects?kind=&id= | &x=&y=&r=&<prefix>.* → JSON detail of one object (404 when none). */
export async function GET(request: Request, context: { params: Promise<{ slideId: string }> }): Promise<Response> {
  return answer(async () => {
    const parsed = parseObjectParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError('bad_request', parsed.reason);
    const query = parsed.value;
    // A nucleus or lumen detail also reads its gland.
    const tables = query.kind === 'glands' ? (['glands'] as const) : ([query.kind, 'glands'] as const);
    const slide = await resolveServedSlide((await context.params).slideId, tables);
    const detail = await withSlideConnection(slide, request.signal, async (viewer) => {
      const id =
        query.by === 'id'
          ? query.id
          : await pickObject(viewer, { source: slide.source, ...query, radiusUm: query.radiusUm });
      return id === null ? null : loadObjectDetail(viewer, slide.source, query.kind, id);
    });
    if (!detail) throw new ApiError('not_found', `No ${query.kind} object there on slide ${slide.source.slideId}.`);
    return Response.json(detail, { headers: { 'cache-control': 'no-store' } });
  });
}
