/**
 * Shape primitives: radial "lobes" (a circle deformed by low harmonics) for glands and lumina,
 * and deformed ellipses for nuclei, each rasterised on a pixel grid and traced like
 * segmentation output.
 */
import type { Random } from './random';
import { fillPolygon } from './raster';
import { traceMask, type TracedMask } from './trace';

/** A radially deformed circle: centre and mean radius (µm, slide frame) plus harmonics. */
export interface Lobe {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** Harmonic orders, relative amplitudes and phases of the radius. */
  readonly harmonics: readonly { readonly k: number; readonly amp: number; readonly phase: number }[];
  /** Ellipse stretch along `angle` (1 = round). */
  readonly stretch: number;
  readonly angle: number;
}

/** A random lobe with total harmonic amplitude ≈ `irregularity` (0 = perfect circle/ellipse). */
export function randomLobe(random: Random, x: number, y: number, r: number, irregularity: number, stretch = 1): Lobe {
  const harmonics = [2, 3, 4, 5, 6].map((k) => ({
    k,
    amp: (irregularity * random.uniform(0.3, 1)) / Math.sqrt(k - 1),
    phase: random.uniform(0, 2 * Math.PI),
  }));
  return { x, y, r, harmonics, stretch, angle: random.uniform(0, Math.PI) };
}

/** Radius of `lobe` in the direction `theta` (radians), µm, before stretching. */
export function lobeRadius(lobe: Lobe, theta: number): number {
  let factor = 1;
  for (const h of lobe.harmonics) factor += h.amp * Math.cos(h.k * theta + h.phase);
  return lobe.r * Math.max(factor, 0.25);
}

/** True when (x, y) µm lies inside the lobe grown by `grow` µm. */
export function insideLobe(lobe: Lobe, x: number, y: number, grow = 0): boolean {
  const c = Math.cos(lobe.angle);
  const s = Math.sin(lobe.angle);
  const dx = x - lobe.x;
  const dy = y - lobe.y;
  const u = (dx * c + dy * s) / lobe.stretch;
  const v = -dx * s + dy * c;
  const d2 = u * u + v * v;
  const reach = lobe.r * 2 + grow;
  if (d2 > reach * reach) return false;
  return Math.sqrt(d2) < lobeRadius(lobe, Math.atan2(v, u)) + grow;
}

/** Point on the lobe boundary at parameter `theta`, µm, slide frame. */
export function lobePoint(lobe: Lobe, theta: number): [number, number] {
  const r = lobeRadius(lobe, theta);
  const u = r * Math.cos(theta) * lobe.stretch;
  const v = r * Math.sin(theta);
  const c = Math.cos(lobe.angle);
  const s = Math.sin(lobe.angle);
  return [lobe.x + u * c - v * s, lobe.y + u * s + v * c];
}

/** Boundary polygon of a lobe, interleaved x, y µm, slide frame; vertex count grows with size. */
export function lobePolygon(lobe: Lobe): number[] {
  const n = Math.min(256, Math.max(24, Math.ceil(lobeReach(lobe) * 1.5)));
  const xy: number[] = [];
  for (let k = 0; k < n; k++) xy.push(...lobePoint(lobe, (k / n) * 2 * Math.PI));
  return xy;
}

/** Largest distance of the lobe boundary from its centre, µm. */
export function lobeReach(lobe: Lobe): number {
  return lobe.r * Math.max(1, lobe.stretch) * (1 + lobe.harmonics.reduce((sum, h) => sum + h.amp, 0));
}

/**
 * Rasterises a union of lobes on a grid of `cellUm` µm cells (cell (i, j) centred at (i·c, j·c))
 * and traces it; `keep` may veto cells. Coordinates of the result are grid cells, slide frame.
 */
export function traceLobes(
  lobes: readonly Lobe[],
  cellUm: number,
  keep: (x: number, y: number) => boolean = () => true,
): TracedMask | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const lobe of lobes) {
    const reach = lobeReach(lobe);
    minX = Math.min(minX, lobe.x - reach);
    minY = Math.min(minY, lobe.y - reach);
    maxX = Math.max(maxX, lobe.x + reach);
    maxY = Math.max(maxY, lobe.y + reach);
  }
  const ox = Math.floor(minX / cellUm) - 1;
  const oy = Math.floor(minY / cellUm) - 1;
  const w = Math.ceil(maxX / cellUm) + 2 - ox;
  const h = Math.ceil(maxY / cellUm) + 2 - oy;
  const mask = new Uint8Array(w * h);
  for (const lobe of lobes) {
    const local = lobePolygon(lobe).map((v, i) => v / cellUm - (i % 2 === 0 ? ox : oy));
    fillPolygon(
      local,
      1,
      w,
      h,
      (i, j) => {
        if (keep((ox + i) * cellUm, (oy + j) * cellUm)) mask[j * w + i] = 1;
      },
      false,
    );
  }
  return offsetTrace(traceMask(mask, w, h), ox, oy);
}

