import 'server-only';
/**
 * The DuckDB → typed-array fast path (notes §2): run a query, fetch its chunks and copy each
 * chunk's vector storage (`items`, a typed-array view) into one preallocated typed array per
 * column. Numeric columns must be NOT NULL (queries coalesce); BLOB columns come back as byte
 * views per row.
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api';
import type { NumericArray } from '../../arrow/arrow-columns';
import { QueryError } from '../../db/query-error';
import { NUMERIC_ARRAYS } from '../../db/vector-types';
import { cancellable, maxRowsPerRequest, RowLimitError } from '../run-cancellable';

/** Every row's bytes of a BLOB column in one buffer: row i is bytes[offsets[i] … offsets[i + 1]). */
export interface PackedBlobs {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

/** A query result as columns: numeric ones as typed arrays, BLOB ones as byte views per row (or packed). */
export interface ResultColumns {
  readonly length: number;
  readonly numeric: Readonly<Record<string, NumericArray>>;
  readonly blobs: Readonly<Record<string, readonly Uint8Array[]>>;
  /** BLOB columns when read with `packBlobs` (instead of `blobs`). */
  readonly packed: Readonly<Record<string, PackedBlobs>>;
}

/** How readColumns runs: the request's abort signal and its row cap. */
export interface ReadOptions {
  /** Aborts (the client went away) interrupt the query: QueryCancelledError (lib/server/run-cancellable.ts). */
  readonly signal?: AbortSignal;
  /** RowLimitError past this many rows (default maxRowsPerRequest()); copying stops there. */
  readonly maxRows?: number;
  /** Copy BLOB columns into one buffer each (ResultColumns.packed): no object per row outlives the read. */
  readonly packBlobs?: boolean;
}

/**
 * Runs `sql` on `connection` (the request's own: interrupting it stops only this query) and reads
 * its columns through the chunk fast path, with the cancellation and row cap of runCancellable.
 */
export async function readColumns(
  connection: DuckDBConnection,
  sql: string,
  options: ReadOptions = {},
): Promise<ResultColumns> {
  const maxRows = options.maxRows ?? maxRowsPerRequest();
  const chunks: DuckDBDataChunk[] = [];
  let length = 0;
  const { names, types } = await cancellable(connection, sql, options.signal, async () => {
    const result = await connection.run(sql);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      chunks.push(chunk);
      length += chunk.rowCount;
      if (length > maxRows) throw new RowLimitError(maxRows);
    }
    return { names: result.columnNames(), types: result.columnTypes().map((t) => t.typeId) };
  });
  const numeric: Record<string, NumericArray> = {};
  const blobs: Record<string, Uint8Array[]> = {};
  const packed: Record<string, PackedBlobs> = {};
  names.forEach((name, column) => {
    const type = types[column] as DuckDBTypeId;
    const Constructor = NUMERIC_ARRAYS[type];
    if (Constructor) {
      const out = new Constructor(length);
      let offset = 0;
      for (const chunk of chunks) {
        // `items` is private in the typings but is the vector's own typed-array view (no copy).
        const items = (chunk.getColumnVector(column) as unknown as { items: NumericArray }).items;
        out.set(items.subarray(0, chunk.rowCount) as never, offset);
        offset += chunk.rowCount;
      }
      numeric[name] = out;
    } else if (type === DuckDBTypeId.BLOB && options.packBlobs) {
      packed[name] = packBlobColumn(chunks, column, length);
    } else if (type === DuckDBTypeId.BLOB) {
      const rows: Uint8Array[] = [];
      for (const chunk of chunks) {
        const vector = chunk.getColumnVector(column) as unknown as BlobVector;
        for (let i = 0; i < chunk.rowCount; i++) rows.push(vector.getItemBytes(i) ?? new Uint8Array(0));
      }
      blobs[name] = rows;
    } else {
      throw new QueryError(new Error(`column ${name} has type ${DuckDBTypeId[type]}, not numeric or BLOB`), sql);
    }
  });
  return { length, numeric, blobs, packed };
}

type BlobVector = { getItemBytes(i: number): Uint8Array | null };

/** Copies BLOB column `column` of `chunks` into one growing buffer, so each row's view dies young. */
function packBlobColumn(chunks: readonly DuckDBDataChunk[], column: number, length: number): PackedBlobs {
  const offsets = new Int32Array(length + 1);
  let bytes = new Uint8Array(1 << 16);
  let row = 0;
  for (const chunk of chunks) {
    const vector = chunk.getColumnVector(column) as unknown as BlobVector;
    for (let i = 0; i < chunk.rowCount; i++, row++) {
      const item = vector.getItemBytes(i) ?? new Uint8Array(0);
      const start = offsets[row]!;
      if (start + item.length > bytes.length) {
        const grown = new Uint8Array(Math.max(2 * bytes.length, start + item.length));
        grown.set(bytes.subarray(0, start));
        bytes = grown;
      }
      bytes.set(item, start);
      offsets[row + 1] = start + item.length;
    }
  }
  return { bytes: bytes.slice(0, offsets[length]), offsets };
}
