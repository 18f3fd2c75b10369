import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCerberusDat } from '@/pipelines/readers/cerberus-dat';
import type { ObjectTable } from '@/pipelines/readers/types';
import { writeCerberusDat } from '@/pipelines/writers/joblib-writer';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath, runPython } from '../../support/python';

/** Loads with joblib twice (in memory and memory-mapped, which checks the padding offsets) and prints every value. */
const DUMP = `
import json, sys, joblib, numpy as np
out = {}
for mode in (None, 'r'):
    d = joblib.load(sys.argv[1], mmap_mode=mode)
    kinds = {}
    for name in ('Nuclei', 'Gland', 'Lumen'):
        if name not in d: continue
        recs = d[name]
        kinds[name] = {
            'ids': list(recs),
            'dtypes': sorted({f'{k}:{v.dtype.str}' for r in recs.values() for k, v in r.items() if isinstance(v, np.ndarray)}),
            'box': [r['box'].tolist() for r in recs.values()],
            'centroid': [r['centroid'].tolist() for r in recs.values()],
            'contour': [r['contour'].tolist() for r in recs.values()],
            'type': [r.get('type') for r in recs.values()],
            'prob': [r.get('prob', r.get('type_prob')) for r in recs.values()],
        }
    kinds['meta'] = {k: (v.tolist() if isinstance(v, np.ndarray) else {kk: (vv.tolist() if isinstance(vv, np.ndarray) else vv) for kk, vv in v.items()})
                     for k, v in d.items() if k not in ('Nuclei', 'Gland', 'Lumen')}
    out['mmap' if mode else 'memory'] = kinds
print(json.dumps(out))
`;

interface Dumped {
  ids: string[];
  dtypes: string[];
  box: number[][];
  centroid: number[][];
  contour: number[][][];
  type: (number | null)[];
  prob: (number | null)[];
}

function rings(table: ObjectTable): number[][][] {
  return Array.from({ length: table.count }, (_, i) => {
    const ring: number[][] = [];
    for (let k = table.ringOffsets[i]!; k < table.ringOffsets[i + 1]!; k++)
      ring.push([table.ringCoords[2 * k]!, table.ringCoords[2 * k + 1]!]);
    return ring;
  });
}

const temp = makeTempDir('joblib-writer-');
afterAll(() => temp.remove());

describe('writeCerberusDat', () => {
  it('writes what joblib.load reads back exactly, padded for memory-mapping', async () => {
    const source = await readCerberusDat(fixturePath('cerberus/joblib12-p4-padded.dat'));
    const path = join(temp.dir, 'written.dat');
    const box = new Int32Array(source.nuclei.count * 4).map((_, k) => k * 7 - 3);
    await writeCerberusDat(path, {
      nuclei: { ...source.nuclei, box },
      glands: source.glands,
      lumina: source.lumina,
      metadata: { baseMpp: [0.25, 0.2501], procDimensions: [300, 200], baseDimensions: [600, 401] },
    });
    const dumped = JSON.parse(await runPython({ code: DUMP, args: [path] })) as Record<
      'memory' | 'mmap',
      Record<string, Dumped> & { meta: unknown }
    >;
    expect(dumped.mmap).toEqual(dumped.memory);
    const { Nuclei: nuclei, Gland: glands, Lumen: lumina, meta } = dumped.memory;
    expect(nuclei!.ids).toEqual(source.nuclei.sourceIds);
    expect(nuclei!.dtypes).toEqual(['box:<i8', 'centroid:<f8', 'contour:<i4']);
    expect(nuclei!.box.flat()).toEqual(Array.from(box));
    expect(nuclei!.centroid).toEqual(
      Array.from(source.nuclei.centroidX, (x, i) => [x / 0.5, source.nuclei.centroidY[i]! / 0.5]),
    );
    expect(nuclei!.contour).toEqual(rings(source.nuclei));
    expect(nuclei!.type).toEqual(Array.from(source.nuclei.classId));
    expect(nuclei!.prob).toEqual(Array.from(source.nuclei.classProb));
    expect(glands!.dtypes).toEqual(['box:<i8', 'centroid:<i8', 'contour:<i8']);
    expect(glands!.contour).toEqual(rings(source.glands));
    expect(lumina!.type).toEqual(lumina!.ids.map(() => null));
    expect(lumina!.box[0]).toEqual([
      Math.min(...rings(source.lumina)[0]!.map(([x]) => x!)),
      Math.min(...rings(source.lumina)[0]!.map(([, y]) => y!)),
      Math.max(...rings(source.lumina)[0]!.map(([x]) => x!)) + 1,
      Math.max(...rings(source.lumina)[0]!.map(([, y]) => y!)) + 1,
    ]);
    expect(meta).toEqual({
      proc_resolution: { resolution: 0.5, units: 'mpp' },
      base_resolution: { resolution: [0.25, 0.2501], units: 'mpp' },
      proc_dimensions: [200, 300],
      base_dimensions: [401, 600],
    });
  });

  it('round-trips through readCerberusDat', async () => {
    const source = await readCerberusDat(fixturePath('cerberus/cerberus-2022-p3-unpadded.dat'));
    const path = join(temp.dir, 'round-trip.dat');
    await writeCerberusDat(path, { ...source, metadata: { procDimensions: [10, 20] } });
    const again = await readCerberusDat(path);
    expect(again.nuclei).toEqual(source.nuclei);
    expect(again.glands).toEqual(source.glands);
    expect(again.lumina).toEqual(source.lumina);
    expect(again.metadata.procDimensions).toEqual([10, 20]);
    expect(again.metadata.variant.slice(0, 2)).toEqual([
      'pickle protocol 4',
      'joblib >= 1.2 (arrays padded to 16 bytes)',
    ]);
  });

  it('writes 2 500 nuclei across several SETITEMS batches and leaves no temp file', async () => {
    const before = readdirSync(temp.dir).length;
    const count = 2500;
    const offsets = Uint32Array.from({ length: count + 1 }, (_, i) => i * 3);
    const coords = Int32Array.from({ length: count * 6 }, (_, k) => (k * 7919) % 100_000);
    const nuclei: ObjectTable = {
      kind: 'nuclei',
      count,
      coordUnitUm: 0.5,
      sourceIds: Array.from({ length: count }, () => ''),
      centroidX: Float64Array.from({ length: count }, (_, i) => i * 0.25),
      centroidY: Float64Array.from({ length: count }, (_, i) => i * 0.5),
      classId: Int8Array.from({ length: count }, (_, i) => i % 7),
      classProb: Float32Array.from({ length: count }, (_, i) => (i % 100) / 100),
      ringOffsets: offsets,
      ringCoords: coords,
    };
    const path = join(temp.dir, 'batches.dat');
    await writeCerberusDat(path, { nuclei });
    const again = await readCerberusDat(path);
    expect({ ...again.nuclei, sourceIds: [] }).toEqual({ ...nuclei, sourceIds: [] });
    expect(new Set(again.nuclei.sourceIds).size).toBe(count);
    expect(readFileSync(path).length).toBeGreaterThan(count * 100);
    const python = await runPython({
      code: 'import sys, joblib; d = joblib.load(sys.argv[1]); print(len(d["Nuclei"]))',
      args: [path],
    });
    expect(python.trim()).toBe(String(count));
    expect(readdirSync(temp.dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(temp.dir).length).toBe(before + 1);
  });
});
