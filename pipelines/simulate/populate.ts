/**
 * Puts nuclei where they belong: epithelial nuclei lining gland borders (long axis perpendicular
 * to the border, pseudo-stratified in tumour) and around cribriform lumina, then the cells of
 * each tissue region (lymphoid aggregates, lamina propria, stroma, muscle, debris, mucus, fat).
 */
import type { PlacedGland } from './glands';
import { BLOCK_CELLS, CELL_UM, tissueId, type SlideLayout } from './layout';
import { drawNucleus, NUCLEUS, type NucleusPlacer } from './nuclei';
import { FREE, GLAND, LUMEN, type Occupancy } from './occupancy';
import type { Random } from './random';
import { insideLobe, lobePoint, type Lobe } from './shapes';
import type { SlideTruth, TissueKey } from './truth';

const BLOCK_UM = BLOCK_CELLS * CELL_UM;

/** Nuclei per mm² of each region by class, before the slide's cellularity factor (tumour TILs come from the truth). */
export const REGION_DENSITY: Readonly<Record<TissueKey, Partial<Record<keyof typeof NUCLEUS, number>>>> = {
  tumour: { connective: 1500, plasma: 150, neutrophil: 40, eosinophil: 25 },
  normal: { plasma: 2200, lymphocyte: 1300, connective: 700, eosinophil: 120, neutrophil: 20 },
  inflammatory: { lymphocyte: 15000, plasma: 900, connective: 300, eosinophil: 30 },
  muscle: { connective: 2600, lymphocyte: 80 },
  stroma: { connective: 2500, lymphocyte: 350, plasma: 200, eosinophil: 40, neutrophil: 15 },
  debris: { neutrophil: 1800, lymphocyte: 400, epithelial: 600, connective: 100 },
  mucus: { epithelial: 150, neutrophil: 80, lymphocyte: 60 },
  adipose: { connective: 280, lymphocyte: 20 },
};

/** Lines every gland with epithelial nuclei: basal row(s) inside the outer border, one row around small lumina. */
export function liningNuclei(
  glands: readonly PlacedGland[],
  truth: SlideTruth,
  occupancy: Occupancy,
  placer: NucleusPlacer,
  random: Random,
): void {
  for (const gland of glands) {
    const rows = gland.tumour
      ? [
          [5, 0.95],
          [12, 0.6],
          [19, 0.3],
        ]
      : [[4.5, 0.97]];
    const spacing = gland.tumour ? 6.2 : 5.2;
    for (const lobe of gland.lobes) {
      walkBorder(lobe, spacing, (x, y, nx, ny) => {
        if (gland.lobes.some((other) => other !== lobe && insideLobe(other, x, y, -1))) return;
        for (const [offset, keep] of rows) {
          if (random.next() > keep!) continue;
          const px = x + nx * offset! + random.normal(0, 0.8);
          const py = y + ny * offset! + random.normal(0, 0.8);
          if (occupancy.at(px, py) !== GLAND) continue;
          placer.add(
            drawNucleus(random, NUCLEUS.epithelial, px, py, Math.atan2(ny, nx), {
              tumour: gland.tumour,
              elongation: truth.epithelialElongation,
            }),
          );
        }
      });
    }
    if (!gland.tumour) continue;
    for (const lumen of gland.lumina) {
      if (lumen.r > 14) continue;
      walkBorder(lumen, spacing, (x, y, nx, ny) => {
        const px = x - nx * 5;
        const py = y - ny * 5;
        if (random.next() < 0.85 && occupancy.at(px, py) === GLAND) {
          placer.add(
            drawNucleus(random, NUCLEUS.epithelial, px, py, Math.atan2(ny, nx), {
              tumour: true,
              elongation: truth.epithelialElongation,
            }),
          );
        }
      });
    }
  }
}

/** Calls `visit(x, y, nx, ny)` at points `spacing` µm apart on the lobe boundary with the inward unit normal. */
function walkBorder(lobe: Lobe, spacing: number, visit: (x: number, y: number, nx: number, ny: number) => void): void {
  let theta = 0;
  while (theta < 2 * Math.PI) {
    const [x0, y0] = lobePoint(lobe, theta - 0.01);
    const [x1, y1] = lobePoint(lobe, theta + 0.01);
    const speed = Math.hypot(x1 - x0, y1 - y0) / 0.02;
    const [x, y] = lobePoint(lobe, theta);
    let nx = -(y1 - y0);
    let ny = x1 - x0;
    if (nx * (lobe.x - x) + ny * (lobe.y - y) < 0) {
      nx = -nx;
      ny = -ny;
    }
    const norm = Math.hypot(nx, ny) || 1;
    visit(x, y, nx / norm, ny / norm);
    theta += spacing / Math.max(speed, 1);
  }
}

/** Scatters each region's non-epithelial cells at the planted densities (per mm² of region). */
export function regionNuclei(
  layout: SlideLayout,
  truth: SlideTruth,
  occupancy: Occupancy,
  placer: NucleusPlacer,
  random: Random,
): void {
  const cellsOf = new Float64Array(9);
  for (const value of layout.tissue) cellsOf[value]!++;
  const muscleAngle = Math.atan2(layout.frame.sin, layout.frame.cos);
  const keys = Object.keys(REGION_DENSITY) as TissueKey[];
  for (const key of keys) {
    const id = tissueId(key);
    const areaMm2 = (cellsOf[id]! * CELL_UM * CELL_UM) / 1e6;
    const blocks = layout.blocksByClass[id] ?? [];
    if (areaMm2 === 0 || blocks.length === 0) continue;
    const densities: [keyof typeof NUCLEUS, number][] = Object.entries(REGION_DENSITY[key]) as [
      keyof typeof NUCLEUS,
      number,
    ][];
    if (key === 'tumour') densities.push(['lymphocyte', truth.tumourLymphocytesPerMm2 / truth.cellularity]);
    for (const [name, density] of densities) {
      const factor = name === 'eosinophil' ? truth.eosinophilFactor : 1;
      const wanted = random.poisson(density * factor * truth.cellularity * areaMm2);
      let added = 0;
      for (let attempt = 0; added < wanted && attempt < 3 * wanted + 10; attempt++) {
        const block = blocks[random.int(blocks.length)]!;
        const x = ((block % layout.blockCols) + random.next()) * BLOCK_UM;
        const y = (Math.floor(block / layout.blockCols) + random.next()) * BLOCK_UM;
        if (occupancy.tissueAt(x, y) !== id || occupancy.at(x, y) === LUMEN) continue;
        // A few lymphocytes sit inside the epithelium (intraepithelial); other cells stay outside glands.
        if (occupancy.at(x, y) !== FREE && !(name === 'lymphocyte' && random.next() < 0.15)) continue;
        if (key === 'inflammatory' && name === 'lymphocyte' && !nearAggregate(layout, x, y, random)) continue;
        const type = NUCLEUS[name];
        const angle = key === 'muscle' ? muscleAngle + random.normal(0, 0.15) : random.uniform(0, Math.PI);
        if (placer.add(drawNucleus(random, type, x, y, angle, { muscle: key === 'muscle' }))) added++;
      }
    }
  }
}

/** Rounds lymphoid aggregates: full density inside an aggregate's radius, falling off outside. */
function nearAggregate(layout: SlideLayout, x: number, y: number, random: Random): boolean {
  let best = Infinity;
  for (const a of layout.aggregates) best = Math.min(best, Math.hypot(a.x - x, a.y - y) / a.r);
  return best <= 1 || random.next() < 0.15 * Math.exp(-3 * (best - 1));
}
