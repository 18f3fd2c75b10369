import 'server-only';
import { ARROW_STREAM_TYPE, encodeArrowColumns, type ArrowColumns } from '../../arrow/arrow-columns';

/** An Arrow IPC stream response of `table`, with its row count and server time (ms since `startedAt`). */
export function arrowResponse(table: ArrowColumns, startedAt: number): Response {
  const bytes = encodeArrowColumns(table);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': ARROW_STREAM_TYPE,
      'cache-control': 'no-store',
      'x-atlas-rows': String(table.length),
      'server-timing': `total;dur=${(performance.now() - startedAt).toFixed(1)}`,
    },
  });
}
