import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { resolveExport } from '@/lib/server/export/export-request';
import { exportResponse } from '@/lib/server/export/export-stream';
import { respondInLane } from '@/lib/server/lanes';
import { parseExportQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/export?format=csv|parquet|geojson&kind=…&<object filter>… → the filtered objects as a streamed file (docs/api.md); heavy lane, 503 + Retry-After when busy. */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const query = parseExportQuery(params);
    const dataset = await requireDataset();
    return await respondInLane(
      'heavy',
      request,
      async () => exportResponse(dataset, await resolveExport(dataset, query, params)),
      { streamed: true },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
