/** Univariable Cox proportional-hazards summaries (Efron ties, 95 % Wald CI) for the survival view. */
import type { CoxSummary, HazardRatio, Outcome } from '../../explore/results';
import { coxProportionalHazards, hazardRatioPerStandardDeviation, type CoxTerm } from '../../stats';

type Row = { time: number; event: boolean; value: number | null };

function toHazardRatio(term: CoxTerm): HazardRatio {
  return { hazardRatio: term.hazardRatio, lower: term.lower, upper: term.upper, p: term.p };
}

/** Cox on the continuous feature (per unit and per SD), or on group indicators vs the first level when `groups` is given. */
export function coxSummary<T extends Row>(
  rows: readonly T[],
  groups: { levels: readonly string[]; groupOf: (row: T) => string } | null,
): Outcome<CoxSummary> {
  const times = rows.map((r) => r.time);
  const events = rows.map((r) => r.event);
  if (groups === null) {
    const fit = coxProportionalHazards(times, events, [{ name: 'feature', values: rows.map((r) => r.value) }], {
      ties: 'efron',
    });
    if (!fit.ok) return { ok: false, reason: fit.reason };
    const term = fit.terms[0]!;
    return {
      ok: true,
      kind: 'continuous',
      n: fit.n,
      events: fit.events,
      perUnit: toHazardRatio(term),
      perSd: toHazardRatio(hazardRatioPerStandardDeviation(term)),
      sd: term.standardDeviation,
    };
  }
  const [reference, ...others] = groups.levels;
  if (reference === undefined || others.length === 0)
    return { ok: false, reason: 'At least 2 groups with patients are needed for a hazard ratio.' };
  const covariates = others.map((level) => ({
    name: level,
    values: rows.map((r) => (groups.groupOf(r) === level ? 1 : 0)),
  }));
  const fit = coxProportionalHazards(times, events, covariates, { ties: 'efron' });
  if (!fit.ok) return { ok: false, reason: fit.reason };
  return {
    ok: true,
    kind: 'groups',
    n: fit.n,
    events: fit.events,
    reference,
    terms: fit.terms.map((term) => ({ level: term.name, ...toHazardRatio(term) })),
  };
}
