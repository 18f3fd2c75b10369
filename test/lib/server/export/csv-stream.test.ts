import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { openRequestConnections } from '../../../../lib/server/export/connection';
import { isJsFormattable } from '../../../../lib/server/export/csv-blocks';
import { streamCsv, type CsvColumn } from '../../../../lib/server/export/csv-export';
import { BLOCKS_IN_FLIGHT, streamCsvRows } from '../../../../lib/server/export/csv-stream';
import { formatterState } from '../../../../lib/server/export/csv-workers';
import type { ResolvedExport } from '../../../../lib/server/export/export-request';
import { exportColumns, exportSelectSql, type ExportSpec } from '../../../../lib/server/export/export-spec';
import { exportStream } from '../../../../lib/server/export/export-stream';
import { exportScratchDir } from '../../../../lib/server/export/scratch-dir';
import { slideBatches } from '../../../../lib/server/export/slide-batches';
import {
  closeExportTestDataset,
  openExportTestDataset,
  readAll,
  resolvedExport,
} from '../../../support/export-dataset';

/** First index where two buffers differ, with some context (a readable failure). */
function firstDifference(got: Buffer, want: Buffer): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i += 1;
  if (i === got.length && i === want.length) return 'identical';
  return `at byte ${i}: got ${JSON.stringify(got.subarray(Math.max(0, i - 40), i + 40).toString())} want ${JSON.stringify(want.subarray(Math.max(0, i - 40), i + 40).toString())}`; // prettier-ignore
}

const settle = async (): Promise<void> => {
  for (let k = 0; k < 100 && formatterState().jobs > 0; k += 1) await new Promise((r) => setTimeout(r, 20));
};

