/**
 * Simulates one slide end to end: truth → layout → glands and lumina → nuclei. Pure and
 * deterministic: the same (seed, clinical row, scale) always gives the same objects.
 */
import type { ClinicalRow } from '../reference/clinical-table';
import { SimColumns } from './columns';
import { placeGlands } from './glands';
import { buildLayout, type SlideLayout } from './layout';
import { NucleusPlacer } from './nuclei';
import { Occupancy } from './occupancy';
import { liningNuclei, regionNuclei } from './populate';
import { Random } from './random';
import { plantedTruth, type SlideTruth } from './truth';

/** One simulated slide in Cerberus units (0.5 µm processing pixels, slide frame). */
export interface SimulatedSlide {
  readonly truth: SlideTruth;
  readonly layout: SlideLayout;
  readonly nuclei: SimColumns;
  readonly glands: SimColumns;
  readonly lumina: SimColumns;
}

/** Options of one slide: `scale` multiplies the full-scale tissue area (1 = real size). */
export interface SimulateOptions {
  readonly seed: number;
  readonly scale: number;
}

/** Simulates the slide of `row`. */
export function simulateSlide(row: ClinicalRow, options: SimulateOptions): SimulatedSlide {
  const truth = plantedTruth(row, options.seed);
  const stream = (purpose: string): Random => new Random(options.seed, `${purpose}:${row.slide_id}`);
  const layout = buildLayout(truth, options.scale, stream('layout'));
  const occupancy = new Occupancy(layout);
  const glands = new SimColumns('Gland');
  const lumina = new SimColumns('Lumen');
  const placed = placeGlands(layout, truth, occupancy, stream('glands'), glands, lumina);
  const placer = new NucleusPlacer(layout.widthPx / 2, layout.heightPx / 2, stream('nuclei'));
  liningNuclei(placed, truth, occupancy, placer, stream('lining'));
  regionNuclei(layout, truth, occupancy, placer, stream('regions'));
  return { truth, layout, nuclei: placer.columns, glands, lumina };
}
