import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatV5 } from '@/pipelines/readers/mat-v5';
import { encodeMatV5, writeMatV5, type MatVariable } from '@/pipelines/writers/mat-v5-writer';
import { runPython } from '@/test/support/python';
import { makeTempDir } from '@/test/support/temp-dir';

const temp = makeTempDir();
afterAll(temp.remove);

// scipy.io.loadmat each file and print {name: [dtype, shape, values (row-major)]} as JSON.
const LOADMAT = `
import json, sys, scipy.io
out = {}
for path in sys.argv[1:]:
    data = scipy.io.loadmat(path)
    out[path] = {k: [str(v.dtype), list(v.shape), v.ravel(order="C").tolist()] for k, v in data.items() if not k.startswith("__")}
print(json.dumps(out))
`;

const rows = 3;
const cols = 4;
const ramp = (offset: number): number[] => Array.from({ length: rows * cols }, (_, i) => i + offset);
const variables: MatVariable[] = [
  { name: 'pclass', array: Float32Array.from(ramp(0).map((v) => v % 9)), rows, cols },
  { name: 'f64', array: Float64Array.from(ramp(0).map((v) => v / 7 - 1)), rows, cols },
  { name: 'i8', array: Int8Array.from(ramp(-6)), rows, cols },
  { name: 'u8', array: Uint8Array.from(ramp(240)), rows, cols },
  { name: 'i16', array: Int16Array.from(ramp(-30000)), rows, cols },
  { name: 'u16', array: Uint16Array.from(ramp(65000)), rows, cols },
  { name: 'i32', array: Int32Array.from(ramp(-(2 ** 31))), rows, cols },
  { name: 'u32', array: Uint32Array.from(ramp(2 ** 32 - 12)), rows, cols },
  { name: 'col', array: Float32Array.from([1, 2, 3]), rows: 3, cols: 1 },
  { name: 'abcd', array: Uint8Array.from([7]), rows: 1, cols: 1 },
];
const DTYPES: Record<string, string> = {
  Float64Array: 'float64',
  Float32Array: 'float32',
  Int8Array: 'int8',
  Uint8Array: 'uint8',
  Int16Array: 'int16',
  Uint16Array: 'uint16',
  Int32Array: 'int32',
  Uint32Array: 'uint32',
};

describe('writeMatV5', () => {
  it('writes files scipy.io.loadmat reads identically, compressed or not', async () => {
    const plain = join(temp.dir, 'plain.mat');
    const compressed = join(temp.dir, 'compressed.mat');
    await writeMatV5(plain, variables);
    await writeMatV5(compressed, variables, { compress: true });
    const stdout = await runPython({ code: LOADMAT, args: [plain, compressed] });
    const loaded = JSON.parse(stdout) as Record<string, Record<string, [string, number[], number[]]>>;
    for (const file of [plain, compressed]) {
      for (const variable of variables) {
        expect(loaded[file]?.[variable.name], `${file} ${variable.name}`).toEqual([
          DTYPES[variable.array.constructor.name],
          [variable.rows, variable.cols],
          Array.from(variable.array),
        ]);
      }
    }
    expect(readdirSync(temp.dir).sort()).toEqual(['compressed.mat', 'plain.mat']); // no temp files left
  });

  it('round-trips through readMatV5', () => {
    for (const compress of [false, true]) {
      const vars = readMatV5(encodeMatV5(variables, { compress }), 'mem.mat');
      for (const variable of variables) {
        const read = vars.get(variable.name);
        expect(read?.dims).toEqual([variable.rows, variable.cols]);
        expect(read?.data).toEqual(variable.array);
      }
    }
  });

  it('round-trips random float32 matrices (property)', () => {
    const matrix = fc
      .record({ rows: fc.integer({ min: 0, max: 9 }), cols: fc.integer({ min: 0, max: 9 }), compress: fc.boolean() })
      .chain(({ rows, cols, compress }) =>
        fc.record({
          rows: fc.constant(rows),
          cols: fc.constant(cols),
          compress: fc.constant(compress),
          values: fc.array(fc.float({ noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
        }),
      );
    fc.assert(
      fc.property(matrix, ({ rows, cols, compress, values }) => {
        const array = Float32Array.from(values);
        const read = readMatV5(encodeMatV5([{ name: 'm', array, rows, cols }], { compress }), 'mem.mat').get('m');
        expect(read?.data).toEqual(array);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('refuses invalid names and shapes, leaving no file behind', async () => {
    const target = join(temp.dir, 'bad.mat');
    await expect(writeMatV5(target, [{ name: '1x', array: new Uint8Array(1), rows: 1, cols: 1 }])).rejects.toThrow(
      /invalid MATLAB variable name/,
    );
    expect(() => encodeMatV5([{ name: 'x', array: new Uint8Array(5), rows: 2, cols: 3 }])).toThrow(
      /2×3 does not match 5 values/,
    );
    expect(readdirSync(temp.dir)).not.toContain('bad.mat');
    expect(readFileSync(join(temp.dir, 'plain.mat')).subarray(126, 128).toString('latin1')).toBe('IM');
  });
});
