import 'server-only';
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { QueryError } from '../db/query-error';

/** Default per-request row cap (`ATLAS_MAX_ROWS` overrides): one full-density slide is ≈ 630 k nuclei. */
export const DEFAULT_MAX_ROWS = 2_000_000;

/** The row cap for one request: `ATLAS_MAX_ROWS` when it is a positive integer, else the default. */
export function maxRowsPerRequest(): number {
  const value = Number(process.env.ATLAS_MAX_ROWS);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_ROWS;
}

/** A query stopped because the client went away (the request's signal aborted). */
export class QueryCancelledError extends Error {
  constructor(readonly sql: string) {
    super('query cancelled: the client went away');
    this.name = 'QueryCancelledError';
  }
}

/** A query whose answer would exceed the per-request row cap; answer 413 or ask for a smaller view. */
export class RowLimitError extends Error {
  constructor(readonly maxRows: number) {
    super(`the answer has more than ${maxRows.toLocaleString('en-US')} rows; narrow the filter or the viewport`);
    this.name = 'RowLimitError';
  }
}

/** Options of runCancellable. */
export interface RunOptions {
  /** Bound parameters ($1 … or $name). */
  readonly values?: DuckDBValue[] | Record<string, DuckDBValue>;
  /** Throw RowLimitError past this many rows (default: maxRowsPerRequest()); reading stops there. */
  readonly maxRows?: number;
}

/**
 * Runs `work` (which executes `sql` on `connection`, the request's own connection: interrupting it
 * stops only this query) so that an abort of `signal` — Next.js aborts `request.signal` when the
 * client disconnects — interrupts the query and throws QueryCancelledError. RowLimitError passes
 * through; other DuckDB failures become QueryError (SQL kept for the log, never for the client).
 */
export async function cancellable<T>(
  connection: DuckDBConnection,
  sql: string,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw new QueryCancelledError(sql);
  const interrupt = (): void => connection.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const result = await work();
    if (signal?.aborted) throw new QueryCancelledError(sql);
    return result;
  } catch (error) {
    if (error instanceof RowLimitError || error instanceof QueryCancelledError) throw error;
    if (signal?.aborted) throw new QueryCancelledError(sql);
    throw new QueryError(error, sql);
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}

/**
 * Runs `sql` on `connection` and reads at most `maxRows` rows, cancellable by `signal`
 * (see cancellable).
 */
export async function runCancellable(
  connection: DuckDBConnection,
  sql: string,
  signal: AbortSignal | undefined,
  options: RunOptions = {},
): Promise<DuckDBResultReader> {
  const maxRows = options.maxRows ?? maxRowsPerRequest();
  return cancellable(connection, sql, signal, async () => {
    // Materialized, not streamed: a streaming result that fails midway ends like a finished one
    // (export/stream-complete.ts), which would be a silently short answer. The LIMIT keeps the
    // materialized rows within the cap (DuckDB keeps the subquery's ORDER BY under it).
    const capped = `SELECT * FROM (${sql}) AS capped LIMIT ${maxRows + 1}`;
    const reader = await connection.runAndReadUntil(capped, maxRows + 1, options.values);
    if (reader.currentRowCount > maxRows) throw new RowLimitError(maxRows);
    return reader;
  });
}
