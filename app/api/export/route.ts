import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { errorResponse } from '@/lib/server/export/api-error';
import { resolveExport } from '@/lib/server/export/export-request';
import { exportResponse } from '@/lib/server/export/export-stream';
import { parseExportQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/export?format=csv|parquet|geojson&kind=…&<object filter>… → the filtered objects as a streamed file (docs/api.md). */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = new URL(request.url).searchParams;
    const query = parseExportQuery(params);
    const dataset = await requireDataset();
    return exportResponse(dataset, await resolveExport(dataset, query, params));
  } catch (error) {
    return errorResponse(error);
  }
}
