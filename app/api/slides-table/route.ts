import { requireDataset } from '@/lib/server/cohort/require-dataset';
import { slideTableColumns } from '@/lib/server/cohort/slide-table-columns';
import { slideTableSql } from '@/lib/server/cohort/slide-table-sql';
import { errorResponse } from '@/lib/server/export/api-error';
import { streamCsv } from '@/lib/server/export/csv-export';
import { assertObjectTable } from '@/lib/server/export/export-request';
import { CONTENT_TYPES } from '@/lib/server/export/export-stream';
import { streamParquet } from '@/lib/server/export/parquet-export';
import { respondInLane } from '@/lib/server/lanes';
import { parseSlideTableQuery } from './schema';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/slides-table?format=csv|parquet&<cohort table state> → the cohort table as shown, with object-filter columns; heavy lane, 503 + Retry-After when busy. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { format, state } = parseSlideTableQuery(new URL(request.url).searchParams);
    const dataset = await requireDataset();
    if (state.objectFilter) assertObjectTable(dataset, state.objectFilter.kind);
    const sql = slideTableSql(state);
    return await respondInLane(
      'heavy',
      request,
      async () => {
        const body = format === 'csv' ? streamCsv(dataset, sql, slideTableColumns(state)) : streamParquet(dataset, sql);
        return new Response(body, {
          headers: {
            'content-type': CONTENT_TYPES[format],
            'content-disposition': `attachment; filename="${dataset.manifest.datasetId}-slides.${format}"`,
            'cache-control': 'no-store',
          },
        });
      },
      { streamed: true },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
