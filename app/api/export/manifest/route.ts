import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { ApiError, errorResponse } from '@/lib/server/export/api-error';
import { buildExportManifest } from '@/lib/server/export/export-manifest';
import { resolveExport } from '@/lib/server/export/export-request';
import { respondInLane } from '@/lib/server/lanes';
import { manifestQuerySchema, parseExportQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/export/manifest?<same query as /api/export>[&sha256=0] → JSON manifest with snippets (docs/api.md); heavy lane (hashing runs the export). */
export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const params = url.searchParams;
    const query = parseExportQuery(params);
    const extra = manifestQuerySchema.safeParse({ sha256: params.get('sha256') ?? undefined });
    if (!extra.success) throw new ApiError('bad_request', extra.error.issues[0]?.message ?? 'invalid sha256');
    const dataset = await requireDataset();
    return await respondInLane('heavy', request, async () => {
      const resolved = await resolveExport(dataset, query, params);
      const manifest = await buildExportManifest(dataset, resolved, {
        hash: extra.data.sha256,
        requestUrl: `${url.pathname.replace(/\/manifest$/, '')}${url.search}`,
      });
      return Response.json(manifest, {
        headers: { 'content-disposition': `attachment; filename="${resolved.fileName}.manifest.json"` },
      });
    });
  } catch (error) {
    return errorResponse(error);
  }
}
