import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import type { SqlType } from '../../registry';
import { streamQuery } from './chunk-stream';

/** A column of a CSV file: its name (header) and DuckDB type. */
export interface CsvColumn {
  readonly name: string;
  readonly type: SqlType | 'BIGINT';
}

/**
 * One CSV cell as a DuckDB expression (RFC 4180): text always quoted with quotes doubled, BLOBs
 * base64, numbers in DuckDB's shortest round-trip spelling, NULL as an empty field.
 */
function cellSql(column: CsvColumn): string {
  const name = identifier(column.name);
  if (column.type === 'VARCHAR') return `coalesce('"' || replace(${name}, '"', '""') || '"', '')`;
  if (column.type === 'BLOB') return `coalesce(to_base64(${name}), '')`;
  return `coalesce(CAST(${name} AS VARCHAR), '')`;
}

/** SQL turning each row of `selectSql` into one CSV line (formatting runs inside DuckDB, in parallel). */
export function csvLinesSql(selectSql: string, columns: readonly CsvColumn[]): string {
  return `SELECT concat_ws(',', ${columns.map(cellSql).join(', ')}) AS line FROM (${selectSql}) AS rows`;
}

/** The header line of a CSV with `columns`. */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return `${columns.map((c) => c.name).join(',')}\n`;
}

/** Streams `selectSql` as CSV with a header row, chunk by chunk. */
export function streamCsv(
  dataset: OpenedDataset,
  selectSql: string,
  columns: readonly CsvColumn[],
): ReadableStream<Uint8Array> {
  return streamQuery(dataset, csvLinesSql(selectSql, columns), {
    prefix: csvHeader(columns),
    encode: (chunk) => {
      const lines = chunk.getColumnValues(0) as string[];
      return `${lines.join('\n')}\n`;
    },
  });
}
