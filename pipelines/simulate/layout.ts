/**
 * The tissue layout of one simulated slide: a blobby section outline and a Cerberus-like
 * tissue-type map (2 µm cells, constant over 72 µm patches of 36 × 36 cells, cut by the outline).
 * The mucosal surface lies on the section's −v side, serosa and fat on its +v side.
 */
import { ValueNoise } from './noise';
import { fillPolygon } from './raster';
import type { Random } from './random';
import { TISSUE_KEYS, type SlideTruth, type TissueKey } from './truth';

/** Tissue-map cell side, µm (¼ of the 0.5 µm processing grid). */
export const CELL_UM = 2;
/** Patch (block) side in cells: one 72 µm Cerberus output patch. */
export const BLOCK_CELLS = 36;
const BLOCK_UM = CELL_UM * BLOCK_CELLS;

/** Class id (1–8) of a tissue key. */
export function tissueId(key: TissueKey): number {
  return TISSUE_KEYS.indexOf(key) + 1;
}

/** Section frame: centre and axes (µm, slide frame); u along the section, v across it (depth). */
export interface SectionFrame {
  readonly cx: number;
  readonly cy: number;
  readonly cos: number;
  readonly sin: number;
  /** Half length and half width of the outline ellipse, µm. */
  readonly halfLength: number;
  readonly halfWidth: number;
}

