import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeArrowColumns,
  encodeArrowColumns,
  listColumn,
  numericColumn,
  vec2Column,
  type ArrowColumns,
} from '../../../lib/arrow/arrow-columns';

const float = fc.float({ noNaN: true, noDefaultInfinity: true });

describe('Arrow columns ⇄ IPC stream', () => {
  it('round-trips numeric, vec2 and list columns with metadata (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            float,
            float,
            fc.integer({ min: 0, max: 255 }),
            fc.integer({ min: 0, max: 2 ** 32 - 1 }),
            fc.array(float, { maxLength: 12 }),
          ),
          { maxLength: 40 },
        ),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 3 }),
        (rows, metadata) => {
          const offsets = new Int32Array(rows.length + 1);
          rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r[4].length));
          const table: ArrowColumns = {
            length: rows.length,
            columns: {
              position: { kind: 'vec2', values: Float32Array.from(rows.flatMap((r) => [r[0], r[1]])) },
              class_id: { kind: 'numeric', values: Uint8Array.from(rows.map((r) => r[2])) },
              object_id: { kind: 'numeric', values: Uint32Array.from(rows.map((r) => r[3])) },
              polygon: { kind: 'list', offsets, values: Float32Array.from(rows.flatMap((r) => r[4])) },
            },
            metadata,
          };
          const back = decodeArrowColumns(encodeArrowColumns(table));
          expect(back.length).toBe(rows.length);
          expect(back.metadata).toEqual(metadata);
          expect(Array.from(vec2Column(back, 'position'))).toEqual(
            Array.from((table.columns.position as { values: Float32Array }).values),
          );
          expect(numericColumn(back, 'class_id')).toBeInstanceOf(Uint8Array);
          expect(Array.from(numericColumn(back, 'class_id'))).toEqual(rows.map((r) => r[2]));
          expect(Array.from(numericColumn(back, 'object_id'))).toEqual(rows.map((r) => r[3]));
          const list = listColumn(back, 'polygon');
          rows.forEach((r, i) =>
            expect(Array.from(list.values.subarray(list.offsets[i]!, list.offsets[i + 1]!))).toEqual(
              r[4].map(Math.fround),
            ),
          );
        },
      ),
      { seed: 6, numRuns: 60 },
    );
  });

  it('costs 9 bytes per nucleus point (Float32 x, y + Uint8 class) plus a fixed schema overhead', () => {
    const n = 100_000;
    const bytes = encodeArrowColumns({
      length: n,
      columns: {
        position: { kind: 'vec2', values: new Float32Array(2 * n) },
        class_id: { kind: 'numeric', values: new Uint8Array(n) },
      },
      metadata: { lod: 'points' },
    });
    expect(bytes.byteLength / n).toBeLessThan(9.1);
  });

  it('refuses columns whose length disagrees with the row count', () => {
    expect(() =>
      encodeArrowColumns({ length: 2, columns: { a: { kind: 'numeric', values: new Float32Array(3) } }, metadata: {} }),
    ).toThrow(/3 values, not 2/);
    expect(() => numericColumn({ length: 0, columns: {}, metadata: {} }, 'x')).toThrow(/no numeric column x/);
  });
});
