import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';

let openConnections = 0;

/** Number of request connections currently open (tests check an aborted export released its own). */
export function openRequestConnections(): number {
  return openConnections;
}

/**
 * A fresh connection to the dataset's DuckDB instance (≈ 1 ms). Views live in the instance's
 * catalogue, so they are visible; a request's own connection can be interrupted without
 * touching anyone else's query. Call `release` exactly once.
 */
export async function acquireConnection(
  dataset: OpenedDataset,
): Promise<{ connection: DuckDBConnection; release: () => void }> {
  const connection = await dataset.instance.connect();
  openConnections += 1;
  let released = false;
  return {
    connection,
    release: () => {
      if (released) return;
      released = true;
      openConnections -= 1;
      connection.closeSync();
    },
  };
}

/** Runs `sql` on a fresh connection and returns its rows as plain JS objects. */
export async function queryRows(dataset: OpenedDataset, sql: string): Promise<Record<string, unknown>[]> {
  const { connection, release } = await acquireConnection(dataset);
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } catch (error) {
    throw new QueryError(error, sql);
  } finally {
    release();
  }
}

/** A DuckDB value as a JS number (BIGINT → number), or null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : null;
}
