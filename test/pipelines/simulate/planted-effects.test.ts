import { describe, expect, it } from 'vitest';
import { loadReferenceCohort } from '@/pipelines/reference/slides-csv';
import { CELL_UM, tissueId } from '@/pipelines/simulate/layout';
import { simulateSlide } from '@/pipelines/simulate/simulate-slide';
import { EFFECTS, plantedTruth } from '@/pipelines/simulate/truth';

const cohort = loadReferenceCohort();
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe('planted truth', () => {
  const truths = cohort.map((row) => ({ row, truth: plantedTruth(row, 1) }));

  it('is pure and keeps fractions a partition of the tissue', () => {
    expect(plantedTruth(cohort[0]!, 1)).toEqual(plantedTruth(cohort[0]!, 1));
    expect(plantedTruth(cohort[0]!, 1)).not.toEqual(plantedTruth(cohort[0]!, 2));
    for (const { truth } of truths) expect(Object.values(truth.fractions).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(truths.filter(({ truth }) => truth.mpp === 0.5).length / truths.length).toBeGreaterThan(0.05);
  });

  it('applies each planted effect with its documented size', () => {
    const stroma = (f: (r: (typeof cohort)[number]) => boolean) =>
      mean(truths.filter(({ row }) => f(row)).map(({ truth }) => truth.fractions.stroma));
    const cms4 = stroma((r) => r.cms === 'CMS4') - stroma((r) => r.cms !== null && r.cms !== 'CMS4');
    expect(cms4).toBeGreaterThan(0.1);
    expect(stroma((r) => r.os_event === true) - stroma((r) => r.os_event === false)).toBeGreaterThan(0.05);
    const til = (f: (r: (typeof cohort)[number]) => boolean) =>
      mean(truths.filter(({ row }) => f(row)).map(({ truth }) => truth.tumourLymphocytesPerMm2));
    expect(til((r) => r.msi_status === 'MSI-H') / til((r) => r.msi_status === 'MSS')).toBeCloseTo(
      EFFECTS.msiHighTumourLymphocyteFactor,
      0,
    );
    const radius = (f: (r: (typeof cohort)[number]) => boolean) =>
      mean(truths.filter(({ row }) => f(row)).map(({ truth }) => truth.tumourGlandRadiusUm));
    expect(
      radius((r) => r.stage === 'III' || r.stage === 'IV') / radius((r) => r.stage === 'I' || r.stage === 'II'),
    ).toBeGreaterThan(1.2);
    const adipose = (f: (r: (typeof cohort)[number]) => boolean) =>
      mean(truths.filter(({ row }) => f(row)).map(({ truth }) => truth.fractions.adipose));
    expect(Math.abs(adipose((r) => r.cms === 'CMS4') - adipose((r) => r.cms !== 'CMS4'))).toBeLessThan(0.03);
  });

  it('shows up in simulator output: MSI-H slides have more lymphocytes per mm² of tumour than MSS', () => {
    const density = (row: (typeof cohort)[number]): number => {
      const slide = simulateSlide(row, { seed: 1, scale: 0.005 });
      const { nuclei, layout } = slide;
      const tumour = tissueId('tumour');
      let count = 0;
      for (let i = 0; i < nuclei.count; i++) {
        if (nuclei.type[i] !== 3) continue;
        const col = Math.floor((nuclei.centroid[2 * i]! * 0.5) / CELL_UM);
        const r = Math.floor((nuclei.centroid[2 * i + 1]! * 0.5) / CELL_UM);
        if (layout.tissue[r * layout.mapWidth + col] === tumour) count++;
      }
      const areaMm2 = (layout.tissue.filter((v) => v === tumour).length * CELL_UM * CELL_UM) / 1e6;
      return areaMm2 > 0 ? count / areaMm2 : NaN;
    };
    const group = (status: string) =>
      cohort
        .filter((r) => r.msi_status === status)
        .slice(0, 25)
        .map(density)
        .filter(Number.isFinite);
    const high = mean(group('MSI-H'));
    const stable = mean(group('MSS'));
    expect(high / stable).toBeGreaterThan(1.5);
  });
});
