import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { partitionFile } from '../../../lib/contract/layout';
import { ManifestSchema } from '../../../lib/contract/manifest';
import {
  CHUNK,
  COLUMN,
  FILE,
  ParquetFileError,
  ROW_GROUP,
  SCHEMA,
  i32,
  i64,
  integerOf,
  readParquetFooter,
  struct,
  structOf,
  structsOf,
  text,
  textOf,
  type ParquetFooter,
} from '../../../lib/parquet/footer';
import {
  chooseColumns,
  isSameDeclaration,
  placeRowGroup,
  splicedMetadata,
} from '../../../lib/parquet/row-group-splice';
import {
  decodeStruct,
  fieldOf,
  withFields,
  type ThriftStruct,
  type ThriftValue,
} from '../../../lib/parquet/thrift-compact';
import { ensureTestDataset } from '../../support/test-dataset';

const FILE_NAME = 'glands/slide_id=X/data.parquet';
const structList = (elements: ThriftValue[]): ThriftValue => ({ type: 'list', elementType: 'struct', elements });

/** `footer` with its first row group and that group's chunks changed by `change`. */
function withFirstRowGroup(footer: ParquetFooter, change: (group: ThriftStruct) => ThriftStruct): ParquetFooter {
  const [first, ...rest] = structsOf(footer.metadata, FILE.rowGroups) as [ThriftStruct, ...ThriftStruct[]];
  return {
    ...footer,
    metadata: withFields(footer.metadata, { [FILE.rowGroups]: structList([change(first), ...rest]) }),
  };
}

