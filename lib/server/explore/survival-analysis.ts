/** Survival: Kaplan–Meier per group, numbers at risk, log-rank and univariable Cox (Efron ties), per patient. */
import type { ExploreState } from '../../explore/explore-state';
import { atRiskTimes } from '../../explore/plot-data';
import type { Exclusion, SurvivalResult } from '../../explore/results';
import { ENDPOINTS, type VariableInfo } from '../../explore/variables';
import { kaplanMeier, logRank, numberAtRisk, toEvent } from '../../stats';
import { coxSummary } from './cox-summary';
import { levelOf, type PatientRow } from './patient-table';
import { cutPointWarning, splitByFeature } from './survival-groups';

type Usable = { patient: PatientRow; time: number; event: boolean; value: number | null };

/** KM curves, at-risk table, log-rank and Cox of `state.endpoint` split as `state.split` says. */
export function analyseSurvival(
  patients: readonly PatientRow[],
  state: Pick<ExploreState, 'endpoint' | 'split' | 'threshold'>,
  feature: VariableInfo,
  groupBy: VariableInfo,
  levels: readonly string[],
): SurvivalResult {
  const endpoint = ENDPOINTS[state.endpoint];
  const byGroup = state.split === 'group';
  const usable: Usable[] = [];
  let missingSurvival = 0;
  let missingSplit = 0;
  let otherLevel = 0;
  for (const patient of patients) {
    const time = patient.clinical[endpoint.time];
    const event = toEvent(patient.clinical[endpoint.event] as boolean | null);
    const value = patient.values[feature.id] ?? null;
    if (typeof time !== 'number' || !(time >= 0) || event === null) missingSurvival++;
    else if (byGroup && levelOf(patient, groupBy.id) === null) missingSplit++;
    else if (byGroup && !levels.includes(levelOf(patient, groupBy.id)!)) otherLevel++;
    else if (!byGroup && value === null) missingSplit++;
    else usable.push({ patient, time, event, value });
  }
  const exclusions: Exclusion[] = [
    { count: missingSurvival, reason: `without ${endpoint.label.toLowerCase()} time or event` },
    { count: missingSplit, reason: byGroup ? `without ${groupBy.label}` : `without a value of ${feature.label}` },
    { count: otherLevel, reason: `in ${groupBy.label} groups not compared` },
  ].filter((e) => e.count > 0);
  const split = byGroup
    ? { ok: true as const, cutPoints: [], labels: [...levels], assign: () => '' }
    : splitByFeature(
        usable.map((u) => u.value!),
        state.split as Exclude<typeof state.split, 'group'>,
        state.threshold,
        feature.unit,
      );
  const base = {
    view: 'survival' as const,
    endpoint: { id: state.endpoint, label: endpoint.label },
    split: state.split,
    splitBy: byGroup ? groupBy : feature,
    patients: patients.length,
    warning: cutPointWarning(state.split),
    exclusions,
  };
  if (!split.ok) {
    const failed = { ok: false as const, reason: split.reason };
    return { ...base, cutPoints: [], curves: failed, logRank: failed, cox: failed, points: [] };
  }
  const groupOf = (u: Usable) => (byGroup ? levelOf(u.patient, groupBy.id)! : split.assign(u.value!));
  const labels = split.labels.filter((label) => usable.some((u) => groupOf(u) === label));
  const times = atRiskTimes(Math.max(0, ...usable.map((u) => u.time)));
  const curves = [];
  const atRisk: number[][] = [];
  for (const label of labels) {
    const members = usable.filter((u) => groupOf(u) === label);
    const km = kaplanMeier(
      members.map((m) => m.time),
      members.map((m) => m.event),
    );
    if (!km.ok) continue;
    curves.push({
      label,
      n: km.n,
      events: km.events,
      medianMonths: km.median.estimate,
      steps: km.steps.map(({ time, survival, nRisk, nEvent, nCensor }) => ({ time, survival, nRisk, nEvent, nCensor })),
    });
    atRisk.push(numberAtRisk(km, times));
  }
  const test = logRank(
    usable.map((u) => u.time),
    usable.map((u) => u.event),
    usable.map(groupOf),
  );
  return {
    ...base,
    cutPoints: split.cutPoints,
    curves:
      curves.length === 0
        ? { ok: false, reason: 'No patient has survival data for this split.' }
        : { ok: true, curves, atRiskTimes: times, atRisk },
    logRank: test.ok
      ? { ok: true, chiSquare: test.chiSquare, df: test.df, p: test.p }
      : { ok: false, reason: test.reason },
    cox: coxSummary(usable, byGroup ? { levels: labels, groupOf } : null),
    points: usable.map((u) => ({
      patientId: u.patient.patientId,
      slideIds: u.patient.slideIds,
      time: u.time,
      event: u.event,
      group: groupOf(u),
      value: u.value,
    })),
  };
}
