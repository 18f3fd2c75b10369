import { describe, expect, it } from 'vitest';
import {
  kaplanMeier,
  numberAtRisk,
  survivalAt,
  type KaplanMeierResult,
  type SurvivalConfidenceType,
} from '@/lib/stats/kaplan-meier';
import { expectAllClose, expectClose, expectFailure, expectOk, loadFixture } from './reference';

interface RCurve {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  standardError: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  median: { estimate: number | null; lower: number | null; upper: number | null };
}
interface RReference {
  freireich: { time: number[]; event: number[]; group: string[] };
  lung: { time: number[]; event: number[] };
  freireichKm: Record<'log' | 'logLog' | 'plain' | 'placebo', RCurve>;
  freireichAtRisk: { times: number[]; nRisk: number[] };
  lungKm: RCurve;
  medianFlatInterior: RCurve['median'];
  medianFlatLast: RCurve['median'];
  smallCurves: Record<'log' | 'logLog' | 'plain', RCurve>;
}

const r = loadFixture<RReference>('r-reference.json');
const mp = { time: r.freireich.time.slice(0, 21), event: r.freireich.event.slice(0, 21) };
const placebo = { time: r.freireich.time.slice(21), event: r.freireich.event.slice(21) };

function expectMatchesSurvfit(result: KaplanMeierResult, curve: RCurve) {
  const column = <K extends keyof KaplanMeierResult['steps'][number]>(key: K) => result.steps.map((step) => step[key]);
  expect(column('time')).toEqual(curve.time);
  expect(column('nRisk')).toEqual(curve.nRisk);
  expect(column('nEvent')).toEqual(curve.nEvent);
  expect(column('nCensor')).toEqual(curve.nCensor);
  expectAllClose(column('survival'), curve.survival, 1e-12);
  // R reports NaN (written as null) for the standard error once S = 0; here it is 0.
  expectAllClose(
    column('standardError'),
    curve.standardError.map((value) => value ?? 0),
    1e-10,
  );
  expectAllClose(column('lower'), curve.lower, 1e-10);
  expectAllClose(column('upper'), curve.upper, 1e-10);
  expect(result.median).toEqual(curve.median);
}

describe('Kaplan–Meier (R survfit)', () => {
  it.each<[string, SurvivalConfidenceType, RCurve]>([
    ['log', 'log', r.freireichKm.log],
    ['log-log', 'log-log', r.freireichKm.logLog],
    ['plain', 'plain', r.freireichKm.plain],
  ])('Freireich 6-MP arm, %s confidence bands', (_, confidenceType, curve) => {
    expectMatchesSurvfit(expectOk(kaplanMeier(mp.time, mp.event, { confidenceType })), curve);
  });

  it.each<[SurvivalConfidenceType, RCurve]>([
    ['log', r.smallCurves.log],
    ['log-log', r.smallCurves.logLog],
    ['plain', r.smallCurves.plain],
  ])('undefined bounds at S = 1 and S = 0 are null as R, %s bands', (confidenceType, curve) => {
    expectMatchesSurvfit(expectOk(kaplanMeier([1, 2, 3, 4, 5], [0, 1, 1, 0, 1], { confidenceType })), curve);
  });

  it('Freireich 6-MP arm: published estimates and median 23 weeks (95 % CI 16 to not reached)', () => {
    const result = expectOk(kaplanMeier(mp.time, mp.event));
    expectAllClose(
      survivalAt(result, [6, 7, 10, 13, 16, 22, 23]),
      [0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448],
      1e-3,
    );
    expect(result.median).toEqual({ estimate: 23, lower: 16, upper: null });
  });

  it('Freireich placebo arm reaches S = 0 with undefined log-scale bounds', () => {
    expectMatchesSurvfit(expectOk(kaplanMeier(placebo.time, placebo.event)), r.freireichKm.placebo);
  });

  it('NCCTG lung data (228 patients, many ties): median 310 days (285–363)', () => {
    expectMatchesSurvfit(expectOk(kaplanMeier(r.lung.time, r.lung.event)), r.lungKm);
  });

  it('numbers at risk match summary(survfit, times, extend = TRUE)', () => {
    const result = expectOk(kaplanMeier(mp.time, mp.event));
    expect(numberAtRisk(result, r.freireichAtRisk.times)).toEqual(r.freireichAtRisk.nRisk);
  });

  it('median on a flat stretch at exactly 0.5 follows R (midpoint to next drop or last time)', () => {
    expect(expectOk(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1])).median).toEqual(r.medianFlatInterior);
    expect(expectOk(kaplanMeier([1, 2, 3, 4], [1, 1, 0, 0])).median).toEqual(r.medianFlatLast);
  });

  it('excludes missing times and events, counting them', () => {
    const result = expectOk(kaplanMeier([...mp.time, null, 5, Number.NaN], [...mp.event, 1, null, 0]));
    expect(result.excluded).toBe(3);
    expect(result.n).toBe(21);
    expectClose(result.steps.at(-1)!.survival, r.freireichKm.log.survival.at(-1)!);
  });

  it('fails on all-missing input and accepts zero events with S = 1 throughout', () => {
    expectFailure(kaplanMeier([null, Number.NaN], [1, 0]), 2);
    const none = expectOk(kaplanMeier([1, 2, 3], [0, false, 0]));
    expect(none.events).toBe(0);
    expect(none.median.estimate).toBeNull();
    expect(none.steps.every((step) => step.survival === 1)).toBe(true);
  });
});