describe('CSV formatted in worker threads: byte-identical to DuckDB COPY (real test dataset)', () => {
  let dataset: OpenedDataset;
  let slides: string[];
  const resolved = (spec: ExportSpec): ResolvedExport => resolvedExport(spec, 'csv', slides);
  /** The export's batches, as export-stream.ts makes them. */
  const batches = (spec: ExportSpec): string[] =>
    slideBatches(dataset.manifest, spec.kind, spec.slides ?? slides).map((s) =>
      exportSelectSql({ ...spec, slides: s }),
    );
  /** DuckDB's COPY of the same SELECTs (the path every other CSV takes). */
  const copied = (selects: string[], columns: readonly CsvColumn[]) => readAll(streamCsv(dataset, selects, columns));

  beforeAll(async () => {
    ({ dataset, slides } = await openExportTestDataset());
  });
  afterAll(() => closeExportTestDataset(dataset));

  const SPECS: [string, ExportSpec][] = [
    ['nuclei, all columns', { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false }],
    ['nuclei with contours (BLOB → base64)', { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true }],
    [
      'nuclei, filtered, two slides, chosen columns',
      {
        kind: 'nuclei',
        filter: { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 20 }] },
        contours: false,
        columns: ['area_um2', 'gland_id', 'lumen_distance_um', 'class_id'],
      },
    ],
    ['glands with contours (geometry, source_id: VARCHAR)', { kind: 'glands', filter: { kind: 'glands' }, contours: true }], // prettier-ignore
    ['lumina', { kind: 'lumina', filter: { kind: 'lumina' }, contours: true }],
  ];

  it.each(SPECS)('%s: exportStream takes the JS path and writes exactly what DuckDB COPY writes', async (_, spec) => {
    const columns = exportColumns(spec);
    expect(isJsFormattable(columns)).toBe(true);
    const want = await copied(batches(spec), columns);
    const got = await readAll(exportStream(dataset, resolved(spec)));
    expect(want.toString('utf8').split('\n').length).toBeGreaterThan(20);
    expect(firstDifference(got, want)).toBe('identical');
  });

  it('nulls are present in the data these tests compare (gland_id, lumen_distance_um)', async () => {
    const rows = await dataset.connection.runAndReadAll(
      'SELECT count(*) FILTER (gland_id IS NULL), count(*) FILTER (lumen_distance_um IS NULL) FROM nuclei',
    );
    const [glandNulls, lumenNulls] = rows.getRows()[0] as [bigint, bigint];
    expect(glandNulls).toBeGreaterThan(0n);
    expect(lumenNulls).toBeGreaterThan(0n);
  });

  it('small blocks, one SELECT per slide, the two-slide filter: identical, so blocks leave in order', async () => {
    for (const [, spec] of SPECS) {
      const columns = exportColumns(spec);
      const perSlide = slides.map((slide) => exportSelectSql({ ...spec, slides: [slide] }));
      const want = await copied(perSlide, columns);
      const got = await readAll(streamCsvRows(dataset, perSlide, columns, { blockRows: 4096 }));
      expect(firstDifference(got, want)).toBe('identical');
    }
  });

  it('edge values: NULL of every type, quotes, commas, new lines, UTF-8, long text, BLOBs of 0–4 bytes, integer and float extremes', async () => {
    const columns: CsvColumn[] = [
      { name: 'text', type: 'VARCHAR' },
      { name: 'blob', type: 'BLOB' },
      { name: 'i8', type: 'TINYINT' },
      { name: 'u8', type: 'UTINYINT' },
      { name: 'i16', type: 'SMALLINT' },
      { name: 'u16', type: 'USMALLINT' },
      { name: 'i32', type: 'INTEGER' },
      { name: 'u32', type: 'UINTEGER' },
      { name: 'f', type: 'FLOAT' },
    ];
    const texts = [`'plain'`, `''`, `'a"b""c'`, `'x,y'`, `'line\nbreak'`, `'µm² — ünïcode ✓'`, `repeat('long text ', 40)`, 'NULL', `'"'`, `'abcdefghijkl'`, `'abcdefghijklm'`]; // prettier-ignore
    const blobs = [`''::BLOB`, `'\\x00'::BLOB`, `'ab'::BLOB`, `'abc'::BLOB`, `'\\xFF\\xFE\\xFD\\xFC'::BLOB`, 'NULL', `repeat('z', 1000)::BLOB`]; // prettier-ignore
    const floats = ['0', '-0.0', `'nan'`, `'inf'`, `'-inf'`, '1e-45', '3.4028235e38', '5449.53125', '0.1', '1e16', '1e-5', '123456789', 'NULL']; // prettier-ignore
    const select = (seed: number) => `SELECT
        ([${texts.join(', ')}])[1 + (i * 7 + ${seed}) % ${texts.length}]::VARCHAR AS text,
        ([${blobs.join(', ')}])[1 + (i * 5 + ${seed}) % ${blobs.length}] AS blob,
        CASE WHEN i % 11 = 3 THEN NULL ELSE (-128 + (i * 37) % 256)::TINYINT END AS i8,
        CASE WHEN i % 13 = 4 THEN NULL ELSE ((i * 41) % 256)::UTINYINT END AS u8,
        (-32768 + (i * 7919) % 65536)::SMALLINT AS i16,
        ((i * 7919) % 65536)::USMALLINT AS u16,
        CASE WHEN i % 17 = 5 THEN NULL WHEN i % 3 = 0 THEN -2147483648 WHEN i % 3 = 1 THEN 2147483647 ELSE (i * 104729) % 2000000000 - 1000000000 END::INTEGER AS i32,
        CASE WHEN i % 2 = 0 THEN 4294967295 ELSE i * 2654435 % 4294967296 END::UINTEGER AS u32,
        CASE WHEN i % 3 = 0 THEN (hash(i) % 1000000)::FLOAT / 64 ELSE ([${floats.join(', ')}])[1 + i % ${floats.length}]::FLOAT END AS f
      FROM range(${seed}, ${seed + 5000}) t(i) ORDER BY i`;
    const selects = [select(0), select(5000), select(77777)];
    expect(isJsFormattable(columns)).toBe(true);
    const want = await copied(selects, columns);
    expect(want.toString('utf8')).toContain(',,');
    const got = await readAll(streamCsvRows(dataset, selects, columns, { blockRows: 4096 }));
    expect(firstDifference(got, want)).toBe('identical');
  });

  it('an empty export is its header; columns DuckDB delivers with other types fail clearly', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true, slides: ['no-such-slide'] };
    const columns = exportColumns(spec);
    expect((await readAll(exportStream(dataset, resolved(spec)))).toString()).toBe(
      `${columns.map((c) => c.name).join(',')}\n`,
    );
    const wrong = streamCsvRows(dataset, ['SELECT 1.5::DOUBLE AS x'], [{ name: 'x', type: 'FLOAT' }]);
    await expect(readAll(wrong)).rejects.toThrow(/query failed: CSV columns arrived as types/);
    const failing = `SELECT CAST(CASE WHEN range > 300000 THEN 'x' ELSE '1' END AS INTEGER) AS n FROM range(1000000)`;
    await expect(readAll(streamCsvRows(dataset, [failing], [{ name: 'n', type: 'INTEGER' }]))).rejects.toThrow(
      /query failed: .*(Conversion Error|stream ended after)/,
    );
    expect(openRequestConnections()).toBe(0);
    // The server keeps serving: the next export works.
    const again = await readAll(exportStream(dataset, resolved({ ...spec, slides: [slides[0] as string] })));
    expect(again.toString().split('\n').length).toBeGreaterThan(100);
  });

  it('idle formatter threads do not keep a process alive (a CLI or bench exits by itself)', () => {
    const out = execFileSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'test/support/format-once.ts'],
      { timeout: 20_000 },
    );
    expect(out.toString()).toBe('5\n');
  });

  it('only object columns take the JS path: DOUBLE, BOOLEAN or BIGINT keep DuckDB COPY', () => {
    expect(isJsFormattable([{ name: 'a', type: 'DOUBLE' }])).toBe(false);
    expect(isJsFormattable([{ name: 'a', type: 'BOOLEAN' }])).toBe(false);
    expect(isJsFormattable([{ name: 'a', type: 'BIGINT' }])).toBe(false);
  });

  it('back-pressure: a stalled client stops the pulling at a bounded number of blocks; cancel frees the connection', async () => {
    // 8 M rows: far more than BLOCKS_IN_FLIGHT blocks of 4096 rows.
    const big = `SELECT i::INTEGER AS n, (i / 7)::FLOAT AS f FROM range(8000000) t(i)`;
    const columns: CsvColumn[] = [{ name: 'n', type: 'INTEGER' }, { name: 'f', type: 'FLOAT' }]; // prettier-ignore
    const before = formatterState().submitted;
    const reader = streamCsvRows(dataset, [big], columns, { blockRows: 4096 }).getReader();
    const reads = 4; // the header, then 3 blocks
    for (let k = 0; k < reads; k += 1) expect((await reader.read()).done).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    const stalled = formatterState().submitted - before;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Stalled: still connected, nothing formatting, no new block made, and only a few blocks ever made.
    expect(openRequestConnections()).toBe(1);
    expect(formatterState().jobs).toBe(0);
    expect(formatterState().submitted - before).toBe(stalled);
    expect(stalled).toBeLessThanOrEqual(reads + BLOCKS_IN_FLIGHT + 1);
    const started = performance.now();
    await reader.cancel();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(openRequestConnections()).toBe(0);
    await settle();
    expect(formatterState().jobs).toBe(0);
  });

  it('cancel mid-stream of a real export, and before the first read: connection freed, pool idle, next export fine', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true };
    await exportStream(dataset, resolved(spec)).cancel();
    expect(openRequestConnections()).toBe(0);
    const reader = streamCsvRows(dataset, batches(spec), exportColumns(spec), { blockRows: 2048 }).getReader();
    expect((await reader.read()).done).toBe(false);
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect(openRequestConnections()).toBe(0);
    await settle();
    expect(formatterState()).toMatchObject({ jobs: 0 });
    expect(formatterState().threads).toBeLessThanOrEqual(4);
    expect(readdirSync(exportScratchDir())).toEqual([]);
    const again = await readAll(exportStream(dataset, resolved({ ...spec, slides: [slides[1] as string] })));
    expect(again.toString().startsWith('slide_id,object_id,')).toBe(true);
  });
});
