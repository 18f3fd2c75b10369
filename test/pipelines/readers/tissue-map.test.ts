import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadError } from '@/pipelines/readers/read-error';
import { readTissueMap } from '@/pipelines/readers/tissue-map';
import { makeTempDir } from '@/test/support/temp-dir';

const path = (name: string): string => new URL(`../../fixtures/tissue/${name}`, import.meta.url).pathname;
const expected = JSON.parse(readFileSync(path('pclass.expected.json'), 'utf8')) as {
  width: number;
  height: number;
  classes: number[];
};
const temp = makeTempDir();
afterAll(temp.remove);

async function readError(file: string): Promise<ReadError> {
  const error: unknown = await readTissueMap(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ReadError);
  return error as ReadError;
}

describe('readTissueMap', () => {
  for (const name of [
    'pclass.mat',
    'pclass-compressed.mat',
    'pclass-double-extras.mat',
    'pclass.png',
    'pclass-rgb.png',
    'pclass-palette.png',
  ]) {
    it(`reads ${name} as 2 µm cells, row-major`, async () => {
      const map = await readTissueMap(path(name));
      expect(map.cellUm).toBe(2);
      expect([map.width, map.height]).toEqual([expected.width, expected.height]);
      expect(map.classes).toBeInstanceOf(Uint8Array);
      expect(Array.from(map.classes)).toEqual(expected.classes);
    });
  }

  it('names the file, position and value of a NaN or out-of-range class', async () => {
    const nan = await readError(path('bad-nan.mat'));
    expect(nan.file).toBe(path('bad-nan.mat'));
    expect(nan.detail).toBe('tissue class at row 2, column 3 is NaN; expected an integer 0–8');
    expect((await readError(path('bad-nine.mat'))).detail).toBe(
      'tissue class at row 4, column 5 is 9; expected an integer 0–8',
    );
    expect((await readError(path('filters-all.png'))).detail).toMatch(/row 0, column 3 is 28/);
  });

  it('rejects a missing, non-numeric, complex or 3-D pclass', async () => {
    expect((await readError(path('bad-missing.mat'))).detail).toBe("expected a variable 'pclass' in the MAT file");
    expect((await readError(path('bad-cell.mat'))).detail).toMatch(/'pclass' has class cell, expected a numeric class/);
    expect((await readError(path('bad-complex.mat'))).detail).toMatch(/'pclass' is complex/);
    expect((await readError(path('bad-3d.mat'))).detail).toMatch(/'pclass' has dimensions 2×9×13, expected 2-D/);
  });

  it('rejects files that are neither PNG nor MAT, and truncated ones', async () => {
    const text = join(temp.dir, 'map.txt');
    writeFileSync(text, 'hello');
    expect((await readError(text)).detail).toMatch(/neither a PNG nor a MAT v5 file/);
    const truncated = join(temp.dir, 'truncated.mat');
    writeFileSync(truncated, readFileSync(path('pclass.mat')).subarray(0, 300));
    expect((await readError(truncated)).detail).toMatch(/truncated: element of type 14/);
  });
});
