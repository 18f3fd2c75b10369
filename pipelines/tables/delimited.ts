/**
 * A small RFC 4180 parser for CSV and TSV text: quoted fields, doubled quotes, CRLF, and a
 * header row. Errors name the line, so a bad slide table is easy to fix.
 */

/** A parsed delimited file: header names and rows of raw strings. */
export interface DelimitedTable {
  readonly header: readonly string[];
  /** Rows as arrays aligned with `header`; `lines[i]` is row i's 1-based line number. */
  readonly rows: readonly (readonly string[])[];
  readonly lines: readonly number[];
}

/** Guesses the delimiter from the header line: tab, semicolon or comma. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const counts = ['\t', ';', ','].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Parses `text` (CSV/TSV with a header row); throws with the line number on malformed quoting or ragged rows. */
export function parseDelimited(text: string, delimiter = detectDelimiter(text)): DelimitedTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') {
        records.push(record);
        lines.push(recordLine);
      }
      record = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new Error(`line ${recordLine}: unterminated quoted field`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
    lines.push(recordLine);
  }
  const [header, ...rows] = records;
  if (!header) throw new Error('empty file: expected a header row');
  const names = header.map((h) => h.trim());
  rows.forEach((row, index) => {
    if (row.length !== names.length)
      throw new Error(`line ${lines[index + 1]}: ${row.length} fields, header has ${names.length}`);
  });
  return { header: names, rows, lines: lines.slice(1) };
}

/** Parses CSV/TSV with a header row into records keyed by column name (errors name the line). */
export function parseDelimitedRecords(text: string, delimiter?: string): Record<string, string>[] {
  if (text.trim() === '') return [];
  const table = parseDelimited(text, delimiter);
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, k) => [name, row[k] ?? ''])));
}

/** Formats one field, quoting it when it holds the delimiter, a quote or a line break. */
export function formatDelimitedField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats rows as delimited text with LF line ends and a final newline. */
export function formatDelimited(rows: readonly (readonly string[])[], delimiter = ','): string {
  return (
    rows.map((row) => row.map((field) => formatDelimitedField(field, delimiter)).join(delimiter)).join('\n') + '\n'
  );
}
