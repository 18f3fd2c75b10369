/**
 * SQL built as values (STYLE.md §4): identifiers only from the registry, literals escaped.
 * Request values go through bound parameters where DuckDB allows them, else through literal().
 */

/** Quotes an identifier that comes from the registry (never from a request). */
export function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a registry identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A SQL literal for a string or finite number; strings are single-quoted with quotes doubled. */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (value.includes('\0')) throw new Error('string literal contains a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}
