import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnListSql, createTableSql } from '../../../lib/contract/ddl';
import { openDuckDB, type OpenDatabase } from '../../../lib/db/open-duckdb';
import { identifier, literal } from '../../../lib/db/sql';
import { TABLE_IDS, TABLES } from '../../../lib/registry';

describe('SQL builders, run through DuckDB', () => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDuckDB({ threads: 1 });
  });
  afterAll(() => db.close());

  it('creates every registry table with exactly its columns and types', async () => {
    for (const table of TABLE_IDS) {
      await db.connection.run(createTableSql(table, `t_${table}`));
      const reader = await db.connection.runAndReadAll(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = ${literal(`t_${table}`)} ORDER BY ordinal_position`,
      );
      const rows = reader.getRowObjectsJS();
      expect(rows.map((r) => r.column_name)).toEqual(TABLES[table].columns.map((c) => c.name));
      expect(rows.map((r) => r.data_type)).toEqual(TABLES[table].columns.map((c) => c.type));
      expect(rows.map((r) => r.is_nullable === 'YES')).toEqual(TABLES[table].columns.map((c) => c.nullable));
      await db.connection.run(`SELECT ${columnListSql(table)} FROM ${identifier(`t_${table}`)}`);
    }
  });

  it('escapes literals so hostile strings stay data', async () => {
    for (const hostile of ["'; DROP TABLE t_slides; --", "O'Brien", 'back\\slash', '"quoted"', 'ünïcødé µm²']) {
      const reader = await db.connection.runAndReadAll(`SELECT ${literal(hostile)} AS value`);
      expect(reader.getRowObjectsJS()[0]?.value).toBe(hostile);
    }
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal('a\0b')).toThrow();
  });

  it('refuses identifiers that are not plain names', () => {
    expect(() => identifier('x"; DROP TABLE y; --')).toThrow();
    expect(identifier('area_um2')).toBe('"area_um2"');
  });
});
