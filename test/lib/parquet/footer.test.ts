import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionFile } from '../../../lib/contract/layout';
import { openDataset, type OpenedDataset } from '../../../lib/dataset/open-dataset';
import { literal } from '../../../lib/db/sql';
import { constantStringChunk, stringSchemaElement } from '../../../lib/parquet/constant-column';
import {
  FILE,
  ParquetFileError,
  ROW_GROUP,
  chunkByteRange,
  encodeFooter,
  flatColumns,
  i64,
  integerOf,
  readParquetFooter,
  struct,
  structsOf,
  type ByteRangeReader,
} from '../../../lib/parquet/footer';
import { encodeThrift } from '../../../lib/parquet/thrift-compact';
import { makeTempDir } from '../../support/temp-dir';
import { ensureTestDataset } from '../../support/test-dataset';

/** A byte-range reader over bytes in memory. */
const readerOf =
  (bytes: Uint8Array): ByteRangeReader =>
  async (position, length) =>
    bytes.slice(position, position + length);

describe('Parquet footer', () => {
  const temp = makeTempDir('atlas-footer-');
  let dataset: OpenedDataset;
  let path: string;
  let file: Uint8Array;
  const query = async (sql: string) => (await dataset.connection.runAndReadAll(sql)).getRowObjectsJS();

  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset(), { threads: 1 });
    const slide = String(
      (await dataset.connection.runAndReadAll('SELECT min(slide_id) FROM slides')).getRows()[0]?.[0],
    );
    path = join(dataset.dir, partitionFile('nuclei', slide));
    file = new Uint8Array(readFileSync(path));
  });
  afterAll(() => {
    dataset?.close();
    temp.remove();
  });

  it('reads a DuckDB-written footer: the schema, row groups and chunk byte ranges DuckDB reports', async () => {
    const { metadata, footerStart } = await readParquetFooter(readerOf(file), file.length, path);
    const [meta] = await query(`SELECT num_rows, footer_size FROM parquet_file_metadata(${literal(path)})`);
    expect(integerOf(metadata, FILE.numRows)).toBe(Number(meta?.num_rows));
    expect(file.length - 8 - footerStart).toBe(Number(meta?.footer_size));
    const schema = await query(`SELECT name FROM parquet_schema(${literal(path)}) WHERE num_children IS NULL`);
    expect([...flatColumns(metadata, path).keys()]).toEqual(schema.map((r) => r.name));
    const chunks = await query(
      `SELECT coalesce(dictionary_page_offset, data_page_offset) AS start, total_compressed_size AS length
       FROM parquet_metadata(${literal(path)}) ORDER BY row_group_id, column_id`,
    );
    const ranges = structsOf(metadata, FILE.rowGroups).flatMap((group) =>
      structsOf(group, ROW_GROUP.columns).map((chunk) => chunkByteRange(chunk, path)),
    );
    expect(ranges).toEqual(chunks.map((c) => ({ start: Number(c.start), length: Number(c.length) })));
  });

  it('encodes a footer from pre-encoded row groups to the stored bytes', async () => {
    const { metadata, footerStart } = await readParquetFooter(readerOf(file), file.length, path);
    const rowGroups = structsOf(metadata, FILE.rowGroups).map(encodeThrift);
    expect(encodeFooter(metadata, rowGroups)).toEqual(file.subarray(footerStart));
  });

  it.each([
    ['too short', (f: Uint8Array) => f.subarray(0, 10), /too short/],
    ['truncated (no PAR1 at the end)', (f: Uint8Array) => f.subarray(0, f.length - 100), /no PAR1 magic/],
    ['no PAR1 at the start', (f: Uint8Array) => Uint8Array.from([0, ...f.subarray(1)]), /no PAR1 magic/],
    ['a footer length beyond the file', (f: Uint8Array) => withLength(f, f.length), /footer length .* exceeds/],
    ['a garbled footer', (f: Uint8Array) => garble(f), /footer cannot be decoded/],
    [
      'a footer length cutting FileMetaData short',
      (f: Uint8Array) => withLength(f, footerLength(f) - 50),
      /footer cannot be decoded/,
    ],
  ])('names the file when it has %s', async (_name, damage, message) => {
    const bytes = damage(file);
    const error = await readParquetFooter(readerOf(bytes), bytes.length, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetFileError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(message);
  });

  it('a constant string chunk plus a footer is a file DuckDB and hyparquet read (UTF-8, long runs)', async () => {
    for (const [value, rows] of [
      ['TCGA-AA-3949-01Z-00-DX1', 1],
      ['Ünïcødé ✓ slide', 100_000],
    ] as const) {
      const { bytes, chunk } = constantStringChunk('slide_id', value, rows, 4);
      const schema = [
        struct({ 4: { type: 'binary', value: new TextEncoder().encode('schema') }, 5: { type: 'i32', value: 1 } }),
        stringSchemaElement('slide_id'),
      ];
      const rowGroup = struct({
        [ROW_GROUP.columns]: { type: 'list', elementType: 'struct', elements: [chunk] },
        [ROW_GROUP.totalByteSize]: i64(bytes.length),
        [ROW_GROUP.numRows]: i64(rows),
      });
      const metadata = struct({
        [FILE.version]: { type: 'i32', value: 1 },
        [FILE.schema]: { type: 'list', elementType: 'struct', elements: schema },
        [FILE.numRows]: i64(rows),
      });
      const parquet = Buffer.concat([Buffer.from('PAR1'), bytes, encodeFooter(metadata, [encodeThrift(rowGroup)])]);
      const target = join(temp.dir, 'constant.parquet');
      writeFileSync(target, parquet);
      const [got] = await query(
        `SELECT count(*)::INTEGER AS n, min(slide_id) AS lo, max(slide_id) AS hi, count(slide_id)::INTEGER AS valid,
         (SELECT stats_min_value FROM parquet_metadata(${literal(target)})) AS stats FROM read_parquet(${literal(target)})`,
      );
      expect(got).toEqual({ n: rows, lo: value, hi: value, valid: rows, stats: value });
      const read = (await parquetReadObjects({ file: new Uint8Array(parquet).buffer })) as { slide_id: string }[];
      expect(read.length).toBe(rows);
      expect(read.every((r) => r.slide_id === value)).toBe(true);
    }
  });
});

function footerLength(file: Uint8Array): number {
  return new DataView(file.buffer, file.byteOffset + file.length - 8, 4).getUint32(0, true);
}

/** `file` with its footer length field set to `length`. */
function withLength(file: Uint8Array, length: number): Uint8Array {
  const copy = file.slice();
  new DataView(copy.buffer, copy.length - 8, 4).setUint32(0, length, true);
  return copy;
}

/** `file` with the first 40 bytes of its footer overwritten. */
function garble(file: Uint8Array): Uint8Array {
  const copy = file.slice();
  copy.fill(0xee, copy.length - 8 - footerLength(file), copy.length - 8 - footerLength(file) + 40);
  return copy;
}
