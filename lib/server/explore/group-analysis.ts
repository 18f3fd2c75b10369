/** Group comparison: a patient-level feature across levels of a categorical clinical variable. */
import { boxStatistics } from '../../explore/plot-data';
import type { Exclusion, GroupsResult, PatientPoint } from '../../explore/results';
import type { VariableInfo } from '../../explore/variables';
import { groupTest } from './group-test';
import { levelOf, type PatientRow } from './patient-table';

/** Box/strip data, test and exclusions of `feature` across `levels` of `groupBy` (ranking added by the caller). */
export function analyseGroups(
  patients: readonly PatientRow[],
  feature: VariableInfo,
  groupBy: VariableInfo,
  levels: readonly string[],
): Omit<GroupsResult, 'ranking'> {
  let missingGroup = 0;
  let otherLevel = 0;
  let missingValue = 0;
  const byLevel = new Map<string, PatientPoint[]>(levels.map((level) => [level, []]));
  for (const patient of patients) {
    const level = levelOf(patient, groupBy.id);
    if (level === null) missingGroup++;
    else if (!byLevel.has(level)) otherLevel++;
    else {
      const value = patient.values[feature.id] ?? null;
      if (value === null) missingValue++;
      else byLevel.get(level)!.push({ patientId: patient.patientId, slideIds: patient.slideIds, value });
    }
  }
  const groups = levels.map((level) => {
    const points = byLevel.get(level) ?? [];
    const box = boxStatistics(points.map((p) => p.value));
    return {
      level,
      n: points.length,
      median: box?.median ?? null,
      q1: box?.q1 ?? null,
      q3: box?.q3 ?? null,
      whiskerLow: box?.whiskerLow ?? null,
      whiskerHigh: box?.whiskerHigh ?? null,
      points,
    };
  });
  const exclusions: Exclusion[] = [
    { count: missingGroup, reason: `without ${groupBy.label}` },
    { count: otherLevel, reason: `in ${groupBy.label} groups not compared` },
    { count: missingValue, reason: `without a value of ${feature.label}` },
  ].filter((e) => e.count > 0);
  return {
    view: 'groups',
    feature,
    groupBy,
    patients: patients.length,
    groups,
    test: groupTest(
      levels,
      groups.map((g) => g.points.map((p) => p.value)),
    ),
    exclusions,
  };
}
