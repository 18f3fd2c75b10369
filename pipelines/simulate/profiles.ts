/**
 * Simulation profiles (which real slides, at what tissue-area scale) and the slide selection.
 */
import type { ClinicalRow } from '../reference/clinical-table';

/** Profile names of `simulate --profile`. */
export const PROFILE_NAMES = ['test', 'demo', 'full'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** A profile: tissue-area scale (1 = real size) and how many slides (undefined = all). */
export interface Profile {
  readonly scale: number;
  readonly description: string;
}

/** The profiles; demo and full sizes are documented in docs/simulation.md. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  test: { scale: 0.005, description: '4 slides (COAD and READ, MSI-H and MSS), ≈ 3 k nuclei each' },
  demo: { scale: 0.007, description: 'all 625 real DX slides at 0.7 % of the tissue area, ≈ 4.7 k nuclei each' },
  full: { scale: 1, description: 'the first 599 slides (sorted by id) at full density, ≈ 630 k nuclei each' },
};

/** Four slides covering COAD and READ, MSI-H and MSS (first match of each in id order). */
export function testSlides(rows: readonly ClinicalRow[]): ClinicalRow[] {
  const wanted: ((r: ClinicalRow) => boolean)[] = [
    (r) => r.project === 'COAD' && r.msi_status === 'MSI-H',
    (r) => r.project === 'COAD' && r.msi_status === 'MSS',
    (r) => r.project === 'READ' && r.msi_status === 'MSS',
    (r) => r.project === 'READ' && r.msi_status === 'MSI-H',
  ];
  const chosen: ClinicalRow[] = [];
  for (const match of wanted) {
    const row = rows.find((r) => match(r) && !chosen.includes(r));
    if (row) chosen.push(row);
  }
  return chosen;
}

/** The slides of a profile (rows sorted by slide id), truncated to `limit` when given. */
export function selectSlides(rows: readonly ClinicalRow[], profile: ProfileName, limit?: number): ClinicalRow[] {
  const base = profile === 'test' ? testSlides(rows) : profile === 'full' ? rows.slice(0, 599) : [...rows];
  return limit === undefined ? base : base.slice(0, limit);
}
