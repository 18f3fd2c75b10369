/**
 * Slide-level image features (the `slides` table's pipeline columns) from one slide's prepared
 * objects and tissue map. Densities are per mm² of tissue (non-background tissue-map cells).
 */
import { CLASS_DICTIONARIES, SLIDE_IMAGE_FEATURE_COLUMNS } from '../../lib/registry';
import type { TissueRuns } from '../readers/tissue-map-runs';
import type { PreparedObjects } from './prepared-objects';

/** Feature column name → value (null where undefined, e.g. no glands). */
export type SlideFeatures = Record<string, number | null>;

const TISSUE = Object.fromEntries(CLASS_DICTIONARIES.tissue.map((c) => [c.key, c.id])) as Record<string, number>;
const NUCLEUS = Object.fromEntries(CLASS_DICTIONARIES.nucleus.map((c) => [c.key, c.id])) as Record<string, number>;
const REGIONS = ['tumour', 'stroma', 'inflammatory'] as const;

/** Sum of the values, added in index order (the same double as `reduce((a, b) => a + b, 0)`). */
function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

function mean(values: ArrayLike<number>): number | null {
  return values.length === 0 ? null : sumOf(values) / values.length;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function sd(values: ArrayLike<number>): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

const ratio = (a: number, b: number | null): number | null => (b === null || b <= 0 ? null : a / b);

/** Computes every slide image feature of the registry; throws if one is missing (registry and code in step). */
export function summariseSlide(
  nuclei: PreparedObjects,
  nucleusTissue: Int8Array,
  glands: PreparedObjects,
  lumina: PreparedObjects,
  tissue: TissueRuns | undefined,
): SlideFeatures {
  const out: SlideFeatures = {};
  const cellMm2 = tissue ? (tissue.cellUm * tissue.cellUm) / 1e6 : 0;
  const cellsByClass = new Float64Array(CLASS_DICTIONARIES.tissue.length);
  if (tissue) cellsByClass.set(tissue.cellsByClass.subarray(0, cellsByClass.length));
  const tissueCells = cellsByClass.reduce((a, b) => a + b, 0) - cellsByClass[0]!;
  const tissueMm2 = tissue ? tissueCells * cellMm2 : null;
  out.tissue_area_mm2 = tissueMm2;
  for (const t of CLASS_DICTIONARIES.tissue.filter((c) => c.id !== 0))
    out[`tissue_${t.key}_fraction`] = tissue ? ratio(cellsByClass[t.id]!, tissueCells) : null;

  const byClass = new Float64Array(CLASS_DICTIONARIES.nucleus.length);
  const byClassRegion = REGIONS.map(() => new Float64Array(CLASS_DICTIONARIES.nucleus.length));
  const regionOfTissue = new Int8Array(CLASS_DICTIONARIES.tissue.length).fill(-1);
  REGIONS.forEach((region, r) => (regionOfTissue[TISSUE[region]!] = r));
  for (let i = 0; i < nuclei.count; i++) {
    const c = nuclei.classId[i]!;
    byClass[c]! += 1;
    const r = regionOfTissue[nucleusTissue[i]!] ?? -1;
    if (r >= 0) byClassRegion[r]![c]! += 1;
  }
  out.nuclei_count = nuclei.count;
  for (const c of CLASS_DICTIONARIES.nucleus.filter((d) => d.id !== 0)) out[`nuclei_${c.key}_count`] = byClass[c.id]!;
  out.nuclei_density_per_mm2 = ratio(nuclei.count, tissueMm2);
  for (const c of CLASS_DICTIONARIES.nucleus.filter((d) => d.id !== 0)) {
    out[`nuclei_${c.key}_density_per_mm2`] = ratio(byClass[c.id]!, tissueMm2);
    REGIONS.forEach((region, r) => {
      const regionMm2 = tissue ? cellsByClass[TISSUE[region]!]! * cellMm2 : null;
      out[`nuclei_${c.key}_density_in_${region}_per_mm2`] = ratio(byClassRegion[r]![c.id]!, regionMm2);
    });
  }
  const tumour = byClassRegion[0]!;
  out.til_ratio_tumour = ratio(tumour[NUCLEUS.lymphocyte!]!, tumour[NUCLEUS.epithelial!]!);

  const glandAreas: number[] = [];
  const glandSolidity: number[] = [];
  let allGlandArea = 0;
  for (let g = 0; g < glands.count; g++) {
    allGlandArea += glands.features.area[g]!;
    if (glands.classId[g] !== 1) continue;
    glandAreas.push(glands.features.area[g]!);
    glandSolidity.push(glands.features.solidity[g]!);
  }
  let lumenArea = 0;
  for (let l = 0; l < lumina.count; l++) lumenArea += lumina.features.area[l]!;
  out.gland_count = glandAreas.length;
  out.gland_density_per_mm2 = ratio(glandAreas.length, tissueMm2);
  out.gland_area_mean_um2 = mean(glandAreas);
  out.gland_area_median_um2 = median(glandAreas);
  out.gland_solidity_mean = mean(glandSolidity);
  out.lumen_count = lumina.count;
  out.lumen_fraction = ratio(lumenArea, allGlandArea);

  // The epithelial nuclei's values in index order, as doubles (what the arrays of numbers held).
  const f = nuclei.features;
  const epithelial = byClass[NUCLEUS.epithelial!]!;
  const area = new Float64Array(epithelial), ecc = new Float64Array(epithelial), sol = new Float64Array(epithelial), circ = new Float64Array(epithelial); // prettier-ignore
  for (let i = 0, k = 0; i < nuclei.count; i++) {
    if (nuclei.classId[i] !== NUCLEUS.epithelial) continue;
    area[k] = f.area[i]!;
    ecc[k] = f.eccentricity[i]!;
    sol[k] = f.solidity[i]!;
    circ[k++] = f.circularity[i]!;
  }
  out.epithelial_area_mean_um2 = mean(area);
  out.epithelial_area_sd_um2 = sd(area);
  out.epithelial_eccentricity_mean = mean(ecc);
  out.epithelial_solidity_mean = mean(sol);
  out.epithelial_circularity_mean = mean(circ);

  for (const column of SLIDE_IMAGE_FEATURE_COLUMNS)
    if (!(column.name in out)) throw new Error(`slide feature ${column.name} is in the registry but not computed`);
  return out;
}
