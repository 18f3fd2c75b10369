/**
 * Glands and lumina: regular round crypts packed on a jittered hexagonal lattice in normal
 * mucosa; larger, irregular, sometimes fused glands with one or several (cribriform) lumina in
 * tumour. Outlines are traced on a 1 µm grid and written in 0.5 µm pixels (even coordinates).
 */
import { SimColumns } from './columns';
import { BLOCK_CELLS, CELL_UM, tissueId, type SlideLayout } from './layout';
import { FREE, GLAND, LUMEN, Occupancy } from './occupancy';
import type { Random } from './random';
import { insideLobe, lobePoint, randomLobe, traceLobes, type Lobe } from './shapes';
import type { SlideTruth } from './truth';

/** A placed gland: its lobes and lumina (µm, slide frame) and whether it is tumour. */
export interface PlacedGland {
  readonly lobes: readonly Lobe[];
  readonly lumina: readonly Lobe[];
  readonly tumour: boolean;
}

const BLOCK_UM = BLOCK_CELLS * CELL_UM;
const MIN_GLAND_UM2 = 250;
const MIN_LUMEN_UM2 = 37;

/** Places all glands and lumina of a slide, appending them to `glands` and `lumina`. */
export function placeGlands(
  layout: SlideLayout,
  truth: SlideTruth,
  occupancy: Occupancy,
  random: Random,
  glands: SimColumns,
  lumina: SimColumns,
): PlacedGland[] {
  const placed: PlacedGland[] = [];
  const add = (lobes: Lobe[], lumenLobes: Lobe[], tumour: boolean, type: number): void => {
    const traced = traceLobes(lobes, 1, (x, y) => occupancy.tissueAt(x, y) !== 0);
    if (traced === undefined || traced.area < MIN_GLAND_UM2 || traced.ring.length < 6) return;
    occupancy.mark(lobes, GLAND);
    const keptLumina: Lobe[] = [];
    for (const lumen of lumenLobes) {
      const inner = traceLobes([lumen], 1, (x, y) => lobes.some((lobe) => insideLobe(lobe, x, y, -3)));
      if (inner === undefined || inner.area < MIN_LUMEN_UM2 || inner.ring.length < 6) continue;
      lumina.push(
        inner.ring.map((v) => 2 * v),
        Math.round(inner.meanX * 2),
        Math.round(inner.meanY * 2),
        doubled(inner.box),
        0,
        NaN,
      );
      keptLumina.push(lumen);
    }
    occupancy.mark(keptLumina, LUMEN);
    glands.push(
      traced.ring.map((v) => 2 * v),
      Math.round(traced.meanX * 2),
      Math.round(traced.meanY * 2),
      doubled(traced.box),
      type,
      random.fraction(0.55, 1),
    );
    placed.push({ lobes, lumina: keptLumina, tumour });
  };
  placeCrypts(layout, occupancy, random, add);
  placeTumourGlands(layout, truth, occupancy, random, add);
  return placed;
}

function doubled(box: readonly [number, number, number, number]): [number, number, number, number] {
  // Cerberus rescales the half-resolution box by 2, so the exclusive max is even too.
  return [2 * box[0], 2 * box[1], 2 * box[2], 2 * box[3]];
}

type AddGland = (lobes: Lobe[], lumina: Lobe[], tumour: boolean, type: number) => void;

/** True when every sampled boundary point lies in tissue and most in one of `classes`. */
function fits(lobes: readonly Lobe[], occupancy: Occupancy, classes: readonly number[], share: number): boolean {
  let hits = 0;
  let total = 0;
  for (const lobe of lobes) {
    for (let k = 0; k < 16; k++) {
      const [x, y] = lobePoint(lobe, (k / 16) * 2 * Math.PI);
      const tissue = occupancy.tissueAt(x, y);
      if (tissue === 0) return false;
      total++;
      if (classes.includes(tissue)) hits++;
    }
  }
  return hits >= share * total && occupancy.isFree(lobes, 3);
}

