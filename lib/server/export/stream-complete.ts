import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Throws unless `select` has exactly `rows` rows. A streaming result that fails midway ends like
 * one that is exhausted (duckdb_fetch_chunk returns NULL for both, and @duckdb/node-api 1.5 does not
 * bind duckdb_result_error), so an export could end silently truncated: counting again (cheap:
 * DuckDB reads only the filter columns, or the Parquet metadata) either re-raises the error or
 * shows the shortfall. Every streamed export calls it when its stream ends.
 */
export async function checkStreamComplete(connection: DuckDBConnection, select: string, rows: number): Promise<void> {
  const counted = await connection.runAndReadAll(`SELECT count(*) FROM (${select}) AS rows`);
  const expected = Number(counted.getRows()[0]?.[0]);
  if (expected !== rows)
    throw new Error(`DuckDB's stream ended after ${rows} of ${expected} rows (an unreported error)`);
}
