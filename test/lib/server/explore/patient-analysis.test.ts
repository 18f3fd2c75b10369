/** Patient aggregation wiring and bad input: n counts patients, slides are averaged, failures say why. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPLORE_STATE, type ExploreState } from '../../../../lib/explore/explore-state';
import type { CorrelationResult, GroupsResult, SurvivalResult } from '../../../../lib/explore/results';
import { analyseState } from '../../../../lib/server/explore/analyse-state';
import { toPatientRows, type SlideRecord } from '../../../../lib/server/explore/patient-table';

const F = 'tissue_stroma_fraction';

function slide(
  slideId: string,
  patientId: string,
  extra: Record<string, string | number | boolean | null>,
): SlideRecord {
  return {
    slide_id: slideId,
    patient_id: patientId,
    msi_status: 'MSS',
    age_years: 60,
    os_months: 10,
    os_event: false,
    ...extra,
  };
}

const SLIDES: SlideRecord[] = [
  slide('A-1', 'A', { [F]: 0.2, msi_status: 'MSI-H', os_event: true, os_months: 3 }),
  slide('A-2', 'A', { [F]: 0.4, msi_status: 'MSI-H', os_event: true, os_months: 3 }),
  slide('B-1', 'B', { [F]: 0.5, msi_status: 'MSI-H', os_months: 20 }),
  slide('C-1', 'C', { [F]: 0.1, os_event: true, os_months: 5 }),
  slide('C-2', 'C', { [F]: null, os_event: true, os_months: 5 }),
  slide('D-1', 'D', { [F]: 0.3 }),
  slide('E-1', 'E', { [F]: null, msi_status: null }),
  slide('F-1', 'F', { [F]: null }),
];
const run = (patch: Partial<ExploreState>, slides = SLIDES) =>
  analyseState(slides, { ...DEFAULT_EXPLORE_STATE, feature: F, ...patch });

describe('patient-level analysis', () => {
  it('averages slides per patient (missing slides skipped, all-missing → null)', () => {
    const rows = toPatientRows(SLIDES, [F]);
    expect(rows.map((r) => [r.patientId, r.slideIds.length, r.values[F]])).toEqual([
      ['A', 2, expect.closeTo(0.3, 12)],
      ['B', 1, 0.5],
      ['C', 2, 0.1],
      ['D', 1, 0.3],
      ['E', 1, null],
      ['F', 1, null],
    ]);
  });

  it('group n counts patients and exclusions are counted with reasons', () => {
    const result = run({ view: 'groups', levels: ['MSS', 'MSI-H'] }) as GroupsResult;
    expect(result.groups.map((g) => [g.level, g.n])).toEqual([
      ['MSS', 2],
      ['MSI-H', 2],
    ]);
    expect(result.exclusions).toEqual([
      { count: 1, reason: 'without MSI status' },
      { count: 1, reason: 'without a value of Stroma fraction' },
    ]);
    expect(result.test.ok && result.test.method).toBe('mann-whitney');
  });

  it('a group with fewer than 2 patients: the test says why', () => {
    const slides = SLIDES.map((s) => (s.patient_id === 'B' ? { ...s, msi_status: 'MSI-L' } : s));
    const result = run({ view: 'groups' }, slides) as GroupsResult;
    expect(result.test).toEqual({
      ok: false,
      reason: "Group 'MSI-L' has 1 patient with a value; each group needs at least 2.",
    });
  });

  it('all-missing and constant features: no fake statistics', () => {
    const missing = SLIDES.map((s) => ({ ...s, [F]: null }));
    const groups = run({ view: 'groups', levels: ['MSS', 'MSI-H'] }, missing) as GroupsResult;
    expect(groups.test.ok).toBe(false);
    const constant = SLIDES.map((s) => ({ ...s, [F]: 0.25 }));
    const correlation = run({ view: 'correlation', versus: 'age_years' }, constant) as CorrelationResult;
    expect(correlation.test.ok).toBe(false);
    const survival = run({ view: 'survival' }, constant) as SurvivalResult;
    expect(survival.curves).toEqual({
      ok: false,
      reason: 'The feature is constant among these patients, so it cannot split them.',
    });
    expect(JSON.stringify([groups, correlation, survival])).not.toMatch(/NaN|null,"p"/);
  });

  it('zero events: log-rank and Cox say why, curves still drawn', () => {
    const noEvents = SLIDES.map((s) => ({ ...s, os_event: false }));
    const result = run({ view: 'survival', split: 'group', levels: ['MSS', 'MSI-H'] }, noEvents) as SurvivalResult;
    expect(result.curves.ok).toBe(true);
    expect(result.logRank).toEqual({ ok: false, reason: 'There are no events, so survival cannot be compared.' });
    expect(result.cox.ok).toBe(false);
  });

  it('survival by clinical group and by threshold; warning only for data-driven cut-points', () => {
    const byGroup = run({ view: 'survival', split: 'group', levels: ['MSS', 'MSI-H'] }) as SurvivalResult;
    expect(byGroup.warning).toBeNull();
    expect(byGroup.curves.ok && byGroup.curves.curves.map((c) => [c.label, c.n])).toEqual([
      ['MSS', 3],
      ['MSI-H', 2],
    ]);
    const noCut = run({ view: 'survival', split: 'threshold' }) as SurvivalResult;
    expect(noCut.curves).toEqual({ ok: false, reason: 'Enter a threshold to split patients.' });
    const cut = run({ view: 'survival', split: 'threshold', threshold: 0.25 }) as SurvivalResult;
    expect(cut.cutPoints).toEqual([0.25]);
    expect(cut.warning).toMatch(/threshold picked after looking/);
  });
});