/** A nucleus outline: centre (px), semi-axes (px), orientation (rad, from +x towards +y) and 2nd/3rd harmonics. */
export interface NucleusShape {
  readonly cx: number;
  readonly cy: number;
  readonly a: number;
  readonly b: number;
  readonly angle: number;
  /** Coefficients of cos 2θ, sin 2θ, cos 3θ, sin 3θ of the relative radius. */
  readonly wobble: readonly [number, number, number, number];
}

const ANGLE_STEPS = 64;
const CACHE_LIMIT = 300_000;
const cache = new Map<number, TracedMask | null>();
let misses = 0;
/** Number of nucleus outlines rasterised so far (cache misses), for profiling. */
export function nucleusCacheMisses(): number {
  return misses;
}

/**
 * Rasterises a nucleus on the 0.5 µm processing grid and traces it, centred on pixel (0, 0); add
 * the snapped centre (Math.round of cx, cy) to use it. Size, angle and wobble are quantised, so
 * repeated shapes come from a cache (do not mutate the result).
 */
export function traceNucleusTemplate(shape: NucleusShape): TracedMask | undefined {
  const a = Math.round(shape.a * 2) / 2;
  const b = Math.round(shape.b * 2) / 2;
  const step = Math.round((shape.angle / (2 * Math.PI)) * ANGLE_STEPS);
  const steps = ((step % ANGLE_STEPS) + ANGLE_STEPS) % ANGLE_STEPS;
  const q = shape.wobble.map((w) => Math.min(20, Math.max(-20, Math.round(w * 40)))) as [
    number,
    number,
    number,
    number,
  ];
  const key =
    ((((a * 2 * 128 + b * 2) * ANGLE_STEPS + steps) * 41 + q[0] + 20) * 41 + q[1] + 20) * 1681 +
    (q[2] + 20) * 41 +
    q[3] +
    20;
  let template = cache.get(key);
  if (template === undefined) {
    const wobble = q.map((w) => w / 40) as [number, number, number, number];
    const angle = (steps / ANGLE_STEPS) * 2 * Math.PI;
    template = rasteriseNucleus(a, b, angle, wobble) ?? null;
    // Long thin outlines at odd angles trace as staircases; like real ones snap them to 45° (≤ 40 vertices).
    if (template !== null && template.ring.length > 80)
      template = rasteriseNucleus(a, b, Math.round(angle / (Math.PI / 4)) * (Math.PI / 4), wobble) ?? null;
    misses++;
    if (cache.size < CACHE_LIMIT) cache.set(key, template);
  }
  return template ?? undefined;
}

/** Rasterises and traces a nucleus at its centre (snapped to a whole pixel), px, slide frame. */
export function traceNucleus(shape: NucleusShape): TracedMask | undefined {
  return offsetTrace(traceNucleusTemplate(shape), Math.round(shape.cx), Math.round(shape.cy));
}

/** Rasterises a nucleus centred at pixel (0, 0) and traces it. */
function rasteriseNucleus(
  a: number,
  b: number,
  angle: number,
  wobble: readonly [number, number, number, number],
): TracedMask | undefined {
  const spread = Math.abs(wobble[0]) + Math.abs(wobble[1]) + Math.abs(wobble[2]) + Math.abs(wobble[3]);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const reachX = Math.ceil(Math.sqrt(a * a * c * c + b * b * s * s) * (1 + spread) + 1);
  const reachY = Math.ceil(Math.sqrt(a * a * s * s + b * b * c * c) * (1 + spread) + 1);
  const w = 2 * reachX + 1;
  const h = 2 * reachY + 1;
  const mask = new Uint8Array(w * h);
  const outer = (1 + spread) ** 2;
  const inner = spread < 1 ? (1 - spread) ** 2 : 0;
  for (let j = 0; j < h; j++) {
    const dy = j - reachY;
    for (let i = 0; i < w; i++) {
      const dx = i - reachX;
      const u = (dx * c + dy * s) / a;
      const v = (-dx * s + dy * c) / b;
      const rho2 = u * u + v * v;
      if (rho2 >= outer) continue;
      if (rho2 < inner) {
        mask[j * w + i] = 1;
        continue;
      }
      const rho = Math.sqrt(rho2) || 1;
      const cu = u / rho;
      const sv = v / rho;
      const limit =
        1 +
        wobble[0] * (cu * cu - sv * sv) +
        wobble[1] * 2 * cu * sv +
        wobble[2] * (4 * cu * cu * cu - 3 * cu) +
        wobble[3] * (3 * sv - 4 * sv * sv * sv);
      if (rho < limit) mask[j * w + i] = 1;
    }
  }
  return offsetTrace(traceMask(mask, w, h), -reachX, -reachY);
}

function offsetTrace(traced: TracedMask | undefined, ox: number, oy: number): TracedMask | undefined {
  if (traced === undefined) return undefined;
  const ring = traced.ring.map((value, i) => value + (i % 2 === 0 ? ox : oy));
  const [x0, y0, x1, y1] = traced.box;
  return {
    ring,
    area: traced.area,
    meanX: traced.meanX + ox,
    meanY: traced.meanY + oy,
    box: [x0 + ox, y0 + oy, x1 + ox, y1 + oy],
  };
}
