import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Effects } from '@/pipelines/effects';
import { loadReferenceCohort } from '@/pipelines/reference/slides-csv';
import { selectSlides } from '@/pipelines/simulate/profiles';
import { runSimulation } from '@/pipelines/simulate/run';
import { simulateSlide } from '@/pipelines/simulate/simulate-slide';
import { fileStem } from '@/pipelines/simulate/write-slide';
import { runPython } from '../../support/python';
import { makeTempDir } from '../../support/temp-dir';

const cohort = loadReferenceCohort();
const quiet: Effects = {
  out: () => undefined,
  err: () => undefined,
  status: () => undefined,
  isTTY: false,
  now: () => 0,
};
const options = { profile: 'test' as const, slides: 2, scale: 0.003, seed: 7, jobs: 1 };

describe('simulate writes genuine Cerberus output', () => {
  const temp = makeTempDir('atlas-sim-');
  const a = join(temp.dir, 'a');
  const b = join(temp.dir, 'b');
  beforeAll(async () => {
    await runSimulation({ ...options, outDir: a }, quiet, cohort);
    await runSimulation({ ...options, outDir: b }, quiet, cohort);
  });
  afterAll(() => temp.remove());

  it('names files by the GDC file stem and is byte-identical for the same seed', () => {
    const rows = selectSlides(cohort, 'test', 2);
    const stems = rows.map((r) => fileStem(r.file_name)).sort();
    expect(readdirSync(join(a, 'dat')).sort()).toEqual(stems.map((s) => `${s}.dat`));
    expect(readdirSync(join(a, 'tissue')).sort()).toEqual(stems.map((s) => `${s}.mat`));
    for (const file of ['slides.csv', ...stems.flatMap((s) => [`dat/${s}.dat`, `tissue/${s}.mat`])]) {
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    }
  });

  it('skips slides already written', async () => {
    const summary = await runSimulation({ ...options, outDir: a }, quiet, cohort);
    expect(summary).toMatchObject({ slides: 2, skipped: 2, nuclei: 0 });
  });

  it('joblib.load and scipy read exactly what the simulator intended', async () => {
    const row = selectSlides(cohort, 'test', 1)[0]!;
    const slide = simulateSlide(row, { seed: options.seed, scale: options.scale });
    const stem = fileStem(row.file_name);
    const code = `
import joblib, json, sys, numpy as np, scipy.io
d = joblib.load(sys.argv[1])
def kind(name):
    objs = list(d.get(name, {}).values())
    return {"count": len(objs), "keys": sorted(objs[0].keys()) if objs else [],
            "dtypes": {k: str(v.dtype) for k, v in objs[0].items() if hasattr(v, "dtype")} if objs else {},
            "first": {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in objs[0].items()} if objs else None,
            "last_centroid": objs[-1]["centroid"].tolist() if objs else None}
m = scipy.io.loadmat(sys.argv[2])["pclass"]
print(json.dumps({"Nuclei": kind("Nuclei"), "Gland": kind("Gland"), "Lumen": kind("Lumen"),
  "proc": d["proc_resolution"], "base": d["base_resolution"]["resolution"].tolist(),
  "proc_dimensions": d["proc_dimensions"].tolist(), "pclass": [list(m.shape), str(m.dtype), int(np.count_nonzero(m)), float(m.max())]}))`;
    const out = JSON.parse(
      await runPython(
        { code, args: [join(a, 'dat', `${stem}.dat`), join(a, 'tissue', `${stem}.mat`)] },
        { timeoutMs: 60_000 },
      ),
    );
    const { nuclei, glands, lumina, layout, truth } = slide;
    expect(out.Nuclei.count).toBe(nuclei.count);
    expect(out.Gland.count).toBe(glands.count);
    expect(out.Lumen.count).toBe(lumina.count);
    expect(out.Nuclei.keys).toEqual(['box', 'centroid', 'contour', 'prob', 'type']);
    expect(out.Nuclei.dtypes).toEqual({ box: 'int64', centroid: 'float64', contour: 'int32' });
    expect(out.Gland.keys).toEqual(['box', 'centroid', 'contour', 'type', 'type_prob']);
    expect(out.Gland.dtypes).toEqual({ box: 'int64', centroid: 'int64', contour: 'int64' });
    expect(out.Lumen.keys).toEqual(['box', 'centroid', 'contour']);
    const first = out.Nuclei.first;
    expect(first.centroid).toEqual([nuclei.centroid[0], nuclei.centroid[1]]);
    expect(first.box).toEqual(Array.from(nuclei.box.subarray(0, 4)));
    expect(first.type).toBe(nuclei.type[0]);
    expect(first.prob).toBeCloseTo(nuclei.prob[0]!, 6);
    const ring: number[][] = [];
    for (let k = nuclei.ringStart[0]!; k < nuclei.ringStart[1]!; k++)
      ring.push([nuclei.ring[2 * k]!, nuclei.ring[2 * k + 1]!]);
    expect(first.contour).toEqual(ring);
    const n = nuclei.count - 1;
    expect(out.Nuclei.last_centroid).toEqual([nuclei.centroid[2 * n], nuclei.centroid[2 * n + 1]]);
    expect(out.Gland.first.centroid).toEqual([glands.centroid[0], glands.centroid[1]]);
    expect(out.proc).toEqual({ resolution: 0.5, units: 'mpp' });
    expect(out.base).toEqual([truth.mpp, truth.mpp]);
    expect(out.proc_dimensions).toEqual([layout.heightPx, layout.widthPx]);
    expect(out.pclass.slice(0, 2)).toEqual([[layout.mapHeight, layout.mapWidth], 'float32']);
    expect(out.pclass[2]).toBe(layout.tissue.filter((v) => v !== 0).length);
    expect(out.pclass[3]).toBeLessThanOrEqual(8);
  });
});