describe('row-group splice metadata', () => {
  let footer: ParquetFooter;

  beforeAll(async () => {
    const dir = await ensureTestDataset();
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    const slide = /slide_id=([^/]+)/.exec(manifest.files.find((f) => f.path.startsWith('glands/'))?.path ?? '')?.[1];
    const bytes = new Uint8Array(readFileSync(join(dir, partitionFile('glands', slide as string))));
    footer = await readParquetFooter(async (at, length) => bytes.slice(at, at + length), bytes.length, FILE_NAME);
  });

  it('moves page offsets by the distance moved and drops what is not copied', () => {
    const choice = chooseColumns(footer, ['object_id', 'area_um2'], FILE_NAME);
    // Every structure a writer may put outside a chunk's pages, as other writers than DuckDB do.
    const decorated = withFirstRowGroup(footer, (group) =>
      withFields(group, {
        [ROW_GROUP.sortingColumns]: structList([
          struct({ 1: i32(0), 2: { type: 'bool', value: false }, 3: { type: 'bool', value: false } }),
        ]),
        [ROW_GROUP.columns]: structList(
          structsOf(group, ROW_GROUP.columns).map((chunk) => {
            const meta = structOf(chunk, CHUNK.metaData) as ThriftStruct;
            const start = integerOf(meta, COLUMN.dataPageOffset) as number;
            return withFields(chunk, {
              [CHUNK.fileOffset]: i64(start),
              [CHUNK.offsetIndexOffset]: i64(90_000),
              [CHUNK.offsetIndexLength]: i32(10),
              [CHUNK.columnIndexOffset]: i64(90_010),
              [CHUNK.columnIndexLength]: i32(10),
              [CHUNK.metaData]: withFields(meta, {
                [COLUMN.indexPageOffset]: i64(start),
                [COLUMN.bloomFilterOffset]: i64(90_020),
                [COLUMN.bloomFilterLength]: i32(10),
              }),
            });
          }),
        ),
      }),
    );
    const offset = 1_000_000;
    const placed = placeRowGroup(FILE_NAME, decorated, choice, 0, { name: 'slide_id', value: 'X' }, offset, 7);
    const group = decodeStruct(placed.metadata).struct;
    const [head, ...chunks] = structsOf(group, ROW_GROUP.columns) as [ThriftStruct, ...ThriftStruct[]];
    expect(fieldOf(group, ROW_GROUP.sortingColumns)).toBeUndefined();
    expect(integerOf(group, ROW_GROUP.fileOffset)).toBe(offset);
    expect(integerOf(group, ROW_GROUP.ordinal)).toBe(7);
    expect(placed.rows).toBe(integerOf(group, ROW_GROUP.numRows));
    let at = offset + placed.constant.length;
    expect(integerOf(structOf(head, CHUNK.metaData) as ThriftStruct, COLUMN.dictionaryPageOffset)).toBe(offset);
    const stored = structsOf(structsOf(decorated.metadata, FILE.rowGroups)[0] as ThriftStruct, ROW_GROUP.columns);
    let compressed = placed.constant.length;
    chunks.forEach((chunk, i) => {
      const before = structOf(stored[choice.leaves[i] as number] as ThriftStruct, CHUNK.metaData) as ThriftStruct;
      const meta = structOf(chunk, CHUNK.metaData) as ThriftStruct;
      const start =
        integerOf(before, COLUMN.dictionaryPageOffset) ?? (integerOf(before, COLUMN.dataPageOffset) as number);
      const delta = at - start;
      expect(integerOf(meta, COLUMN.dataPageOffset)).toBe((integerOf(before, COLUMN.dataPageOffset) as number) + delta);
      expect(integerOf(meta, COLUMN.indexPageOffset)).toBe(integerOf(meta, COLUMN.dataPageOffset));
      expect(integerOf(chunk, CHUNK.fileOffset)).toBe(integerOf(meta, COLUMN.dataPageOffset));
      for (const id of [
        CHUNK.offsetIndexOffset,
        CHUNK.offsetIndexLength,
        CHUNK.columnIndexOffset,
        CHUNK.columnIndexLength,
      ])
        expect(fieldOf(chunk, id)).toBeUndefined();
      expect(fieldOf(meta, COLUMN.bloomFilterOffset)).toBeUndefined();
      expect(fieldOf(meta, COLUMN.bloomFilterLength)).toBeUndefined();
      at += integerOf(meta, COLUMN.totalCompressedSize) as number;
      compressed += integerOf(meta, COLUMN.totalCompressedSize) as number;
    });
    expect(placed.end).toBe(at);
    expect(integerOf(group, ROW_GROUP.totalCompressedSize)).toBe(compressed);
  });

  it('declares the constant column first, keeps GeoParquet metadata only for exported geometry, drops the rest', () => {
    const geo = (columns: Record<string, unknown>) =>
      JSON.stringify({ version: '1.1.0', primary_column: 'geometry', columns });
    const metadata = withFields(footer.metadata, {
      [FILE.keyValueMetadata]: structList([
        struct({
          1: text('geo'),
          2: text(geo({ geometry: { encoding: 'WKB', bbox: [0, 0, 9, 9] }, hull: { encoding: 'WKB' } })),
        }),
        struct({ 1: text('ARROW:schema'), 2: text('of every stored column') }),
      ]),
    });
    const keyValues = (columns: string[]) => {
      const spliced = splicedMetadata({ ...footer, metadata }, chooseColumns(footer, columns, FILE_NAME), 'slide_id');
      return structsOf(spliced, FILE.keyValueMetadata).map((kv) => [textOf(kv, 1), textOf(kv, 2)]);
    };
    expect(keyValues(['object_id', 'geometry'])).toEqual([['geo', geo({ geometry: { encoding: 'WKB' } })]]);
    expect(keyValues(['object_id', 'contour'])).toEqual([]);
    const spliced = splicedMetadata(footer, chooseColumns(footer, ['area_um2', 'object_id'], FILE_NAME), 'slide_id');
    const names = structsOf(spliced, FILE.schema).map((element) => textOf(element, SCHEMA.name));
    expect(names.slice(1)).toEqual(['slide_id', 'area_um2', 'object_id']);
    expect(structsOf(spliced, FILE.columnOrders)).toHaveLength(3);
  });

  it('refuses a column the file lacks, and tells files declaring a column differently apart', () => {
    expect(() => chooseColumns(footer, ['object_id', 'no_such_column'], FILE_NAME)).toThrow(ParquetFileError);
    const choice = chooseColumns(footer, ['object_id', 'area_um2'], FILE_NAME);
    expect(isSameDeclaration(choice, chooseColumns(footer, ['object_id', 'area_um2'], FILE_NAME))).toBe(true);
    const schema = structsOf(footer.metadata, FILE.schema).map((element) =>
      textOf(element, SCHEMA.name) === 'area_um2' ? withFields(element, { 1: i32(5) }) : element,
    );
    const doubled = { ...footer, metadata: withFields(footer.metadata, { [FILE.schema]: structList(schema) }) };
    expect(isSameDeclaration(choice, chooseColumns(doubled, ['object_id', 'area_um2'], FILE_NAME))).toBe(false);
  });

  it('refuses a row group whose chunks lie outside the data', () => {
    const choice = chooseColumns(footer, ['object_id'], FILE_NAME);
    const broken = withFirstRowGroup(footer, (group) =>
      withFields(group, {
        [ROW_GROUP.columns]: structList(
          structsOf(group, ROW_GROUP.columns).map((chunk) =>
            withFields(chunk, {
              [CHUNK.metaData]: withFields(structOf(chunk, CHUNK.metaData) as ThriftStruct, {
                [COLUMN.dataPageOffset]: i64(footer.footerStart),
                [COLUMN.dictionaryPageOffset]: undefined,
              }),
            }),
          ),
        ),
      }),
    );
    expect(() => placeRowGroup(FILE_NAME, broken, choice, 0, { name: 'slide_id', value: 'X' }, 4, 0)).toThrow(
      /glands\/slide_id=X\/data.parquet: row group 0 has a column chunk outside the data/,
    );
  });
});
