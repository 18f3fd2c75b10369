import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB, type OpenDatabase } from '@/lib/db/open-duckdb';
import { literal } from '@/lib/db/sql';
import { TABLES, type ColumnDef } from '@/lib/registry';
import { writeTableParquet } from '@/pipelines/ingest/parquet-writer';
import { INT32_NULL, type ColumnValues } from '@/pipelines/ingest/staging-parquet';

// Spans several staging row groups (STAGING_GROUP rows) with a ragged last one.
const ROWS = 5_000;
const STAGING_GROUP = 2_048;
const isNullRow = (i: number): boolean => i % 7 === 3 || (i >= 2040 && i < 2056);

/** Deterministic values of one lumina column: NULL on `isNullRow` rows where the column is nullable. */
function columnValues(def: ColumnDef): ColumnValues {
  const nullable = def.nullable;
  switch (def.type) {
    case 'FLOAT':
      return Float32Array.from({ length: ROWS }, (_, i) => (nullable && isNullRow(i) ? NaN : i / 4));
    case 'DOUBLE':
      return Float64Array.from({ length: ROWS }, (_, i) => (nullable && isNullRow(i) ? NaN : i / 8));
    case 'INTEGER':
      return Int32Array.from({ length: ROWS }, (_, i) => (nullable && isNullRow(i) ? INT32_NULL : i - 100));
    case 'UINTEGER':
      // Beyond int32 too: staged as the int32 of the same bits.
      return Uint32Array.from({ length: ROWS }, (_, i) => (i === 1 ? 4294967295 : i === 2 ? 2147483648 : i));
    case 'SMALLINT':
      return Int16Array.from({ length: ROWS }, (_, i) => i % 1000);
    case 'TINYINT':
      return Int8Array.from({ length: ROWS }, (_, i) => i % 5);
    case 'BLOB': {
      // Blob i holds 1–40 bytes (some long enough not to be inlined), each after its 4-byte length.
      const lengths = Array.from({ length: ROWS }, (_, i) => 1 + ((i * 7) % 40));
      const bytes = new Uint8Array(lengths.reduce((a, n) => a + 4 + n, 0));
      const start = new Uint32Array(ROWS);
      const end = new Uint32Array(ROWS);
      let at = 0;
      lengths.forEach((n, i) => {
        new DataView(bytes.buffer).setUint32(at, n, true);
        start[i] = at + 4;
        end[i] = at + 4 + n;
        for (let k = start[i]!; k < end[i]!; k++) bytes[k] = (k * 31 + i) % 251;
        at = end[i]!;
      });
      return { bytes, start, end };
    }
    case 'VARCHAR':
      return Array.from({ length: ROWS }, (_, i) => (nullable && isNullRow(i) ? null : `id-${i}`));
    default:
      throw new Error(`no test values for ${def.type}`);
  }
}

