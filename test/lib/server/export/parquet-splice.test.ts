/**
 * The row-group splice (unfiltered Parquet exports) against DuckDB's own SELECT on a copy of the
 * test dataset whose nuclei files are rewritten with small row groups (several per slide), one
 * slide with an empty glands file (0 rows, as the pipeline writes for a slide without glands) and
 * one slide without a lumina file at all.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { geoParquetMetadata } from '../../../../lib/contract/geoparquet';
import { partitionFile } from '../../../../lib/contract/layout';
import { openDuckDB } from '../../../../lib/db/open-duckdb';
import { ManifestSchema } from '../../../../lib/contract/manifest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { literal } from '../../../../lib/db/sql';
import type { ResolvedExport } from '../../../../lib/server/export/export-request';
import { exportColumns, exportSelectSql, type ExportSpec } from '../../../../lib/server/export/export-spec';
import { exportStream } from '../../../../lib/server/export/export-stream';
import { ParquetFileError } from '../../../../lib/parquet/footer';
import { spliceInput, streamParquet } from '../../../../lib/server/export/parquet-export';
import { spliceParquet } from '../../../../lib/server/export/parquet-splice';
import type { ObjectKind } from '../../../../lib/registry';
import { makeTempDir } from '../../../support/temp-dir';
import { ensureTestDataset } from '../../../support/test-dataset';
import { readAll, resolvedExport } from '../../../support/export-dataset';

/** Rows per row group of the rewritten nuclei files (DuckDB's vector size, the smallest it writes). */
const SMALL_ROW_GROUP = 2048;

/** Rewrites manifest entries of changed files (size, sha256) and drops entries of removed ones. */
function refreshManifest(dir: string): void {
  const path = join(dir, 'manifest.json');
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const files = manifest.files.flatMap((f) => {
    try {
      const bytes = readFileSync(join(dir, f.path));
      return [{ ...f, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }];
    } catch {
      return [];
    }
  });
  writeFileSync(path, `${JSON.stringify({ ...manifest, files }, null, 2)}\n`);
}

/** The copy of the test dataset described at the top, built with DuckDB's writer like the pipeline's. */
async function buildSpliceDataset(dir: string, slides: readonly string[]): Promise<void> {
  cpSync(await ensureTestDataset(), dir, { recursive: true });
  // Our DuckDB settings, as in the pipeline: `geometry` stays WKB bytes, declared by our own `geo` metadata.
  const database = await openDuckDB({ threads: 1 });
  const connection = database.connection;
  const rewrite = async (kind: ObjectKind, slide: string, select: string, rowGroup = 122_880) => {
    const path = join(dir, partitionFile(kind, slide));
    const geo = kind === 'nuclei' ? '' : `, KV_METADATA {geo: ${literal(geoParquetMetadata())}}`;
    await connection.run(
      `COPY (${select.replace('$file', `read_parquet(${literal(path)}, hive_partitioning = false)`)}) TO ${literal(`${path}.tmp`)} ` +
        `(FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE ${rowGroup}${geo})`,
    );
    renameSync(`${path}.tmp`, path);
  };
  for (const slide of slides) await rewrite('nuclei', slide, 'SELECT * FROM $file', SMALL_ROW_GROUP);
  await rewrite('glands', slides[1] as string, 'SELECT * FROM $file LIMIT 0');
  rmSync(join(dir, partitionFile('lumina', slides[2] as string)));
  database.close();
  refreshManifest(dir);
}

