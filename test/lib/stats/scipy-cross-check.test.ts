import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chiSquareSf, normalQuantile, studentTCdf } from '@/lib/stats/distributions';
import { kruskalWallis } from '@/lib/stats/kruskal-wallis';
import { mannWhitneyU } from '@/lib/stats/mann-whitney';
import { spearman } from '@/lib/stats/spearman';
import { seededRandom } from '../../support/seeded-random';
import { expectClose, expectOk } from './reference';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.warn(
    `Skipping live scipy cross-check: '${python} -c "import scipy"' failed (${probe.error?.message ?? probe.stderr.trim()}).`,
  );
}

const random = seededRandom(8);
const draw = (n: number, shift: number, decimals: number) =>
  Array.from({ length: n }, () => Number((normalQuantile(random()) + shift).toFixed(decimals)));
const cases = Array.from({ length: 24 }, (_, index) => {
  const decimals = index % 3; // 0 decimals → many ties; 2 → few
  const [nX, nY] = index % 4 === 0 ? [5 + (index % 3), 7] : [10 + index * 3, 8 + index * 2];
  return { x: draw(nX, 0, decimals), y: draw(nY, 0.1 * (index % 5), decimals), z: draw(nX, 0.3, decimals) };
});
const distributionPoints = Array.from({ length: 30 }, () => ({
  x: random() * 60,
  df: 1 + Math.floor(random() * 40),
  t: (random() - 0.5) * 20,
}));

const script = `
import json, sys
from scipy import stats
data = json.load(sys.stdin)
out = {"cases": [], "points": []}
for c in data["cases"]:
    mw = stats.mannwhitneyu(c["x"], c["y"], alternative="two-sided")
    kw = stats.kruskal(c["x"], c["y"], c["z"])
    sp = stats.spearmanr(c["x"], c["z"])
    out["cases"].append({"u": float(mw.statistic), "p": float(mw.pvalue), "h": float(kw.statistic), "kwP": float(kw.pvalue),
                         "rho": float(sp.correlation), "spP": float(sp.pvalue)})
for p in data["points"]:
    out["points"].append({"chi": float(stats.chi2.sf(p["x"], p["df"])), "t": float(stats.t.cdf(p["t"], p["df"]))})
json.dump(out, sys.stdout)
`;

describe.runIf(available)('live cross-check against scipy.stats on seeded random data', () => {
  const run = () => {
    const result = spawnSync(python, ['-c', script], {
      input: JSON.stringify({ cases, points: distributionPoints }),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as {
      cases: { u: number; p: number; h: number; kwP: number; rho: number; spP: number }[];
      points: { chi: number; t: number }[];
    };
  };
  const reference = available ? run() : { cases: [], points: [] };

  it('Mann–Whitney, Kruskal–Wallis and Spearman agree on 24 random data sets with ties', () => {
    cases.forEach(({ x, y, z }, index) => {
      const expected = reference.cases[index]!;
      const mw = expectOk(mannWhitneyU(x, y));
      expect(mw.u).toBe(expected.u);
      expectClose(mw.p, expected.p, 1e-9);
      const kw = expectOk(kruskalWallis([x, y, z]));
      expectClose(kw.h, expected.h, 1e-10);
      expectClose(kw.p, expected.kwP, 1e-9);
      const rho = expectOk(spearman(x, z));
      expectClose(rho.rho, expected.rho, 1e-10, 1e-12);
      expectClose(rho.p, expected.spP, 1e-9);
    });
  });

  it('χ² survival and Student-t CDF agree at 30 random points', () => {
    distributionPoints.forEach(({ x, df, t }, index) => {
      expectClose(chiSquareSf(x, df), reference.points[index]!.chi, 1e-10);
      expectClose(studentTCdf(t, df), reference.points[index]!.t, 1e-10);
    });
  });
});