describe('writeTableParquet', () => {
  let db: OpenDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openDuckDB({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'parquet-writer-'));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips typed columns, NULL markers across chunk boundaries and packed blobs', async () => {
    const defs = TABLES.lumina.columns;
    const columns = Object.fromEntries(defs.map((d) => [d.name, columnValues(d)]));
    const path = join(dir, 'lumina.parquet');
    await writeTableParquet(db.connection, 'lumina', columns, ROWS, path, { stagingRowGroupSize: STAGING_GROUP });
    // The test covers nullable columns of each kind the writer marks itself.
    expect(defs.some((d) => d.nullable && d.type === 'FLOAT')).toBe(true);
    expect(defs.some((d) => d.nullable && d.type === 'INTEGER')).toBe(true);
    const rows = (await db.connection.runAndReadAll(`SELECT * FROM read_parquet(${literal(path)})`)).getRowObjectsJS();
    expect(rows).toHaveLength(ROWS);
    for (const def of defs) {
      const values = columns[def.name]!;
      for (let i = 0; i < ROWS; i++) {
        const got = rows[i]![def.name];
        if (def.type === 'BLOB') {
          const { bytes, start, end } = values as { bytes: Uint8Array; start: Uint32Array; end: Uint32Array };
          expect(Array.from(got as Uint8Array), `${def.name}[${i}]`).toEqual(
            Array.from(bytes.subarray(start[i]!, end[i]!)),
          );
        } else if (def.nullable && isNullRow(i)) expect(got, `${def.name}[${i}]`).toBeNull();
        else {
          const want = (values as ArrayLike<number | string>)[i]!;
          expect(typeof want === 'string' ? got : Number(got), `${def.name}[${i}]`).toBe(want);
        }
      }
    }
  });

  it('converts arrays of another numeric type exactly, and writes booleans and strings (the cube table)', async () => {
    const n = 2100;
    const columns: Record<string, ColumnValues> = {
      feature: Array.from({ length: n }, (_, i) => (i % 2 ? 'area_um2' : '*')),
      bin: Int32Array.from({ length: n }, (_, i) => (i % 300) - 1),
      class_id: Int8Array.from({ length: n }, (_, i) => i % 7),
      tissue_class: Int8Array.from({ length: n }, (_, i) => i % 9),
      in_gland: Array.from({ length: n }, (_, i) => i % 3 === 0),
      count: Int32Array.from({ length: n }, (_, i) => i * 1000),
      at_lower_edge: Int32Array.from({ length: n }, (_, i) => i % 5),
    };
    const path = join(dir, 'cube.parquet');
    await writeTableParquet(db.connection, 'nuclei_cube', columns, n, path);
    const rows = (await db.connection.runAndReadAll(`SELECT * FROM read_parquet(${literal(path)})`)).getRowObjectsJS();
    rows.forEach((row, i) => {
      expect(row.feature).toBe(columns.feature![i as never]);
      expect(row.bin).toBe((i % 300) - 1);
      expect(row.in_gland).toBe(i % 3 === 0);
      expect(row.count).toBe(i * 1000);
    });
  });

  it('refuses values of the wrong kind or out of the column type range, before writing anything', async () => {
    const n = 3;
    const good = (): Record<string, ColumnValues> => ({
      level_um: Int16Array.of(16, 16, 64),
      col: Int32Array.of(0, 1, 2),
      row: Int32Array.of(0, 0, 0),
      class_id: Int8Array.of(1, 2, 3),
      count: Int32Array.of(1, 1, 1),
      area_sum_um2: Float64Array.of(1, 2, 3),
    });
    const write = (patch: Record<string, ColumnValues>) =>
      writeTableParquet(db.connection, 'nuclei_grid', { ...good(), ...patch }, n, join(dir, 'grid.parquet'));
    await expect(write({ count: [true, false, true] })).rejects.toThrow(
      /count: values of the wrong kind for a INTEGER/,
    );
    await expect(write({ col: ['a', 'b', 'c'] })).rejects.toThrow(/col: values of the wrong kind/);
    await expect(write({ level_um: Int32Array.of(16, 40000, 64) })).rejects.toThrow(
      /level_um: 40000 does not fit a SMALLINT/,
    );
    await expect(write({ col: Float64Array.of(0, 1.5, 2) })).rejects.toThrow(/col: 1.5 does not fit a INTEGER/);
    await expect(
      write({ area_sum_um2: Float32Array.of(1, 2, 3), class_id: Float32Array.of(1, NaN, 3) }),
    ).rejects.toThrow(/class_id: NaN does not fit a TINYINT/);
    const cube = { feature: ['*', null, '*'], bin: Int32Array.of(0, 0, 0), class_id: Int8Array.of(1, 1, 1), tissue_class: Int8Array.of(0, 0, 0), in_gland: [true, true, false], count: Int32Array.of(1, 1, 1), at_lower_edge: Int32Array.of(0, 0, 0) }; // prettier-ignore
    await expect(
      writeTableParquet(db.connection, 'nuclei_cube', cube, n, join(dir, 'cube-null.parquet')),
    ).rejects.toThrow(/feature: NULL in a NOT NULL column/);
    // Nothing is left behind by a refused write: no output, no staging file.
    expect(readdirSync(dir).filter((f) => f.startsWith('grid') || f.startsWith('cube-null'))).toEqual([]);
    await write({});
    expect(readdirSync(dir).filter((f) => f.startsWith('grid'))).toEqual(['grid.parquet']);
    const rows = (await db.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet(${literal(join(dir, 'grid.parquet'))})`)).getRowObjectsJS(); // prettier-ignore
    expect(rows[0]!.n).toBe(n);
  });
});
