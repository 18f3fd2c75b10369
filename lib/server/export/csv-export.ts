import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import type { SqlType } from '../../registry';
import { streamCopy } from './copy-stream';

/** A column of a CSV file: its name (header) and DuckDB type. */
export interface CsvColumn {
  readonly name: string;
  readonly type: SqlType | 'BIGINT';
}

/** SELECT of the CSV cells: BLOBs become base64 text, every other column passes as is. */
export function csvSelectSql(selectSql: string, columns: readonly CsvColumn[]): string {
  const cells = columns.map((c) =>
    c.type === 'BLOB' ? `to_base64(${identifier(c.name)}) AS ${identifier(c.name)}` : identifier(c.name),
  );
  return `SELECT ${cells.join(', ')} FROM (${selectSql}) AS rows`;
}

/**
 * DuckDB COPY options of the CSV rows (RFC 4180): text always quoted with quotes doubled,
 * NULL as an empty field, numbers in DuckDB's shortest round-trip spelling, `\n` line ends.
 */
export function csvCopyOptions(columns: readonly CsvColumn[]): string {
  const text = columns.filter((c) => c.type === 'VARCHAR').map((c) => identifier(c.name));
  const quoted = text.length > 0 ? `, FORCE_QUOTE (${text.join(', ')})` : '';
  return `FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR ''${quoted}`;
}

/** The header line of a CSV with `columns` (written here: FORCE_QUOTE would quote DuckDB's own). */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return `${columns.map((c) => c.name).join(',')}\n`;
}

/**
 * Streams the rows of `selects` (one or more SELECTs with the same columns, in turn) as one CSV
 * with a header row, formatted by DuckDB's CSV writer on every core. Several smaller SELECTs (an
 * export's slides) keep memory flat: DuckDB's ordered CSV COPY buffers more the further its
 * threads run ahead, which grows with the size of a single COPY.
 */
export function streamCsv(
  dataset: OpenedDataset,
  selects: string | readonly string[],
  columns: readonly CsvColumn[],
): ReadableStream<Uint8Array> {
  const all = typeof selects === 'string' ? [selects] : selects;
  return streamCopy(
    dataset,
    all.map((s) => csvSelectSql(s, columns)),
    csvCopyOptions(columns),
    csvHeader(columns),
  );
}
