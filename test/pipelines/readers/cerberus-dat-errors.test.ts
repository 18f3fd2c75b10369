import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCerberusDat } from '@/pipelines/readers/cerberus-dat';
import { ReadError } from '@/pipelines/readers/read-error';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath, runPython } from '../../support/python';

const temp = makeTempDir('cerberus-bad-');
let cases: Record<string, [string | null, string | null]> = {};

beforeAll(async () => {
  await runPython({ script: fixturePath('cerberus/make_bad_dat.py'), args: [temp.dir] });
  cases = JSON.parse(readFileSync(join(temp.dir, 'cases.json'), 'utf8')) as typeof cases;
  // Python dicts cannot repeat a key: turn the second id into the first in the pickle bytes.
  const path = join(temp.dir, 'duplicate-ids.dat');
  const bytes = readFileSync(path);
  bytes.set(Buffer.from('a'.repeat(32)), bytes.indexOf('b'.repeat(32)));
  writeFileSync(path, bytes);
});
afterAll(() => temp.remove());

async function readError(name: string): Promise<ReadError> {
  const error: unknown = await readCerberusDat(join(temp.dir, `${name}.dat`)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return error as ReadError;
}

const messages: Record<string, RegExp> = {
  'missing-contour': /missing "contour"/,
  'two-vertices': /contour: expected 3 to \d+ vertices, got 2/,
  'nan-centroid': /centroid: expected finite pixel coordinates/,
  'float-contour': /contour: expected an integer array, got <f8/,
  'type-out-of-range': /type 7 is outside 0–6/,
  'prob-out-of-range': /prob: expected a number in \[0, 1\]/,
  'gland-type-3': /type 3 is outside 0–2/,
  'lumen-int32-overflow': /value 1099511627776 is outside the int32 range/,
  'big-endian': /big-endian numpy dtype '>i4'/,
  'object-dtype': /object dtype/,
  'disallowed-global': /global 'collections.OrderedDict' is not allowed/,
  'not-a-dict': /expected a dict at the top level/,
  'no-nuclei': /no "Nuclei" key/,
  'duplicate-ids': /duplicate id/,
};

describe('readCerberusDat rejects invalid files with a ReadError naming file, kind, id and expectation', () => {
  for (const [name, pattern] of Object.entries(messages)) {
    it(name, async () => {
      const error = await readError(name);
      const [kind, id] = cases[name] ?? [null, null];
      expect(error.message).toMatch(pattern);
      expect(error.file).toBe(join(temp.dir, `${name}.dat`));
      expect(error.where?.kind ?? null).toBe(kind);
      expect(error.where?.id ?? null).toBe(id);
    });
  }

  it('names a missing file', async () => {
    await expect(readCerberusDat(join(temp.dir, 'absent.dat'))).rejects.toThrow(/absent.dat: cannot read file: ENOENT/);
  });

  it('refuses compressors other than zlib and gzip by name', async () => {
    const path = join(temp.dir, 'bz2.dat');
    writeFileSync(path, Buffer.from('BZh91AY&SY'));
    await expect(readCerberusDat(path)).rejects.toThrow(/compressed with bz2 is not supported/);
  });

  it('reports truncation with the byte offset', async () => {
    const bytes = readFileSync(fixturePath('cerberus/joblib12-p4-padded.dat'));
    const path = join(temp.dir, 'truncated.dat');
    writeFileSync(path, bytes.subarray(0, 1000));
    await expect(readCerberusDat(path)).rejects.toThrow(/\(byte \d+\): .*truncated/);
  });
});
