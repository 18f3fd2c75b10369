/**
 * Level of detail of the nuclei layer, without sampling (docs/decisions/0002): exact per-cell
 * aggregates when zoomed out, one point per nucleus at mid zoom, contour polygons zoomed in.
 * Budgets bound the objects drawn per frame. Boxes are µm, slide frame, y down. Pure.
 */
import { GRID_LEVELS_UM } from '../registry';

/** Most nucleus points drawn per frame (≈ 2.5 MB of attributes; comfortably 60 fps on an integrated GPU). */
export const POINT_BUDGET = 250_000;
/** Most nucleus contours drawn per frame (≈ 25 vertices each, so ≤ 250 k outline vertices). */
export const CONTOUR_BUDGET = 10_000;
/** Points need at least this many screen px per µm (a 7 µm nucleus ≥ 1.75 px); below, cells read better. */
export const MIN_POINT_PX_PER_UM = 0.25;
/** Contours need at least this many screen px per µm (a 7 µm nucleus ≥ 10 px). */
export const MIN_CONTOUR_PX_PER_UM = 1.5;
/** Aggregate cells are drawn at least this many screen px wide. */
export const MIN_CELL_PX = 4;

/** An axis-aligned box, µm, slide frame. */
export interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** How nuclei are drawn: per-cell aggregates at `levelUm`, points, or contours. */
export type NucleiLod =
  { readonly kind: 'grid'; readonly levelUm: number } | { readonly kind: 'points' } | { readonly kind: 'contours' };

/** The visible box of a view of `widthPx` × `heightPx` screen px centred on (x, y) at zoom log2(px/µm). */
export function viewBox(x: number, y: number, zoom: number, widthPx: number, heightPx: number): Box {
  const halfW = widthPx / 2 / 2 ** zoom;
  const halfH = heightPx / 2 / 2 ** zoom;
  return { minX: x - halfW, minY: y - halfH, maxX: x + halfW, maxY: y + halfH };
}

/** The finest grid level whose cells are at least MIN_CELL_PX wide at `zoom`. */
export function gridLevelFor(zoom: number): number {
  const pxPerUm = 2 ** zoom;
  return GRID_LEVELS_UM.find((level) => level * pxPerUm >= MIN_CELL_PX) ?? GRID_LEVELS_UM[GRID_LEVELS_UM.length - 1]!;
}

/** Chooses the representation for `zoom` and an upper estimate of the nuclei in the view. */
export function chooseNucleiLod(zoom: number, nucleiInView: number): NucleiLod {
  const pxPerUm = 2 ** zoom;
  if (pxPerUm >= MIN_CONTOUR_PX_PER_UM && nucleiInView <= CONTOUR_BUDGET) return { kind: 'contours' };
  if (pxPerUm >= MIN_POINT_PX_PER_UM && nucleiInView <= POINT_BUDGET) return { kind: 'points' };
  return { kind: 'grid', levelUm: gridLevelFor(zoom) };
}

/** Upper estimate of the nuclei in `box` from coarse cell counts (cells of `cellUm`, counts by col,row). */
export function estimateCount(
  box: Box,
  cellUm: number,
  cols: ArrayLike<number>,
  rows: ArrayLike<number>,
  counts: ArrayLike<number>,
): number {
  const c0 = Math.floor(box.minX / cellUm);
  const c1 = Math.floor(box.maxX / cellUm);
  const r0 = Math.floor(box.minY / cellUm);
  const r1 = Math.floor(box.maxY / cellUm);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = cols[i] as number;
    const r = rows[i] as number;
    if (c >= c0 && c <= c1 && r >= r0 && r <= r1) total += counts[i] as number;
  }
  return total;
}

/** The box to fetch for `view`: the view grown by a quarter of its size on each side, snapped outward to `snapUm`. */
export function fetchBoxFor(view: Box, snapUm: number): Box {
  const padX = (view.maxX - view.minX) / 4;
  const padY = (view.maxY - view.minY) / 4;
  return {
    minX: Math.floor((view.minX - padX) / snapUm) * snapUm,
    minY: Math.floor((view.minY - padY) / snapUm) * snapUm,
    maxX: Math.ceil((view.maxX + padX) / snapUm) * snapUm,
    maxY: Math.ceil((view.maxY + padY) / snapUm) * snapUm,
  };
}

/** True when `inner` lies entirely inside `outer`. */
export function containsBox(outer: Box, inner: Box): boolean {
  return inner.minX >= outer.minX && inner.minY >= outer.minY && inner.maxX <= outer.maxX && inner.maxY <= outer.maxY;
}

/** Snap size for fetch boxes at `zoom`: a power of two ≈ 256 screen px, in µm. */
export function snapUmFor(zoom: number): number {
  return 2 ** Math.ceil(Math.log2(256 / 2 ** zoom));
}