/** A lymphoid aggregate: centre and radius, µm, slide frame. */
export interface Aggregate {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

/** Layout of one slide: processing-frame size (px at 0.5 µm), tissue map (2 µm cells), blocks by class. */
export interface SlideLayout {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly mapWidth: number;
  readonly mapHeight: number;
  /** Class per 2 µm cell, row-major; 0 outside the tissue outline. */
  readonly tissue: Uint8Array;
  readonly blockCols: number;
  readonly blockRows: number;
  /** Class per 72 µm block before the outline cut (0 = no tissue). */
  readonly blockClass: Uint8Array;
  /** Block indices of each class id (index 0 unused). */
  readonly blocksByClass: readonly number[][];
  readonly frame: SectionFrame;
  readonly aggregates: readonly Aggregate[];
}

/** Section coordinates (u, v) in µm of slide point (x, y) µm. */
export function toSection(frame: SectionFrame, x: number, y: number): [number, number] {
  const dx = x - frame.cx;
  const dy = y - frame.cy;
  return [dx * frame.cos + dy * frame.sin, -dx * frame.sin + dy * frame.cos];
}

/** Builds the outline, block classes and tissue map of a slide whose tissue area is scaled by `scale`. */
export function buildLayout(truth: SlideTruth, scale: number, random: Random): SlideLayout {
  const areaUm2 = truth.tissueAreaMm2 * scale * 1e6;
  const halfLength = Math.sqrt((areaUm2 * truth.aspect) / Math.PI);
  const halfWidth = halfLength / truth.aspect;
  const angle = random.uniform(-0.5, 0.5);
  const harmonics = [2, 3, 4, 5].map((k) => ({
    k,
    amp: random.uniform(0.02, 0.07) / (k - 1) ** 0.3,
    phase: random.uniform(0, 2 * Math.PI),
  }));
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const reachX = 1.2 * (Math.abs(halfLength * cos) + Math.abs(halfWidth * sin));
  const reachY = 1.2 * (Math.abs(halfLength * sin) + Math.abs(halfWidth * cos));
  const margin = Math.max(100, 0.05 * reachX);
  const widthPx = Math.round((2 * (reachX + margin)) / 0.5);
  const heightPx = Math.round((2 * (reachY + margin)) / 0.5);
  const frame: SectionFrame = { cx: widthPx / 4, cy: heightPx / 4, cos, sin, halfLength, halfWidth };
  const mapWidth = Math.ceil(widthPx / 4);
  const mapHeight = Math.ceil(heightPx / 4);
  const outline = new Uint8Array(mapWidth * mapHeight);
  const blockCols = Math.ceil(mapWidth / BLOCK_CELLS);
  const blockRows = Math.ceil(mapHeight / BLOCK_CELLS);
  const coverage = new Uint16Array(blockCols * blockRows);
  const polygon: number[] = [];
  for (let k = 0; k < 720; k++) {
    const theta = (k / 720) * 2 * Math.PI;
    let limit = 1;
    for (const h of harmonics) limit += h.amp * Math.cos(h.k * theta + h.phase);
    const u = limit * halfLength * Math.cos(theta);
    const v = limit * halfWidth * Math.sin(theta);
    polygon.push(frame.cx + u * cos - v * sin, frame.cy + u * sin + v * cos);
  }
  fillPolygon(polygon, CELL_UM, mapWidth, mapHeight, (col, row) => {
    outline[row * mapWidth + col] = 1;
    coverage[Math.floor(row / BLOCK_CELLS) * blockCols + Math.floor(col / BLOCK_CELLS)]!++;
  });
  const blocks: number[] = [];
  for (let i = 0; i < coverage.length; i++) if (coverage[i]! > 0.08 * BLOCK_CELLS * BLOCK_CELLS) blocks.push(i);
  const { blockClass, aggregates } = assignBlocks(truth, frame, blocks, blockCols, blockRows, random);
  const tissue = new Uint8Array(mapWidth * mapHeight);
  for (let row = 0; row < mapHeight; row++) {
    for (let col = 0; col < mapWidth; col++) {
      const i = row * mapWidth + col;
      if (outline[i])
        tissue[i] = blockClass[Math.floor(row / BLOCK_CELLS) * blockCols + Math.floor(col / BLOCK_CELLS)]!;
    }
  }
  const blocksByClass: number[][] = Array.from({ length: 9 }, () => []);
  for (const b of blocks) blocksByClass[blockClass[b]!]!.push(b);
  return {
    widthPx,
    heightPx,
    mapWidth,
    mapHeight,
    tissue,
    blockCols,
    blockRows,
    blockClass,
    blocksByClass,
    frame,
    aggregates,
  };
}

/** Assigns each tissue block a class so class counts match the planted fractions (see docs/simulation.md). */
function assignBlocks(
  truth: SlideTruth,
  frame: SectionFrame,
  blocks: readonly number[],
  blockCols: number,
  blockRows: number,
  random: Random,
): { blockClass: Uint8Array; aggregates: Aggregate[] } {
  const n = blocks.length;
  const blockClass = new Uint8Array(blockCols * blockRows);
  const quota = (key: TissueKey): number => Math.round(truth.fractions[key] * n);
  const spacing = Math.max(2, 0.25 * Math.min(blockCols, blockRows)) * BLOCK_UM;
  const noiseA = new ValueNoise(
    random,
    spacing,
    Math.ceil((blockCols * BLOCK_UM) / spacing) + 1,
    Math.ceil((blockRows * BLOCK_UM) / spacing) + 1,
  );
  const noiseB = new ValueNoise(
    random,
    spacing,
    Math.ceil((blockCols * BLOCK_UM) / spacing) + 1,
    Math.ceil((blockRows * BLOCK_UM) / spacing) + 1,
  );
  const centre = (b: number): [number, number] => [
    ((b % blockCols) + 0.5) * BLOCK_UM,
    (Math.floor(b / blockCols) + 0.5) * BLOCK_UM,
  ];
  const sec = blocks.map((b) => toSection(frame, ...centre(b)));
  const depth = sec.map(([, v]) => v / frame.halfWidth);
  const tu = random.uniform(-0.35, 0.35);
  const tv = random.uniform(-0.6, -0.1);
  const tumourScore = blocks.map((b, i) => {
    const [u, v] = sec[i]!;
    const du = u / frame.halfLength - tu;
    const dv = v / frame.halfWidth - tv;
    return -(1.5 * du * du + dv * dv) + 0.45 * noiseA.at(...centre(b));
  });
  const free = new Set(blocks.map((_, i) => i));
  const take = (
    key: TissueKey,
    count: number,
    score: (i: number) => number,
    pool: Iterable<number> = free,
  ): number[] => {
    const chosen = [...pool]
      .filter((i) => free.has(i))
      .sort((a, b) => score(b) - score(a) || a - b)
      .slice(0, count);
    for (const i of chosen) {
      blockClass[blocks[i]!] = tissueId(key);
      free.delete(i);
    }
    return chosen;
  };
  const tumour = take('tumour', quota('tumour') + quota('debris'), (i) => tumourScore[i]!);
  for (const i of tumour) free.add(i);
  take('debris', quota('debris'), (i) => tumourScore[i]! + 0.2 * noiseB.at(...centre(blocks[i]!)), tumour);
  take('tumour', quota('tumour'), () => 0, tumour);
  const nearTumour = (i: number): number => {
    const [u, v] = sec[i]!;
    return -Math.hypot(u / frame.halfLength - tu, v / frame.halfWidth - tv);
  };
  take('mucus', quota('mucus'), (i) => nearTumour(i) + 0.5 * noiseB.at(...centre(blocks[i]!)));
  const aggregates = placeAggregates(quota('inflammatory'), blocks, blockCols, blockClass, free, depth, centre, random);
  const layered: TissueKey[] = ['normal', 'stroma', 'muscle', 'adipose'];
  const order = [...free].sort(
    (a, b) =>
      depth[a]! + 0.25 * noiseA.at(...centre(blocks[a]!)) - (depth[b]! + 0.25 * noiseA.at(...centre(blocks[b]!))) ||
      a - b,
  );
  let cursor = 0;
  for (const key of layered) {
    const count = key === 'adipose' ? order.length - cursor : quota(key);
    for (const i of order.slice(cursor, cursor + count)) blockClass[blocks[i]!] = tissueId(key);
    cursor += count;
  }
  return { blockClass, aggregates };
}

/** Grows lymphoid aggregates of 1–4 blocks in the deeper half until `count` blocks are inflammatory. */
function placeAggregates(
  count: number,
  blocks: readonly number[],
  blockCols: number,
  blockClass: Uint8Array,
  free: Set<number>,
  depth: readonly number[],
  centre: (b: number) => [number, number],
  random: Random,
): Aggregate[] {
  const aggregates: Aggregate[] = [];
  const indexOf = new Map(blocks.map((b, i) => [b, i]));
  const candidates = [...free].filter((i) => depth[i]! > -0.3);
  let placed = 0;
  for (let attempt = 0; placed < count && attempt < 50 * (count + 1) && candidates.length > 0; attempt++) {
    const seed = candidates[random.int(candidates.length)]!;
    if (!free.has(seed)) continue;
    const size = Math.min(count - placed, 1 + random.int(4));
    const group = [seed];
    for (const step of [1, blockCols, -1, -blockCols]) {
      if (group.length >= size) break;
      const next = indexOf.get(blocks[seed]! + step);
      if (next !== undefined && free.has(next)) group.push(next);
    }
    let sx = 0;
    let sy = 0;
    for (const i of group) {
      blockClass[blocks[i]!] = tissueId('inflammatory');
      free.delete(i);
      const [x, y] = centre(blocks[i]!);
      sx += x;
      sy += y;
    }
    placed += group.length;
    aggregates.push({
      x: sx / group.length,
      y: sy / group.length,
      r: BLOCK_UM * (0.3 + 0.28 * Math.sqrt(group.length)),
    });
  }
  return aggregates;
}
