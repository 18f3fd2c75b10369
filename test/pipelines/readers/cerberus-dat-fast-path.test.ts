import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCerberusDat } from '@/pipelines/readers/cerberus-dat';
import { RecordColumns } from '@/pipelines/readers/cerberus-dat-records';
import { loadJoblib } from '@/pipelines/readers/pickle/joblib';
import { ReadError } from '@/pipelines/readers/read-error';
import type { SlideResult } from '@/pipelines/readers/types';
import { writeCerberusDat } from '@/pipelines/writers/joblib-writer';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath, runPython } from '../../support/python';

/** What parsing gives: the result, or the ReadError's message (anything else is rethrown). */
async function outcome(bytes: Uint8Array, file: string, fastPath: boolean): Promise<SlideResult | string> {
  try {
    return await parseCerberusDat(bytes, file, { fastPath });
  } catch (error) {
    if (error instanceof ReadError) return `ReadError: ${error.message}`;
    throw error;
  }
}

/** Records the fast path decoded in `bytes` (a plain, uncompressed or compressed joblib file). */
async function fastRecords(bytes: Uint8Array): Promise<number> {
  const content = await loadJoblib(bytes, { file: 'x.dat', recordSink: new RecordColumns() });
  return content.stats.fastRecords;
}

const temp = makeTempDir('cerberus-fast-');
afterAll(() => temp.remove());

/** Variants spanning several 1000-record SETITEMS batches, so later batches take the fast path. */
const SPECS: Record<string, { spec: object; fast: boolean }> = {
  'p4-all-kinds': { spec: { protocol: 4, nuclei: 2600, glands: 1100, lumina: 1100, vertices: [3, 40] }, fast: true },
  'p5-nuclei-only': { spec: { protocol: 5, nuclei: 2100, glands: -1, lumina: -1, metadata: 'none' }, fast: true },
  'p3-joblib11-unpadded': {
    spec: { protocol: 3, padded: false, nuclei: 2100, glands: 1050, lumina: 1050, metadata: 'resolution' },
    fast: true,
  },
  'p2-python': { spec: { protocol: 2, nuclei: 2100, glands: 10, lumina: 10 }, fast: true },
  'p4-int32-limits': { spec: { protocol: 4, nuclei: 2100, extreme: true }, fast: true },
  'p4-zlib': { spec: { protocol: 4, nuclei: 2100, compress: 3 }, fast: true },
  // numpy scalars (REDUCE of numpy.core.multiarray.scalar) are left to the general path
  'p4-numpy-scalars': { spec: { protocol: 4, nuclei: 2100, lumina: 0, scalars: 'numpy' }, fast: false },
  'p4-numpy32-scalars': {
    spec: { protocol: 4, nuclei: 2100, lumina: 0, scalars: 'numpy32', metadata: 'proc-base-scalar' },
    fast: false,
  },
};

/** Python objects shared between records make the pickler fetch an id string, or a whole record, from the memo. */
const SHARED = `
import sys, joblib, numpy as np
sys.path.insert(0, sys.argv[1])
from make_dat import make
data, _ = make({'seed': 9, 'nuclei': 1500, 'glands': 0, 'lumina': 0})
keys = list(data['Nuclei'])
ring = np.array([[0, 0], [4, 0], [0, 4]])
data['Lumen'] = {keys[1200]: {'box': np.array([0, 0, 5, 5]), 'centroid': np.array([1, 1]), 'contour': ring}}
joblib.dump(data, sys.argv[2] + '/shared-id.dat', protocol=4)
data['Lumen'] = {'again': data['Nuclei'][keys[1300]]}
joblib.dump(data, sys.argv[2] + '/shared-record.dat', protocol=4)
`;

beforeAll(async () => {
  await Promise.all([
    ...Object.entries(SPECS).map(([name, { spec }]) =>
      runPython({
        script: fixturePath('cerberus/make_dat.py'),
        args: [join(temp.dir, `${name}.dat`), JSON.stringify({ seed: name.length, expected: false, ...spec })],
      }),
    ),
    runPython({ code: SHARED, args: [fixturePath('cerberus'), temp.dir] }),
  ]);
  const source = await parseCerberusDat(readFileSync(join(temp.dir, 'p4-all-kinds.dat')), 'p4-all-kinds.dat');
  await writeCerberusDat(join(temp.dir, 'simulator.dat'), source);
}, 300_000);

describe('the record fast path gives the general path result exactly', () => {
  const committed = [
    'cerberus-2022-p3-unpadded.dat',
    'joblib12-p4-padded.dat',
    'joblib12-p2-numpy32.dat',
    'joblib12-p5-nuclei-only.dat',
    'joblib12-p4-zlib3.dat',
  ];
  for (const name of committed) {
    it(`on the committed fixture ${name}`, async () => {
      const bytes = readFileSync(fixturePath(`cerberus/${name}`));
      expect(await outcome(bytes, name, true)).toEqual(await outcome(bytes, name, false));
    });
  }

  for (const [name, { fast }] of [...Object.entries(SPECS), ['simulator', { fast: true }] as const]) {
    it(`on ${name}${fast ? ', decoding most records fast' : ', falling back on every batch'}`, async () => {
      const bytes = readFileSync(join(temp.dir, `${name}.dat`));
      const fastResult = await outcome(bytes, name, true);
      expect(typeof fastResult).toBe('object');
      expect(fastResult).toEqual(await outcome(bytes, name, false));
      const records = await fastRecords(bytes);
      if (!fast) expect(records).toBe(0);
      else expect(records).toBeGreaterThan((fastResult as SlideResult).nuclei.count / 3);
    });
  }

  it('when an id string of a fast batch is fetched from the memo again', async () => {
    const bytes = readFileSync(join(temp.dir, 'shared-id.dat'));
    const fastResult = (await outcome(bytes, 'shared-id', true)) as SlideResult;
    expect(fastResult.lumina.sourceIds).toEqual([fastResult.nuclei.sourceIds[1200]]);
    expect(fastResult).toEqual(await outcome(bytes, 'shared-id', false));
    expect(await fastRecords(bytes)).toBeGreaterThan(0);
  });

  it('when a record of a fast batch is fetched from the memo again', async () => {
    const bytes = readFileSync(join(temp.dir, 'shared-record.dat'));
    const fastResult = await outcome(bytes, 'shared-record', true);
    expect(fastResult).toMatch(
      /ReadError: .*memo entry \d+ refers to an array wrapper or record that was already consumed/,
    );
    expect(fastResult).toEqual(await outcome(bytes, 'shared-record', false));
  });
});
