/**
 * The explorer's server-side analyses, run on the demo dataset (625 slides, 616 patients), must
 * flag the simulator's planted effects (docs/simulation.md) and rank planted features above null ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { DEFAULT_EXPLORE_STATE, type ExploreState } from '../../../../lib/explore/explore-state';
import type { GroupsResult, SurvivalResult } from '../../../../lib/explore/results';
import { loadSlideRecords } from '../../../../lib/server/explore/analysis-slides';
import { analyseState } from '../../../../lib/server/explore/analyse-state';
import type { SlideRecord } from '../../../../lib/server/explore/patient-table';
import { ensureDemoDataset } from '../../../support/demo-dataset';

const NULL_FEATURES = ['nuclei_eosinophil_density_per_mm2', 'epithelial_eccentricity_mean', 'tissue_adipose_fraction'];

describe('explorer analyses on the demo dataset find the planted effects', () => {
  let dataset: OpenedDataset;
  let slides: SlideRecord[];
  const state = (patch: Partial<ExploreState>): ExploreState => ({ ...DEFAULT_EXPLORE_STATE, ...patch });
  const groups = (patch: Partial<ExploreState>) =>
    analyseState(slides, state({ view: 'groups', ...patch })) as GroupsResult;

  beforeAll(async () => {
    dataset = await openDataset(await ensureDemoDataset(), { threads: 1 });
    slides = await loadSlideRecords(dataset);
  }, 900_000);
  afterAll(() => dataset?.close());

  it('MSI-H vs MSS: lymphocyte density in tumour differs (Mann–Whitney), n counted in patients', () => {
    const result = groups({ feature: 'nuclei_lymphocyte_density_in_tumour_per_mm2', levels: ['MSS', 'MSI-H'] });
    expect(result.patients).toBe(616);
    expect(result.groups.map((g) => [g.level, g.n])).toEqual([
      ['MSS', 309],
      ['MSI-H', 64],
    ]);
    if (!result.test.ok || result.test.method !== 'mann-whitney') throw new Error('expected a Mann–Whitney test');
    expect(result.test.p).toBeLessThan(1e-6);
    expect(result.test.rankBiserial).toBeGreaterThan(0.3);
    expect(result.exclusions.map((e) => e.count)).toEqual([171, 72]);
  });

  it('CMS: stroma fraction differs across the four subtypes (Kruskal–Wallis), CMS4 highest', () => {
    const result = groups({ feature: 'tissue_stroma_fraction', groupBy: 'cms' });
    if (!result.test.ok || result.test.method !== 'kruskal-wallis') throw new Error('expected Kruskal–Wallis');
    expect(result.test.p).toBeLessThan(1e-6);
    const medians = result.groups.map((g) => g.median ?? 0);
    expect(Math.max(...medians)).toBe(result.groups.find((g) => g.level === 'CMS4')!.median);
  });

  it('stage III/IV: larger, less solid glands (stage across I–IV)', () => {
    for (const feature of ['gland_area_mean_um2', 'gland_solidity_mean']) {
      const result = groups({ feature, groupBy: 'stage' });
      expect(result.test.ok && result.test.p).toBeLessThan(1e-4);
    }
  });

  it('OS split at the median of stroma fraction: log-rank and Cox flag poor prognosis, with a cut-point warning', () => {
    const result = analyseState(
      slides,
      state({ view: 'survival', feature: 'tissue_stroma_fraction', split: 'median', endpoint: 'os' }),
    ) as SurvivalResult;
    expect(result.logRank.ok && result.logRank.p).toBeLessThan(0.01);
    if (!result.cox.ok || result.cox.kind !== 'continuous') throw new Error('expected a continuous Cox fit');
    expect(result.cox.perSd.hazardRatio).toBeGreaterThan(1);
    expect(result.cox.perSd.p).toBeLessThan(0.01);
    expect(result.warning).toMatch(/optimistic/);
    if (!result.curves.ok) throw new Error(result.curves.reason);
    expect(result.curves.atRisk[0]?.[0]).toBe(result.curves.curves[0]?.n);
  });

  it('the BH-ranked table puts planted features above null ones (MSI status, CMS)', () => {
    const msi = groups({ groupBy: 'msi_status', levels: ['MSS', 'MSI-H'] }).ranking;
    if (!msi.ok) throw new Error(msi.reason);
    const rank = (id: string) => msi.rows.findIndex((r) => r.id === id);
    const worstNull = Math.min(...NULL_FEATURES.map(rank));
    for (const planted of ['nuclei_lymphocyte_density_in_tumour_per_mm2', 'til_ratio_tumour', 'tissue_mucus_fraction'])
      expect(rank(planted)).toBeLessThan(worstNull);
    expect(msi.rows[rank('nuclei_lymphocyte_density_in_tumour_per_mm2')]!.q).toBeLessThan(1e-4);
    for (const id of NULL_FEATURES) expect(msi.rows[rank(id)]!.q).toBeGreaterThan(0.05);
    const cms = groups({ groupBy: 'cms' }).ranking;
    if (!cms.ok) throw new Error(cms.reason);
    const cmsRank = (id: string) => cms.rows.findIndex((r) => r.id === id);
    expect(cmsRank('tissue_stroma_fraction')).toBeLessThan(Math.min(...NULL_FEATURES.map(cmsRank)));
    // q-values are monotone in p, as BH's step-up guarantees.
    for (let i = 1; i < cms.rows.length; i++) expect(cms.rows[i]!.q).toBeGreaterThanOrEqual(cms.rows[i - 1]!.q);
  });

  it('null features are not flagged against age (Spearman, BH q > 0.05)', () => {
    const ranking = analyseState(slides, state({ view: 'correlation', versus: 'age_years' }));
    if (ranking.view !== 'correlation' || !ranking.ranking.ok) throw new Error('expected a ranking');
    for (const id of NULL_FEATURES) expect(ranking.ranking.rows.find((r) => r.id === id)!.q).toBeGreaterThan(0.05);
  });
});
