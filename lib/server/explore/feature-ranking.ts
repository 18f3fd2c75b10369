/**
 * Ranked table of every numeric feature against one variable (group test or Spearman), with
 * Benjamini–Hochberg q-values over all features tested, because users test many features.
 */
import { benjaminiHochberg, spearman } from '../../stats';
import type { Outcome, RankingResult, RankingRow } from '../../explore/results';
import type { VariableInfo } from '../../explore/variables';
import { groupEffect, groupTest } from './group-test';
import { levelOf, type PatientRow } from './patient-table';

/** What the features are ranked against: a categorical variable's levels, or a continuous variable. */
export type RankingTarget =
  | { readonly kind: 'groups'; readonly variable: VariableInfo; readonly levels: readonly string[] }
  | { readonly kind: 'continuous'; readonly variable: VariableInfo };

type Tested = { row: Omit<RankingRow, 'q'> } | { skipped: string };

function testFeature(patients: readonly PatientRow[], feature: VariableInfo, target: RankingTarget): Tested {
  if (target.kind === 'continuous') {
    const test = spearman(
      patients.map((p) => p.values[feature.id] ?? null),
      patients.map((p) => p.values[target.variable.id] ?? null),
    );
    if (!test.ok) return { skipped: test.reason };
    return {
      row: { id: feature.id, label: feature.label, unit: feature.unit, n: test.n, effect: test.rho, p: test.p },
    };
  }
  const values = target.levels.map((level) =>
    patients
      .filter((p) => levelOf(p, target.variable.id) === level)
      .flatMap((p) => {
        const value = p.values[feature.id];
        return value === null || value === undefined ? [] : [value];
      }),
  );
  const test = groupTest(target.levels, values);
  if (!test.ok) return { skipped: test.reason };
  const n = values.reduce((sum, group) => sum + group.length, 0);
  return { row: { id: feature.id, label: feature.label, unit: feature.unit, n, effect: groupEffect(test), p: test.p } };
}

/** Tests each of `features` against `target`, adds BH q-values and sorts by p (features that cannot be tested listed apart). */
export function rankFeatures(
  patients: readonly PatientRow[],
  features: readonly VariableInfo[],
  target: RankingTarget,
): Outcome<RankingResult> {
  const rows: Omit<RankingRow, 'q'>[] = [];
  const skipped: RankingResult['skipped'][number][] = [];
  for (const feature of features) {
    if (feature.id === target.variable.id) continue;
    const tested = testFeature(patients, feature, target);
    if ('row' in tested) rows.push(tested.row);
    else skipped.push({ id: feature.id, label: feature.label, reason: tested.skipped });
  }
  const adjusted = benjaminiHochberg(rows.map((r) => r.p));
  if (!adjusted.ok)
    return { ok: false, reason: `No feature could be tested: ${skipped[0]?.reason ?? adjusted.reason}` };
  const ranked = rows
    .map((row, index) => ({ ...row, q: adjusted.qValues[index]! }))
    .sort((a, b) => a.p - b.p || a.label.localeCompare(b.label));
  const method =
    target.kind === 'continuous' ? 'spearman' : target.levels.length === 2 ? 'mann-whitney' : 'kruskal-wallis';
  const effectName = method === 'spearman' ? 'rho' : method === 'mann-whitney' ? 'rank_biserial_r' : 'epsilon_squared';
  return { ok: true, against: target.variable.label, method, effectName, rows: ranked, skipped };
}
