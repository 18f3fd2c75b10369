/**
 * The explorer's statistics must find the simulator's planted effects in the ingested demo
 * dataset (docs/simulation.md) and must not find effects where none was planted. Patient level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../lib/dataset/open-dataset';
import { aggregateByPatient, logRank, mannWhitneyU, quantileSorted } from '../../../lib/stats';
import { ensureDemoDataset } from '../../support/demo-dataset';

type Row = Record<string, string | number | boolean | null>;

const median = (values: readonly number[]): number =>
  quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );

describe('planted effects are recovered from the ingested demo dataset (patient level)', () => {
  let dataset: OpenedDataset;
  let slides: Row[];

  beforeAll(async () => {
    dataset = await openDataset(await ensureDemoDataset());
    slides = (await dataset.connection.runAndReadAll('SELECT * FROM slides')).getRowObjectsJS() as Row[];
  }, 900_000);
  afterAll(() => dataset?.close());

  /** Patient means of `feature`, split by a patient-level predicate (null = excluded). */
  function groups(feature: string, group: (row: Row) => boolean | null): [number[], number[]] {
    const patients = aggregateByPatient(
      slides.map((s) => ({ patientId: String(s.patient_id), value: s[feature] as number | null, patient: s })),
    );
    const inGroup: number[] = [];
    const rest: number[] = [];
    for (const p of patients) {
      const g = group(p.patient);
      if (g === null || p.value === null) continue;
      (g ? inGroup : rest).push(p.value);
    }
    return [inGroup, rest];
  }

  function compare(
    feature: string,
    group: (row: Row) => boolean | null,
  ): { p: number; ratio: number; n: [number, number] } {
    const [a, b] = groups(feature, group);
    const test = mannWhitneyU(a, b);
    if (!test.ok) throw new Error(test.reason);
    return { p: test.p, ratio: median(a) / median(b), n: [a.length, b.length] };
  }

  const msiH = (r: Row): boolean | null => (r.msi_status === 'MSI-H' ? true : r.msi_status === 'MSS' ? false : null);
  const cms4 = (r: Row): boolean | null => (r.cms === null ? null : r.cms === 'CMS4');
  const late = (r: Row): boolean | null => (r.stage === null ? null : r.stage === 'III' || r.stage === 'IV');

  it('uses one row per patient (625 slides → 616 patients)', () => {
    expect(slides.length).toBe(625);
    expect(new Set(slides.map((s) => s.patient_id)).size).toBe(616);
  });

  it('MSI-H: about twice the lymphocyte density in tumour, and more mucus', () => {
    const til = compare('nuclei_lymphocyte_density_in_tumour_per_mm2', msiH);
    expect(til.p).toBeLessThan(1e-6);
    expect(til.ratio).toBeGreaterThan(1.5);
    expect(til.ratio).toBeLessThan(2.7);
    expect(compare('tissue_mucus_fraction', msiH).p).toBeLessThan(1e-3);
  });

  it('CMS4: more stroma', () => {
    const stroma = compare('tissue_stroma_fraction', cms4);
    expect(stroma.p).toBeLessThan(1e-6);
    expect(stroma.ratio).toBeGreaterThan(1);
  });

  it('stage III/IV: larger and more irregular tumour glands', () => {
    const area = compare('gland_area_mean_um2', late);
    expect(area.p).toBeLessThan(1e-4);
    expect(area.ratio).toBeGreaterThan(1);
    const solidity = compare('gland_solidity_mean', late);
    expect(solidity.p).toBeLessThan(1e-4);
    expect(solidity.ratio).toBeLessThan(1);
  });

  it('overall survival: stroma-rich tumours (above the median) do worse (log-rank)', () => {
    const patients = aggregateByPatient(
      slides.map((s) => ({
        patientId: String(s.patient_id),
        value: s.tissue_stroma_fraction as number | null,
        patient: s,
      })),
    );
    const cut = median(patients.map((p) => p.value).filter((v): v is number => v !== null));
    const usable = patients.filter(
      (p) => p.value !== null && p.patient.os_months !== null && p.patient.os_event !== null,
    );
    const test = logRank(
      usable.map((p) => p.patient.os_months as number),
      usable.map((p) => p.patient.os_event as boolean),
      usable.map((p) => (p.value! > cut ? 'high' : 'low')),
    );
    if (!test.ok) throw new Error(test.reason);
    expect(test.p).toBeLessThan(0.01);
    const high = test.groups.find((g) => g.label === 'high')!;
    expect(high.observed).toBeGreaterThan(high.expected);
  });

  it('flags null features no more often than chance: ≤ 3 of 18 tests at p < 0.05 (expected 0.9)', () => {
    const clinical: Record<string, (r: Row) => boolean | null> = {
      msi: msiH,
      cms4,
      late,
      male: (r) => (r.sex === null ? null : r.sex === 'Male'),
      right: (r) => (r.side === null ? null : r.side === 'Right'),
      rectum: (r) => (r.project === null ? null : r.project === 'READ'),
    };
    const nulls = ['nuclei_eosinophil_density_per_mm2', 'epithelial_eccentricity_mean', 'tissue_adipose_fraction'];
    const pValues = nulls.flatMap((feature) => Object.values(clinical).map((group) => compare(feature, group).p));
    expect(pValues).toHaveLength(18);
    // P(≥ 4 of 18 below 0.05 | no effect) ≈ 1 %: more would mean a leak from the planted effects.
    expect(pValues.filter((p) => p < 0.05).length).toBeLessThanOrEqual(3);
    expect(Math.min(...pValues)).toBeGreaterThan(1e-4);
  });
});
