import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeVariant, readCerberusDat } from '@/pipelines/readers/cerberus-dat';
import type { ObjectTable, SlideResult } from '@/pipelines/readers/types';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath, runPython } from '../../support/python';

interface ExpectedKind {
  ids: string[];
  centroid: [number, number][];
  contour: [number, number][][];
  type: number[];
  prob: number[];
}
interface Expected {
  nuclei: ExpectedKind;
  glands: ExpectedKind;
  lumina: ExpectedKind;
  metadata: { procMpp?: number; baseMpp?: number[]; procDimensions?: number[]; baseDimensions?: number[] };
}

/** Asserts every id, centroid (µm), class, probability (float32) and ring vertex equals what Python wrote. */
function expectTable(table: ObjectTable, expected: ExpectedKind, mpp: number): void {
  expect(table.count).toBe(expected.ids.length);
  expect(table.sourceIds).toEqual(expected.ids);
  expect(table.coordUnitUm).toBe(mpp);
  expect(Array.from(table.centroidX)).toEqual(expected.centroid.map(([x]) => x * mpp));
  expect(Array.from(table.centroidY)).toEqual(expected.centroid.map(([, y]) => y * mpp));
  const lumina = table.kind === 'lumina';
  expect(Array.from(table.classId)).toEqual(lumina ? expected.ids.map(() => 1) : expected.type);
  expect(Array.from(table.classProb)).toEqual(lumina ? expected.ids.map(() => NaN) : expected.prob.map(Math.fround));
  const offsets = [0];
  for (const ring of expected.contour) offsets.push(offsets[offsets.length - 1]! + ring.length);
  expect(Array.from(table.ringOffsets)).toEqual(offsets);
  expect(Array.from(table.ringCoords)).toEqual(expected.contour.flat(2));
}

function expectSlide(result: SlideResult, expected: Expected): void {
  const mpp = expected.metadata.procMpp ?? 0.5;
  expectTable(result.nuclei, expected.nuclei, mpp);
  expectTable(result.glands, expected.glands, mpp);
  expectTable(result.lumina, expected.lumina, mpp);
  const { baseMpp, procDimensions, baseDimensions } = result.metadata;
  expect({ baseMpp, procDimensions, baseDimensions }).toEqual({
    baseMpp: expected.metadata.baseMpp,
    procDimensions: expected.metadata.procDimensions,
    baseDimensions: expected.metadata.baseDimensions,
  });
}

const readExpected = (path: string): Expected => JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as Expected;

describe('readCerberusDat on committed fixtures', () => {
  const names = [
    'cerberus-2022-p3-unpadded.dat',
    'joblib12-p4-padded.dat',
    'joblib12-p2-numpy32.dat',
    'joblib12-p5-nuclei-only.dat',
    'joblib12-p4-zlib3.dat',
  ];
  for (const name of names) {
    it(`reads ${name} exactly`, async () => {
      const path = fixturePath(`cerberus/${name}`);
      expectSlide(await readCerberusDat(path), readExpected(path));
    });
  }

  it('keeps every result intact while the thread reuses its read buffer, in turn or concurrently', async () => {
    const paths = names.map((name) => fixturePath(`cerberus/${name}`));
    // Results are checked only after every read: one holding a view of a reused buffer would show it.
    const inTurn: SlideResult[] = [];
    for (const path of paths) inTurn.push(await readCerberusDat(path));
    const together = await Promise.all([...paths, ...paths].map((path) => readCerberusDat(path)));
    paths.forEach((path, k) => {
      expectSlide(inTurn[k]!, readExpected(path));
      expectSlide(together[k]!, readExpected(path));
      expectSlide(together[k + paths.length]!, readExpected(path));
    });
  });

  it('reports the format variant', async () => {
    const old = await readCerberusDat(fixturePath('cerberus/cerberus-2022-p3-unpadded.dat'));
    expect(old.metadata.format).toBe('cerberus-dat');
    expect(old.metadata.variant.slice(0, 3)).toEqual([
      'pickle protocol 3',
      'joblib < 1.2 (arrays not padded)',
      'metadata: "resolution" (Cerberus 2022-10)',
    ]);
    const zlib = await readCerberusDat(fixturePath('cerberus/joblib12-p4-zlib3.dat'));
    expect(zlib.metadata.variant).toContain('zlib-compressed');
    const bare = await readCerberusDat(fixturePath('cerberus/joblib12-p5-nuclei-only.dat'));
    expect(bare.metadata.variant).toContain('processing resolution not in file: assumed 0.5 µm/px');
  });

  it('uses the mpp option for coordinates and centroids', async () => {
    const path = fixturePath('cerberus/joblib12-p4-padded.dat');
    const result = await readCerberusDat(path, { mpp: 0.25 });
    expectTable(result.nuclei, readExpected(path).nuclei, 0.25);
    expect(result.metadata.procMpp).toBe(0.25);
  });

  it('reads the tissue map when tissuePath is given', async () => {
    const result = await readCerberusDat(fixturePath('cerberus/joblib12-p4-padded.dat'), {
      tissuePath: fixturePath('tissue/pclass.mat'),
    });
    expect(result.tissue).toMatchObject({ width: 13, height: 9, cellUm: 2 });
  });
});

describe('readCerberusDat on joblib files generated now', () => {
  const temp = makeTempDir('cerberus-dat-');
  const specs: Record<string, object> = {
    'p2-python-none': { protocol: 2, metadata: 'none', scalars: 'python' },
    'p3-unpadded-numpy': { protocol: 3, padded: false, scalars: 'numpy', metadata: 'resolution' },
    'p4-numpy32-scalar-base': { protocol: 4, scalars: 'numpy32', metadata: 'proc-base-scalar' },
    'p5-proc-base': { protocol: 5, metadata: 'proc-base', nuclei: 40, vertices: [12, 30] },
    'p4-empty-kinds': { protocol: 4, glands: 0, lumina: 0 },
    'p4-absent-kinds': { protocol: 4, glands: -1, lumina: -1, nuclei: 0 },
    'p4-int32-limits': { protocol: 4, extreme: true },
    'p3-unpadded-zlib': { protocol: 3, padded: false, compress: 3 },
    'p4-gzip': { protocol: 4, compress: ['gzip', 3] },
    'p4-batches': { protocol: 4, nuclei: 2500, glands: 1100, lumina: 3 },
  };
  beforeAll(async () => {
    await Promise.all(
      Object.entries(specs).map(([name, spec]) =>
        runPython({
          script: fixturePath('cerberus/make_dat.py'),
          args: [join(temp.dir, `${name}.dat`), JSON.stringify({ seed: name.length, ...spec })],
        }),
      ),
    );
  });
  afterAll(() => temp.remove());

  for (const name of Object.keys(specs)) {
    it(`reads ${name} exactly`, async () => {
      const path = join(temp.dir, `${name}.dat`);
      expectSlide(await readCerberusDat(path), readExpected(path));
    });
  }
});

describe('describeVariant', () => {
  it('names protocol, padding, compression, numpy 2 and metadata form', () => {
    const variant = describeVariant({
      protocol: 5,
      compression: 'gzip',
      paddedArrays: 2,
      unpaddedArrays: 1,
      metadataForm: 'mixed',
      globals: new Set(['numpy._core.multiarray.scalar']),
      notes: ['ignored key "x"'],
    });
    expect(variant).toEqual([
      'pickle protocol 5',
      'joblib arrays mixed: 2 padded, 1 unpadded',
      'gzip-compressed',
      'numpy >= 2 module names',
      'metadata: both "resolution" and proc/base keys',
      'ignored key "x"',
    ]);
  });
});