describe('Parquet row-group splice (unfiltered exports)', () => {
  const temp = makeTempDir('atlas-splice-');
  const dir = join(temp.dir, 'dataset');
  let dataset: OpenedDataset;
  let slides: string[];
  const resolved = (spec: ExportSpec): ResolvedExport => resolvedExport(spec, 'parquet', slides);
  /** Writes `bytes` to a file of the temp folder and returns its path. */
  const saved = (name: string, bytes: Uint8Array): string => {
    const path = join(temp.dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const query = async (sql: string) => (await dataset.connection.runAndReadAll(sql)).getRowObjectsJS();
  const describeTypes = async (sql: string) =>
    (await query(`DESCRIBE ${sql}`)).map((r) => `${String(r.column_name)} ${String(r.column_type)}`);

  beforeAll(async () => {
    const source = await openDataset(await ensureTestDataset(), { threads: 1 });
    slides = (await source.connection.runAndReadAll('SELECT slide_id FROM slides ORDER BY 1'))
      .getRows()
      .map((r) => String(r[0]));
    source.close();
    await buildSpliceDataset(dir, slides);
    dataset = await openDataset(dir, { threads: 2 });
  });
  afterAll(() => {
    dataset?.close();
    temp.remove();
  });

  const cases: [string, (slides: readonly string[]) => ExportSpec][] = [
    [
      'nuclei, all columns, every slide (several row groups each)',
      () => ({ kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false }),
    ],
    [
      'nuclei, a column subset with contours, two slides',
      (all) => ({
        kind: 'nuclei',
        filter: { kind: 'nuclei' },
        contours: true,
        columns: ['eccentricity', 'class_id', 'area_um2'],
        slides: [all[0] as string, all[3] as string],
      }),
    ],
    [
      'glands with contours and GeoParquet geometry, a slide with an empty file among them',
      () => ({ kind: 'glands', filter: { kind: 'glands' }, contours: true }),
    ],
    [
      'lumina, ids only, a slide without a file among them',
      () => ({ kind: 'lumina', filter: { kind: 'lumina' }, contours: false, columns: ['object_id'] }),
    ],
  ];

  it.each(cases)('%s: DuckDB and hyparquet read exactly what DuckDB selects', async (_name, specOf) => {
    const spec = specOf(slides);
    const bytes = await readAll(exportStream(dataset, resolved(spec)));
    const file = saved('export.parquet', bytes);
    const reference = exportSelectSql(spec, { ordered: true });
    const expected = await query(reference);
    expect(expected.length).toBeGreaterThan(0);
    expect(await describeTypes(`SELECT * FROM read_parquet(${literal(file)})`)).toEqual(await describeTypes(reference));
    expect(await query(`SELECT * FROM read_parquet(${literal(file)})`)).toEqual(expected);
    // Raw values (BLOBs as bytes, geometry as WKB), to compare with DuckDB's.
    const buffer = new Uint8Array(bytes).buffer;
    const rows = (await parquetReadObjects({ file: buffer, compressors, utf8: false, geoparquet: false })) as Record<
      string,
      unknown
    >[];
    expect(rows.length).toBe(expected.length);
    rows.forEach((row, i) => {
      const want = expected[i] as Record<string, unknown>;
      expect(Object.keys(row)).toEqual(Object.keys(want));
      for (const [name, value] of Object.entries(want)) {
        if (value instanceof Uint8Array) expect(Buffer.from(row[name] as Uint8Array).equals(value)).toBe(true);
        else expect(row[name]).toEqual(value);
      }
    });
    // GeoParquet: the stored `geo` metadata (crs: null, the slide frame) when geometry is exported, else none.
    const { key_value_metadata: kv } = parquetMetadata(buffer);
    const geo = kv?.find((entry) => entry.key === 'geo')?.value;
    if ('geometry' in (expected[0] ?? {})) expect(JSON.parse(geo ?? '{}')).toEqual(JSON.parse(geoParquetMetadata()));
    else expect(geo).toBeUndefined();
  });

  it('keeps every stored row group, compressed as stored, behind an uncompressed slide_id chunk with exact statistics', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true };
    const file = saved('all.parquet', await readAll(exportStream(dataset, resolved(spec))));
    const stored = await query(
      `SELECT count(*)::INTEGER AS n FROM parquet_metadata([${slides.map((s) => literal(join(dir, partitionFile('nuclei', s)))).join(', ')}]) WHERE column_id = 0`,
    );
    const chunks = await query(
      `SELECT row_group_id, path_in_schema, compression, stats_min_value, stats_max_value, stats_null_count, bloom_filter_offset FROM parquet_metadata(${literal(file)}) ORDER BY row_group_id, column_id`,
    );
    const slideChunks = chunks.filter((c) => c.path_in_schema === 'slide_id');
    expect(slideChunks.length).toBe(stored[0]?.n);
    expect(slideChunks.length).toBeGreaterThan(slides.length);
    for (const chunk of slideChunks) {
      expect(chunk.compression).toBe('UNCOMPRESSED');
      expect(chunk.stats_min_value).toBe(chunk.stats_max_value);
      expect(chunk.stats_null_count).toBe(0n);
    }
    expect(new Set(slideChunks.map((c) => c.stats_min_value))).toEqual(new Set(slides));
    expect(new Set(chunks.filter((c) => c.path_in_schema !== 'slide_id').map((c) => c.compression))).toEqual(
      new Set(['ZSTD']),
    );
    expect(chunks.every((c) => c.bloom_filter_offset === null)).toBe(true);
    const metadata = parquetMetadata(new Uint8Array(readFileSync(file)).buffer);
    expect(metadata.row_groups.map((g) => g.ordinal)).toEqual(metadata.row_groups.map((_, i) => i));
  });

  it('DuckDB filters the spliced file by slide_id from the statistics alone', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false };
    const bytes = await readAll(exportStream(dataset, resolved(spec)));
    const intact = saved('pruned.parquet', bytes);
    for (const slide of slides) {
      const [got] = await query(
        `SELECT count(*)::INTEGER AS n, min(object_id) AS lo FROM read_parquet(${literal(intact)}) WHERE slide_id = ${literal(slide)}`,
      );
      const [want] = await query(
        `SELECT count(*)::INTEGER AS n, min(object_id) AS lo FROM nuclei WHERE slide_id = ${literal(slide)}`,
      );
      expect(got).toEqual(want);
    }
    // Zero every page of the last slide's row groups, slide_id included: a query that had to read
    // them would fail, so one that succeeds skipped them by their statistics alone.
    const groups = parquetMetadata(new Uint8Array(bytes).buffer).row_groups;
    const last = slides.at(-1) as string;
    const broken = Buffer.from(bytes);
    for (const group of groups.filter((g) => g.columns[0]?.meta_data?.statistics?.min_value === last))
      for (const chunk of group.columns) {
        const start = Number(chunk.meta_data?.dictionary_page_offset ?? chunk.meta_data?.data_page_offset);
        broken.fill(0, start, start + Number(chunk.meta_data?.total_compressed_size));
      }
    const damaged = saved('pruned-damaged.parquet', broken);
    const others = slides.slice(0, -1).map(literal).join(', ');
    const kept = `SELECT count(*)::INTEGER AS n, sum(area_um2) AS area FROM read_parquet(${literal(damaged)}) WHERE slide_id IN (${others})`;
    const want = `SELECT count(*)::INTEGER AS n, sum(area_um2) AS area FROM nuclei WHERE slide_id IN (${others})`;
    expect(await query(kept)).toEqual(await query(want));
    await expect(
      query(`SELECT sum(area_um2) FROM read_parquet(${literal(damaged)}) WHERE slide_id = ${literal(last)}`),
    ).rejects.toThrow();
  });

  it('gives the same values as the DuckDB COPY path for the same export, deterministically', async () => {
    for (const spec of [
      { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true, slides: slides.slice(1, 3) },
      { kind: 'glands', filter: { kind: 'glands' }, contours: false },
      { kind: 'lumina', filter: { kind: 'lumina' }, contours: true },
    ] satisfies ExportSpec[]) {
      const spliced = await readAll(exportStream(dataset, resolved(spec)));
      const copied = await readAll(
        streamParquet(
          dataset,
          exportSelectSql(spec),
          exportColumns(spec).map((c) => c.name),
        ),
      );
      const a = saved('spliced.parquet', spliced);
      const b = saved('copied.parquet', copied);
      const codecs = async (path: string) =>
        (await query(`SELECT DISTINCT compression FROM parquet_metadata(${literal(path)}) ORDER BY 1`)).map(
          (r) => r.compression,
        );
      expect(await codecs(a)).toEqual(['UNCOMPRESSED', 'ZSTD']);
      expect(await codecs(b)).toEqual(['SNAPPY']);
      expect(await query(`SELECT * FROM read_parquet(${literal(a)})`)).toEqual(
        await query(`SELECT * FROM read_parquet(${literal(b)})`),
      );
      expect(await describeTypes(`SELECT * FROM read_parquet(${literal(a)})`)).toEqual(
        await describeTypes(`SELECT * FROM read_parquet(${literal(b)})`),
      );
      // Both declare the geometry alike: GeoParquet with crs: null (µm of the slide, not CRS84).
      const geoOf = async (path: string) =>
        (
          await query(`SELECT decode(value) AS v FROM parquet_kv_metadata(${literal(path)}) WHERE decode(key) = 'geo'`)
        ).map((r) => r.v);
      expect(await geoOf(a)).toEqual(await geoOf(b));
      expect((await readAll(exportStream(dataset, resolved(spec)))).equals(spliced)).toBe(true);
    }
  });

  it('a filtered export still goes through DuckDB (Snappy)', async () => {
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei', classes: [2] }, contours: false };
    const file = saved('filtered.parquet', await readAll(exportStream(dataset, resolved(spec))));
    const [meta] = await query(`SELECT DISTINCT compression FROM parquet_metadata(${literal(file)})`);
    expect(meta?.compression).toBe('SNAPPY');
    expect(await query(`SELECT * FROM read_parquet(${literal(file)})`)).toEqual(
      await query(exportSelectSql(spec, { ordered: true })),
    );
  });

  it('a damaged stored file errors the stream with a message naming it, logged; the process carries on', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stored = join(dir, partitionFile('nuclei', slides[1] as string));
    const size = statSync(stored).size;
    const damage: [string, (path: string) => void, RegExp][] = [
      ['truncated footer', (path) => truncateSync(path, size - 20), /no PAR1 magic/],
      ['footer length beyond the file', (path) => patch(path, size - 8, [0xff, 0xff, 0xff, 0x7f]), /footer length/],
      ['garbage footer', (path) => patch(path, size - 40, new Array(30).fill(0xee)), /footer cannot be decoded/],
      ['no file', (path) => rmSync(path), /cannot be opened/],
    ];
    const copy = join(temp.dir, 'damaged');
    cpSync(dir, copy, { recursive: true });
    const damaged = await openDataset(copy, { threads: 1 });
    try {
      const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: false };
      const target = join(copy, partitionFile('nuclei', slides[1] as string));
      for (const [name, spoil, message] of damage) {
        cpSync(stored, target);
        spoil(target);
        const error = await readAll(exportStream(damaged, resolved(spec))).catch((e: unknown) => e);
        expect(error, name).toBeInstanceOf(ParquetFileError);
        expect((error as Error).message).toContain(target);
        expect((error as Error).message).toMatch(message);
        expect(String(logged.mock.calls.at(-1)?.[0])).toContain(target);
      }
      const again = await readAll(
        exportStream(damaged, resolved({ kind: 'lumina', filter: { kind: 'lumina' }, contours: false })),
      );
      expect(again.subarray(0, 4).toString()).toBe('PAR1');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      damaged.close();
      logged.mockRestore();
      process.off('unhandledRejection', onUnhandled);
    }
  });

  describe('reads as the client reads, and closes its files when cancelled', () => {
    /** open() that counts bytes read and remembers every handle, to see what the splice has open. */
    const tracked = () => {
      const handles: { handle: FileHandle; closed: boolean }[] = [];
      let bytesRead = 0;
      const openFile = async (path: string): Promise<FileHandle> => {
        const handle = await open(path, 'r');
        const entry = { handle, closed: false };
        handles.push(entry);
        const read = handle.read.bind(handle) as (...args: unknown[]) => Promise<{ bytesRead: number }>;
        const close = handle.close.bind(handle);
        Object.assign(handle, {
          read: async (...args: unknown[]) => {
            const result = await read(...args);
            bytesRead += result.bytesRead;
            return result;
          },
          close: async () => {
            entry.closed = true;
            await close();
          },
        });
        return handle;
      };
      return { openFile, handles, bytesRead: () => bytesRead, open: () => handles.filter((h) => !h.closed).length };
    };
    const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true };
    const pieceBytes = 4096;

    it('a stalled client stops the reading after a piece or two', async () => {
      const files = tracked();
      const total = slides.reduce((sum, s) => sum + statSync(join(dir, partitionFile('nuclei', s))).size, 0);
      const reader = spliceParquet(spliceInput(dataset, spec, slides), { ...files, pieceBytes }).getReader();
      let delivered = 0;
      for (let i = 0; i < 6; i++) delivered += (await reader.read()).value?.length ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stalled = files.bytesRead();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(files.bytesRead()).toBe(stalled);
      // The footers of the schema file and the current file, what was delivered, one piece queued and one in flight.
      const footers = 2 * 64 * 1024;
      expect(stalled).toBeLessThan(delivered + footers + 2 * pieceBytes);
      expect(stalled).toBeLessThan(total / 2);
      expect(files.open()).toBe(1);
      await reader.cancel();
      expect(files.open()).toBe(0);
    });

    it('cancelling while a read is in flight, or before any read, closes every file', async () => {
      for (const reads of [0, 1, 40]) {
        const files = tracked();
        const reader = spliceParquet(spliceInput(dataset, spec, slides), { ...files, pieceBytes }).getReader();
        for (let i = 0; i < reads; i++) await reader.read();
        const pending = reader.read();
        await reader.cancel();
        await pending;
        // Cancelled before its first pull, the splice never opens a file.
        expect(files.handles.length > 0).toBe(reads > 0);
        expect(files.open()).toBe(0);
      }
    });
  });
});

/** Overwrites bytes of a file at `at`. */
function patch(path: string, at: number, bytes: readonly number[]): void {
  const content = readFileSync(path);
  content.set(bytes, at);
  writeFileSync(path, content);
}
