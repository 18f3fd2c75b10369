import { identifier } from '../db/sql';
import { TABLES, type TableId } from '../registry';

/** `CREATE TABLE` for a registry table with exactly the contract's column names, types and NOT NULLs. */
export function createTableSql(table: TableId, name: string = table): string {
  const columns = TABLES[table].columns.map((c) => `${identifier(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${identifier(name)} (${columns.join(', ')})`;
}

/** The registry's column list of a table, quoted, in file order (for SELECT and COPY). */
export function columnListSql(table: TableId): string {
  return TABLES[table].columns.map((c) => identifier(c.name)).join(', ');
}
