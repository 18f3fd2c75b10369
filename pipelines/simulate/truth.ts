/**
 * The planted "truth" of one simulated slide: tissue fractions, cell densities and gland shape
 * parameters, drawn from (seed, slide_id) and shifted by the patient's real clinical data.
 * docs/simulation.md lists every planted effect and its size; tests check they are recovered.
 */
import type { ClinicalRow } from '../reference/clinical-table';
import { Random } from './random';

/** Tissue classes 1–8 in Cerberus order (index + 1 = class id). */
export const TISSUE_KEYS = [
  'tumour',
  'normal',
  'inflammatory',
  'muscle',
  'stroma',
  'debris',
  'mucus',
  'adipose',
] as const;
export type TissueKey = (typeof TISSUE_KEYS)[number];

/** Planted effect sizes (absolute tissue fractions, multipliers). */
export const EFFECTS = {
  /** MSI-H: lymphocyte density inside tumour tissue ×2.0. */
  msiHighTumourLymphocyteFactor: 2.0,
  /** MSI-H: mucus fraction of tissue +0.05 absolute. */
  msiHighMucusShift: 0.05,
  /** CMS4: stroma fraction of tissue +0.15 absolute. */
  cms4StromaShift: 0.15,
  /** OS event (death): stroma fraction of tissue +0.08 absolute (higher stroma / lower tumour share). */
  osEventStromaShift: 0.08,
  /** Stage III/IV: tumour gland equivalent radius ×1.3 (area ×1.69). */
  advancedStageGlandRadiusFactor: 1.3,
  /** Stage III/IV: tumour gland outline irregularity +0.10 (harmonic amplitude; lowers solidity). */
  advancedStageIrregularityShift: 0.1,
} as const;

const BASE_FRACTIONS: Readonly<Record<TissueKey, number>> = {
  tumour: 0.32,
  normal: 0.08,
  inflammatory: 0.03,
  muscle: 0.12,
  stroma: 0.22,
  debris: 0.03,
  mucus: 0.03,
  adipose: 0.1,
};

/** Everything the simulator plants in one slide; densities per mm² of the named tissue, lengths µm. */
export interface SlideTruth {
  readonly slideId: string;
  /** Level-0 µm/px of the (simulated) scanner: 0.2527 (40×) for most slides, 0.5 (20×) for ~12 %. */
  readonly mpp: number;
  /** Tissue area at full scale, mm². */
  readonly tissueAreaMm2: number;
  /** Length / width of the tissue section outline. */
  readonly aspect: number;
  /** Tissue class fractions of the tissue area (sum 1). */
  readonly fractions: Readonly<Record<TissueKey, number>>;
  /** Lymphocytes per mm² of tumour tissue (TILs). */
  readonly tumourLymphocytesPerMm2: number;
  /** Multiplier of every region's eosinophil density (no planted effect). */
  readonly eosinophilFactor: number;
  /** Multiplier of every region's base nuclear density (no planted effect). */
  readonly cellularity: number;
  /** Epithelial nucleus length / width (no planted effect; sets eccentricity). */
  readonly epithelialElongation: number;
  /** Median equivalent radius of tumour glands, µm. */
  readonly tumourGlandRadiusUm: number;
  /** Harmonic amplitude of tumour gland outlines (relative radius; higher = less solid). */
  readonly tumourGlandIrregularity: number;
}

function isMsiHigh(row: ClinicalRow): boolean {
  return row.msi_status === 'MSI-H';
}

/** Adds `delta` to fraction `key`, taking it proportionally from the other classes except adipose. */
function shift(fractions: Record<TissueKey, number>, key: TissueKey, delta: number): void {
  const donors = TISSUE_KEYS.filter((k) => k !== key && k !== 'adipose');
  const pool = donors.reduce((sum, k) => sum + fractions[k], 0);
  const taken = Math.min(delta, pool * 0.85);
  for (const k of donors) fractions[k] -= (taken * fractions[k]) / pool;
  fractions[key] += taken;
}

/** Returns the planted parameters of one slide (pure: same seed and row → same truth). */
export function plantedTruth(row: ClinicalRow, seed: number): SlideTruth {
  const random = new Random(seed, `truth:${row.slide_id}`);
  const fractions = { ...BASE_FRACTIONS };
  for (const key of TISSUE_KEYS) fractions[key] *= random.logNormal(1, 0.3);
  const total = TISSUE_KEYS.reduce((sum, k) => sum + fractions[k], 0);
  for (const key of TISSUE_KEYS) fractions[key] /= total;
  if (row.cms === 'CMS4') shift(fractions, 'stroma', EFFECTS.cms4StromaShift);
  if (row.os_event === true) shift(fractions, 'stroma', EFFECTS.osEventStromaShift);
  if (isMsiHigh(row)) shift(fractions, 'mucus', EFFECTS.msiHighMucusShift);
  const advanced = row.stage === 'III' || row.stage === 'IV';
  return {
    slideId: row.slide_id,
    mpp: random.next() < 0.12 ? 0.5 : 0.2527,
    tissueAreaMm2: random.logNormal(200, 0.3),
    aspect: random.uniform(1.3, 2.2),
    fractions,
    tumourLymphocytesPerMm2: random.logNormal(450, 0.3) * (isMsiHigh(row) ? EFFECTS.msiHighTumourLymphocyteFactor : 1),
    eosinophilFactor: random.logNormal(1, 0.4),
    cellularity: random.logNormal(1, 0.12),
    epithelialElongation: random.uniform(1.5, 2.1),
    tumourGlandRadiusUm: random.logNormal(80, 0.12) * (advanced ? EFFECTS.advancedStageGlandRadiusFactor : 1),
    tumourGlandIrregularity: random.uniform(0.1, 0.2) + (advanced ? EFFECTS.advancedStageIrregularityShift : 0),
  };
}
