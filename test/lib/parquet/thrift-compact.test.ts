import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { partitionFile } from '../../../lib/contract/layout';
import {
  ThriftDecodeError,
  decodeStruct,
  encodeThrift,
  withFields,
  type ThriftStruct,
  type ThriftType,
  type ThriftValue,
} from '../../../lib/parquet/thrift-compact';
import { ensureTestDataset } from '../../support/test-dataset';

const SCALARS = ['bool', 'i8', 'i16', 'i32', 'i64', 'double', 'binary', 'uuid'] as const;

/** Any value of scalar type `type`, over its whole range. */
function scalar(type: (typeof SCALARS)[number]): fc.Arbitrary<ThriftValue> {
  switch (type) {
    case 'bool':
      return fc.boolean().map((value) => ({ type, value }));
    case 'i8':
      return fc.integer({ min: -128, max: 127 }).map((value) => ({ type, value }));
    case 'i16':
      return fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type, value }));
    case 'i32':
      return fc.integer().map((value) => ({ type, value }));
    case 'i64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type, value }));
    case 'double':
      return fc.double().map((value) => ({ type, value }));
    case 'binary':
      return fc.uint8Array({ maxLength: 40 }).map((value) => ({ type, value }));
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((value) => ({ type, value }));
  }
}

/** Structs nesting structs, lists, sets and maps, with field ids anywhere in i16 (short and long headers). */
const { struct: anyStruct } = fc.letrec<{ value: ThriftValue; struct: ThriftStruct }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS).chain(scalar),
    fc.constantFrom(...SCALARS).chain((elementType) =>
      fc.record({
        type: fc.constantFrom('list' as const, 'set' as const),
        elementType: fc.constant<ThriftType>(elementType),
        elements: fc.array(scalar(elementType), { maxLength: 20 }),
      }),
    ),
    fc
      .array(tie('struct'), { maxLength: 3 })
      .map((elements): ThriftValue => ({ type: 'list', elementType: 'struct', elements })),
    fc
      .tuple(fc.constantFrom(...SCALARS), fc.constantFrom(...SCALARS))
      .chain(([keyType, valueType]) =>
        fc
          .array(fc.tuple(scalar(keyType), scalar(valueType)), { maxLength: 4 })
          .map((entries): ThriftValue =>
            entries.length === 0 ? { type: 'map', entries } : { type: 'map', keyType, valueType, entries },
          ),
      ),
    tie('struct'),
  ),
  struct: fc
    .array(fc.record({ id: fc.integer({ min: -32768, max: 32767 }), value: tie('value') }), { maxLength: 6 })
    .map((fields): ThriftStruct => ({ type: 'struct', fields })),
}));

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('Thrift compact codec', () => {
  it('decodes what it encodes, and re-encodes it byte for byte (property)', () => {
    fc.assert(
      fc.property(anyStruct, (tree) => {
        const encoded = encodeThrift(tree);
        const { struct, end } = decodeStruct(encoded);
        expect(end).toBe(encoded.length);
        expect(struct).toEqual(tree);
        expect(encodeThrift(struct)).toEqual(encoded);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the wire format of the specification (hand-made vectors)', () => {
    // DuckDB's dictionary page header: PageHeader{1: 2, 2: 11, 3: 11, 7: {1: 1, 2: 0}}.
    const page = bytes(0x15, 0x04, 0x15, 0x16, 0x15, 0x16, 0x4c, 0x15, 0x02, 0x15, 0x00, 0x00, 0x00);
    const i32 = (value: number): ThriftValue => ({ type: 'i32', value });
    expect(decodeStruct(page).struct.fields).toEqual([
      { id: 1, value: i32(2) },
      { id: 2, value: i32(11) },
      { id: 3, value: i32(11) },
      {
        id: 7,
        value: {
          type: 'struct',
          fields: [
            { id: 1, value: i32(1) },
            { id: 2, value: i32(0) },
          ],
        },
      },
    ]);
    // Field id jump > 15 (long header), bool fields in the type nibble, i64 -1 (zigzag 1), a list of 16 bytes.
    const tree: ThriftStruct = {
      type: 'struct',
      fields: [
        { id: 1, value: { type: 'bool', value: true } },
        { id: 40, value: { type: 'bool', value: false } },
        { id: 41, value: { type: 'i64', value: -1n } },
        {
          id: 42,
          value: {
            type: 'list',
            elementType: 'i8',
            elements: Array.from({ length: 16 }, () => ({ type: 'i8', value: -1 })),
          },
        },
      ],
    };
    expect(Array.from(encodeThrift(tree))).toEqual([
      0x11,
      0x02,
      0x50,
      0x16,
      0x01,
      0x19,
      0xf3,
      0x10,
      ...new Array<number>(16).fill(0xff),
      0x00,
    ]);
  });

  it('round-trips a real DuckDB footer byte for byte, unknown fields included', async () => {
    const dataset = await ensureTestDataset();
    const manifest = JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const slide = /slide_id=([^/]+)/.exec(manifest.files.find((f) => f.path.startsWith('nuclei/'))?.path ?? '')?.[1];
    const file = readFileSync(join(dataset, partitionFile('nuclei', slide as string)));
    const length = file.readUInt32LE(file.length - 8);
    const footer = new Uint8Array(file.subarray(file.length - 8 - length, file.length - 8));
    const { struct } = decodeStruct(footer);
    expect(encodeThrift(struct)).toEqual(footer);
    // A field no Parquet version defines, nested: it survives, and readers skip it (hyparquet skips
    // no maps, so none here).
    const unknown: ThriftValue = {
      type: 'struct',
      fields: [
        { id: 3, value: { type: 'list', elementType: 'binary', elements: [{ type: 'binary', value: bytes(97) }] } },
        { id: 4, value: { type: 'struct', fields: [{ id: 1, value: { type: 'double', value: 0.5 } }] } },
      ],
    };
    const extended = encodeThrift(withFields(struct, { 99: unknown }));
    expect(decodeStruct(extended).struct.fields.at(-1)).toEqual({ id: 99, value: unknown });
    const rebuilt = new Uint8Array(extended.length + 12);
    rebuilt.set(bytes(0x50, 0x41, 0x52, 0x31));
    rebuilt.set(extended, 4);
    new DataView(rebuilt.buffer).setUint32(extended.length + 4, extended.length, true);
    rebuilt.set(bytes(0x50, 0x41, 0x52, 0x31), extended.length + 8);
    expect(parquetMetadata(rebuilt.buffer).num_rows).toBe(parquetMetadata(new Uint8Array(file).buffer).num_rows);
  });

  it.each([
    ['truncated input', bytes(0x15)],
    ['an unknown wire type', bytes(0x1e, 0x00)],
    ['a list longer than the bytes left', bytes(0x19, 0xf5, 0xff, 0xff, 0x03, 0x02)],
    ['a binary longer than the bytes left', bytes(0x18, 0x20, 0x61)],
    ['a varint that never ends', bytes(0x15, ...new Array<number>(12).fill(0xff))],
    [
      'nesting deeper than any Parquet footer',
      Uint8Array.from([...new Array<number>(200).fill(0x1c), ...new Array<number>(201).fill(0)]),
    ],
  ])('refuses %s with a ThriftDecodeError', (_name, input) => {
    expect(() => decodeStruct(input)).toThrow(ThriftDecodeError);
  });

  it('withFields replaces, removes and inserts fields in id order', () => {
    const i32 = (value: number): ThriftValue => ({ type: 'i32', value });
    const base: ThriftStruct = { type: 'struct', fields: [1, 3, 5].map((id) => ({ id, value: i32(id) })) };
    const changed = withFields(base, { 3: undefined, 5: i32(50), 4: i32(4), 9: i32(9), 2: undefined });
    expect(changed.fields).toEqual([
      { id: 1, value: i32(1) },
      { id: 4, value: i32(4) },
      { id: 5, value: i32(50) },
      { id: 9, value: i32(9) },
    ]);
  });
});