function placeCrypts(layout: SlideLayout, occupancy: Occupancy, random: Random, add: AddGland): void {
  const spacing = 106;
  const rowStep = spacing * 0.866;
  const normal = tissueId('normal');
  for (const block of layout.blocksByClass[normal] ?? []) {
    const bx = (block % layout.blockCols) * BLOCK_UM;
    const by = Math.floor(block / layout.blockCols) * BLOCK_UM;
    for (let j = Math.floor(by / rowStep); j * rowStep < by + BLOCK_UM; j++) {
      const shift = j % 2 === 0 ? 0 : spacing / 2;
      for (let i = Math.floor((bx - shift) / spacing); i * spacing + shift < bx + BLOCK_UM; i++) {
        const cx = i * spacing + shift + random.normal(0, 6);
        const cy = j * rowStep + random.normal(0, 6);
        if (cx < bx || cx >= bx + BLOCK_UM || cy < by || cy >= by + BLOCK_UM) continue;
        if (occupancy.tissueAt(cx, cy) !== normal || occupancy.at(cx, cy) !== FREE) continue;
        const surface = random.next() < 0.06;
        const r = surface ? random.uniform(18, 24) : random.uniform(28, 38);
        const lobe = randomLobe(
          random,
          cx,
          cy,
          r,
          surface ? 0.04 : 0.035,
          surface ? random.uniform(2.2, 3) : random.uniform(1, 1.25),
        );
        if (!fits([lobe], occupancy, [normal], 0.7)) continue;
        const lumen =
          random.next() < 0.9 ? [randomLobe(random, cx, cy, r * random.uniform(0.24, 0.34), 0.08, lobe.stretch)] : [];
        add(
          [lobe],
          lumen.map((l) => ({ ...l, angle: lobe.angle })),
          false,
          surface ? 2 : 1,
        );
      }
    }
  }
}

function placeTumourGlands(
  layout: SlideLayout,
  truth: SlideTruth,
  occupancy: Occupancy,
  random: Random,
  add: AddGland,
): void {
  const tumour = tissueId('tumour');
  const blocks = layout.blocksByClass[tumour] ?? [];
  const meanArea = Math.PI * truth.tumourGlandRadiusUm ** 2;
  const attempts = Math.ceil((blocks.length * BLOCK_UM * BLOCK_UM * 0.6 * 1.9) / meanArea) + 4;
  for (let attempt = 0; attempt < attempts && blocks.length > 0; attempt++) {
    const block = blocks[random.int(blocks.length)]!;
    const cx = ((block % layout.blockCols) + random.next()) * BLOCK_UM;
    const cy = (Math.floor(block / layout.blockCols) + random.next()) * BLOCK_UM;
    if (occupancy.tissueAt(cx, cy) !== tumour || occupancy.at(cx, cy) !== FREE) continue;
    const radius = random.logNormal(truth.tumourGlandRadiusUm, 0.3) * (attempt > attempts / 2 ? 0.8 : 1);
    const lobeCount = random.next() < 0.55 ? 1 : random.next() < 0.65 ? 2 : 3;
    const irregularity = truth.tumourGlandIrregularity;
    const first = randomLobe(random, cx, cy, radius / Math.sqrt(lobeCount), irregularity, random.uniform(1, 1.6));
    const lobes = [first];
    for (let k = 1; k < lobeCount; k++) {
      const base = lobes[random.int(lobes.length)]!;
      const direction = random.uniform(0, 2 * Math.PI);
      const r = first.r * random.uniform(0.7, 1);
      const distance = 0.85 * (base.r + r) * random.uniform(0.6, 0.9);
      lobes.push(
        randomLobe(
          random,
          base.x + distance * Math.cos(direction),
          base.y + distance * Math.sin(direction),
          r,
          irregularity,
          random.uniform(1, 1.4),
        ),
      );
    }
    if (!fits(lobes, occupancy, [tumour], 0.75)) continue;
    add(lobes, tumourLumina(lobes, random), true, random.next() < 0.03 ? 2 : 1);
  }
}

/** One central lumen per lobe, or several small (cribriform) lumina. */
function tumourLumina(lobes: readonly Lobe[], random: Random): Lobe[] {
  const lumina: Lobe[] = [];
  for (const lobe of lobes) {
    if (random.next() < 0.45) {
      lumina.push({
        ...randomLobe(
          random,
          lobe.x,
          lobe.y,
          lobe.r * random.uniform(0.4, 0.6),
          lobe.harmonics[0]!.amp * 1.3,
          lobe.stretch,
        ),
        angle: lobe.angle,
      });
      continue;
    }
    const wanted = 3 + random.int(5);
    let made = 0;
    for (let attempt = 0; attempt < 6 * wanted && made < wanted; attempt++) {
      const r = random.uniform(5, 12);
      const angle = random.uniform(0, 2 * Math.PI);
      const distance = Math.sqrt(random.next()) * lobe.r * 0.8;
      const x = lobe.x + distance * Math.cos(angle);
      const y = lobe.y + distance * Math.sin(angle);
      if (!insideLobe(lobe, x, y, -(r * 1.4 + 10))) continue;
      if (lumina.some((l) => Math.hypot(l.x - x, l.y - y) < (l.r + r) * 1.3 + 8)) continue;
      lumina.push(randomLobe(random, x, y, r, 0.1));
      made++;
    }
  }
  return lumina;
}
