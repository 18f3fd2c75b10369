import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contourAnchor, decodeContour } from '../../../../lib/contract/contour-codec';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { filterToSql, type ObjectFilter } from '../../../../lib/filters';
import { openRequestConnections } from '../../../../lib/server/export/connection';
import { streamCsv } from '../../../../lib/server/export/csv-export';
import { buildExportManifest } from '../../../../lib/server/export/export-manifest';
import type { ResolvedExport } from '../../../../lib/server/export/export-request';
import { exportColumns, exportSelectSql, type ExportSpec } from '../../../../lib/server/export/export-spec';
import { exportStream } from '../../../../lib/server/export/export-stream';
import { ensureTestDataset } from '../../../support/test-dataset';
import { geojsonDocumentSchema } from './geojson-schema';
import { readAll, resolvedExport } from '../../../support/export-dataset';

const FILTER: ObjectFilter = { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 20 }] };

describe('object exports (real test dataset, DuckDB as the reference)', () => {
  let dataset: OpenedDataset;
  let slides: string[];
  const resolved = (spec: ExportSpec, format: ResolvedExport['format'], extra: Partial<ResolvedExport> = {}) =>
    resolvedExport(spec, format, slides, extra);
  const reference = async (spec: ExportSpec) =>
    (await dataset.connection.runAndReadAll(exportSelectSql(spec, { ordered: true }))).getRowObjectsJS();

  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset(), { threads: 2 });
    slides = (await dataset.connection.runAndReadAll('SELECT slide_id FROM slides ORDER BY 1'))
      .getRows()
      .map((r) => String(r[0]));
  });
  afterAll(() => dataset?.close());

  it('CSV: header of the export columns and exactly the rows and values DuckDB selects', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: FILTER, contours: false };
    const text = (await readAll(exportStream(dataset, resolved(spec, 'csv')))).toString('utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      exportColumns(spec)
        .map((c) => c.name)
        .join(','),
    );
    const expected = await reference(spec);
    expect(expected.length).toBeGreaterThan(100);
    expect(lines.length - 1).toBe(expected.length);
    const header = (lines[0] as string).split(',');
    for (const index of [0, 57, expected.length - 1]) {
      const cells = (lines[index + 1] as string).split(',');
      const row = expected[index] as Record<string, unknown>;
      expect(cells[0]).toBe(`"${row.slide_id}"`);
      header.forEach((name, i) => {
        const value = row[name];
        if (typeof value === 'number') expect(Math.fround(Number(cells[i]))).toBe(Math.fround(value));
        if (value === null) expect(cells[i]).toBe('');
      });
    }
  });

  it('CSV bytes: identical to RFC 4180 formatting done cell by cell in SQL (text quoted, base64 BLOBs, empty NULLs)', async () => {
    for (const spec of [
      { kind: 'nuclei', filter: FILTER, slides: slides.slice(0, 2), contours: true },
      { kind: 'glands', filter: { kind: 'glands' }, contours: false },
    ] satisfies ExportSpec[]) {
      const columns = exportColumns(spec);
      const cell = (c: (typeof columns)[number]) =>
        c.type === 'VARCHAR'
          ? `coalesce('"' || replace("${c.name}", '"', '""') || '"', '')`
          : c.type === 'BLOB'
            ? `coalesce(to_base64("${c.name}"), '')`
            : `coalesce(CAST("${c.name}" AS VARCHAR), '')`;
      const lines = await dataset.connection.runAndReadAll(
        `SELECT concat_ws(',', ${columns.map(cell).join(', ')}) FROM (${exportSelectSql(spec, { ordered: true })})`,
      );
      const expected = `${columns.map((c) => c.name).join(',')}\n${lines
        .getRows()
        .map((r) => `${String(r[0])}\n`)
        .join('')}`;
      const got = (await readAll(exportStream(dataset, resolved(spec, 'csv')))).toString('utf8');
      expect(got.length).toBe(expected.length);
      expect(got === expected).toBe(true);
      // One COPY per slide into the same stream: the same bytes.
      const perSlide = (spec.slides ?? slides).map((slide) => exportSelectSql({ ...spec, slides: [slide] }));
      expect((await readAll(streamCsv(dataset, perSlide, columns))).toString('utf8') === expected).toBe(true);
    }
  });

  it('Parquet: hyparquet reads back identical values, contours included', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: FILTER, slides: slides.slice(0, 2), contours: true };
    const bytes = await readAll(exportStream(dataset, resolved(spec, 'parquet')));
    const file = new Uint8Array(bytes).buffer;
    const rows = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
    const expected = await reference(spec);
    expect(rows.length).toBe(expected.length);
    expect(Object.keys(rows[0] ?? {})).toEqual(exportColumns(spec).map((c) => c.name));
    for (let i = 0; i < rows.length; i++) {
      const got = rows[i] as Record<string, unknown>;
      const want = expected[i] as Record<string, unknown>;
      for (const [name, value] of Object.entries(want)) {
        if (value instanceof Uint8Array)
          expect(Buffer.from(got[name] as Uint8Array).equals(Buffer.from(value))).toBe(true);
        else if (typeof value === 'bigint') expect(BigInt(got[name] as number)).toBe(value);
        else expect(got[name]).toEqual(value);
      }
    }
  });

  it('GeoJSON: RFC 7946 + QuPath structure, level-0 px polygons, one feature per object', async () => {
    const slide = slides[1] as string;
    const spec: ExportSpec = { kind: 'nuclei', filter: FILTER, slides: [slide], contours: true };
    const mppRows = await dataset.connection.runAndReadAll(`SELECT mpp FROM slides WHERE slide_id = '${slide}'`);
    const mpp = Number(mppRows.getRows()[0]?.[0]);
    const json: unknown = JSON.parse(
      (await readAll(exportStream(dataset, resolved(spec, 'geojson', { mpp })))).toString('utf8'),
    );
    const document = geojsonDocumentSchema.parse(json);
    const expected = await reference({ ...spec, contours: true });
    expect(document.features.length).toBe(expected.length);
    const first = expected[0] as Record<string, unknown>;
    const ring = decodeContour(
      (first.contour as Uint8Array) ?? new Uint8Array(),
      contourAnchor(first.x_um as number, first.y_um as number, first.contour_unit_um as number),
    );
    const xs = Array.from(
      { length: ring.length / 2 },
      (_, i) => ((ring[2 * i] as number) * (first.contour_unit_um as number)) / mpp,
    );
    const got = document.features[0]?.geometry.coordinates[0]?.map((p) => p[0]) ?? [];
    expect(got.length).toBe(xs.length + 1);
    expect(Math.min(...got)).toBeCloseTo(Math.min(...xs), 1);
    expect(Math.max(...got)).toBeCloseTo(Math.max(...xs), 1);
    const properties = document.features[0]?.properties;
    expect(properties?.classification?.name).toBe(first.class_id === 2 ? 'Epithelial' : 'Lymphocyte');
    expect(properties?.measurements.area_um2).toBe(Math.fround(first.area_um2 as number));
  });

  it('gzip on request: the gunzipped bytes equal the plain export', async () => {
    const spec: ExportSpec = { kind: 'glands', filter: { kind: 'glands' }, contours: true };
    const plain = await readAll(exportStream(dataset, resolved(spec, 'csv')));
    const zipped = await readAll(exportStream(dataset, resolved(spec, 'csv', { gzip: true })));
    expect(gunzipSync(zipped).equals(plain)).toBe(true);
  });

  it('manifest: sha256 of the exact file, per-slide rows equal to DuckDB, units, notice, runnable SQL snippet', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: FILTER, contours: false };
    const request = resolved(spec, 'csv');
    const manifest = (await buildExportManifest(dataset, request, {
      hash: true,
      requestUrl: '/api/export?format=csv',
    })) as {
      export: { sha256: string; bytes: number };
      rows: { total: number; perSlide: Record<string, number> };
      columns: { name: string; unit: string }[];
      simulated: boolean;
      notice?: string;
      filter: { sql: string };
      snippet: { duckdbSql: string; python: string };
    };
    const bytes = await readAll(exportStream(dataset, request));
    expect(manifest.export.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.export.bytes).toBe(bytes.length);
    const counts = await dataset.connection.runAndReadAll(
      `SELECT slide_id, count(*)::INTEGER AS n FROM nuclei WHERE ${filterToSql(FILTER)} GROUP BY 1`,
    );
    for (const [slide, n] of counts.getRows()) expect(manifest.rows.perSlide[String(slide)]).toBe(n);
    expect(manifest.columns.find((c) => c.name === 'area_um2')?.unit).toBe('µm²');
    expect(manifest.simulated).toBe(true);
    expect(manifest.notice).toMatch(/SIMULATED/);
    const snippet = manifest.snippet.duckdbSql.replace(/'nuclei\//, `'${dataset.dir}/nuclei/`);
    const rows = (await dataset.connection.runAndReadAll(snippet)).getRows();
    expect(rows.length).toBe(manifest.rows.total);
    expect(manifest.snippet.python).toContain('pd.read_parquet("nuclei")');
  });

  it('a cancelled export interrupts its query and frees its connection; the next export works', async () => {
    for (const format of ['csv', 'geojson', 'parquet'] as const) {
      const spec: ExportSpec = {
        kind: 'nuclei',
        filter: { kind: 'nuclei' },
        slides: [slides[0] as string],
        contours: true,
      };
      const reader = exportStream(dataset, resolved(spec, format, { mpp: 0.25 })).getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(openRequestConnections()).toBeLessThanOrEqual(1);
      await reader.cancel();
      expect(openRequestConnections()).toBe(0);
    }
    const again = await readAll(
      exportStream(dataset, resolved({ kind: 'lumina', filter: { kind: 'lumina' }, contours: false }, 'csv')),
    );
    expect(again.toString('utf8').split('\n')[0]).toMatch(/^slide_id,object_id/);
    expect(openRequestConnections()).toBe(0);
  });
});
