/**
 * Nucleus placement with overlap rejection: a spatial hash of accepted nuclei (10 µm cells,
 * slide frame) rejects a candidate whose equivalent disc overlaps a neighbour's by more than a
 * little; accepted nuclei are rasterised at 0.5 µm/px and traced into the columnar output.
 */
import { SimColumns } from './columns';
import type { Random } from './random';
import { traceNucleusTemplate } from './shapes';

/** Nucleus class ids (Cerberus / Lizard). */
export const NUCLEUS = {
  neutrophil: 1,
  epithelial: 2,
  lymphocyte: 3,
  plasma: 4,
  eosinophil: 5,
  connective: 6,
} as const;

const HASH_UM = 10;
// A few fixed outline deformations (units of the class's wobble amplitude); few distinct shapes keep the outline cache small.
const WOBBLE_PATTERNS = [
  [1, 0, 0.5, -0.5],
  [-1, 0.5, 0, 1],
  [0.5, -1, -1, 0],
  [0, 1, 1, 0.5],
  [-0.5, -0.5, 0.5, 1],
  [1.2, 0.3, -0.6, 0],
  [-0.3, -1.2, 0, -0.8],
  [0.2, 0.2, 1, -1],
] as const;
const OVERLAP_TOLERANCE = 0.82;

/** A candidate nucleus: centre (µm, slide frame), length and width (µm), long-axis angle (rad), harmonic wobble. */
export interface NucleusCandidate {
  readonly x: number;
  readonly y: number;
  readonly length: number;
  readonly width: number;
  readonly angle: number;
  readonly wobble: readonly [number, number, number, number];
  readonly type: number;
}

/** Accepts non-overlapping nuclei into `columns`. */
export class NucleusPlacer {
  readonly columns = new SimColumns('Nuclei');
  private readonly cols: number;
  private readonly rows: number;
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  private disc = new Float32Array(3 * 1024);
  private stored = 0;

  /** Spans a slide of `widthUm` × `heightUm`. */
  constructor(
    widthUm: number,
    heightUm: number,
    private readonly random: Random,
  ) {
    this.cols = Math.ceil(widthUm / HASH_UM) + 1;
    this.rows = Math.ceil(heightUm / HASH_UM) + 1;
    this.head = new Int32Array(this.cols * this.rows).fill(-1);
  }

  /** Adds the nucleus unless it overlaps an accepted one or leaves the slide; returns true when added. */
  add(candidate: NucleusCandidate): boolean {
    const radius = 0.5 * Math.sqrt(candidate.length * candidate.width);
    const col = Math.floor(candidate.x / HASH_UM);
    const row = Math.floor(candidate.y / HASH_UM);
    if (col < 1 || row < 1 || col >= this.cols - 1 || row >= this.rows - 1) return false;
    for (let r = row - 1; r <= row + 1; r++) {
      for (let c = col - 1; c <= col + 1; c++) {
        for (let k = this.head[r * this.cols + c]!; k >= 0; k = this.next[k]!) {
          const dx = this.disc[3 * k]! - candidate.x;
          const dy = this.disc[3 * k + 1]! - candidate.y;
          const reach = (this.disc[3 * k + 2]! + radius) * OVERLAP_TOLERANCE;
          if (dx * dx + dy * dy < reach * reach) return false;
        }
      }
    }
    const traced = traceNucleusTemplate({
      cx: candidate.x * 2,
      cy: candidate.y * 2,
      a: candidate.length,
      b: candidate.width,
      angle: candidate.angle,
      wobble: candidate.wobble,
    });
    if (traced === undefined || traced.area < 8 || traced.ring.length < 6) return false;
    const share = this.random.fraction(0.5, 1);
    const prob = Math.round(share * traced.area) / traced.area;
    const dx = Math.round(candidate.x * 2);
    const dy = Math.round(candidate.y * 2);
    const [x0, y0, x1, y1] = traced.box;
    this.columns.push(
      traced.ring,
      traced.meanX + dx,
      traced.meanY + dy,
      [x0 + dx, y0 + dy, x1 + dx, y1 + dy],
      candidate.type,
      prob,
      dx,
      dy,
    );
    this.remember(candidate.x, candidate.y, radius, row * this.cols + col);
    return true;
  }

  private remember(x: number, y: number, radius: number, cell: number): void {
    const k = this.stored++;
    if (k >= this.next.length) {
      const next = new Int32Array(2 * this.next.length);
      next.set(this.next);
      this.next = next;
      const disc = new Float32Array(2 * this.disc.length);
      disc.set(this.disc);
      this.disc = disc;
    }
    this.disc[3 * k] = x;
    this.disc[3 * k + 1] = y;
    this.disc[3 * k + 2] = radius;
    this.next[k] = this.head[cell]!;
    this.head[cell] = k;
  }
}

/** Draws the size and shape of a nucleus of `type` (µm); `tumour` epithelium is larger and more pleomorphic. */
export function drawNucleus(
  random: Random,
  type: number,
  x: number,
  y: number,
  angle: number,
  options: { tumour?: boolean; elongation?: number; muscle?: boolean } = {},
): NucleusCandidate {
  const wob = (amp2: number, amp3: number): [number, number, number, number] => {
    const p = WOBBLE_PATTERNS[random.int(WOBBLE_PATTERNS.length)]!;
    return [p[0] * amp2, p[1] * amp2, p[2] * amp3, p[3] * amp3];
  };
  const elongation = options.elongation ?? 1.8;
  switch (type) {
    case NUCLEUS.epithelial: {
      const tumour = options.tumour === true;
      const length = tumour ? clamp(random.normal(11, 1.1), 9, 13.5) : clamp(random.normal(9, 0.6), 8, 10.5);
      const width = length / (tumour ? elongation * random.uniform(0.8, 1) : elongation);
      return {
        x,
        y,
        length,
        width,
        angle: angle + random.normal(0, tumour ? 0.3 : 0.12),
        wobble: tumour ? wob(0.07, 0.05) : wob(0.025, 0.015),
        type,
      };
    }
    case NUCLEUS.lymphocyte: {
      const d = random.uniform(5, 7);
      return { x, y, length: d * random.uniform(1, 1.12), width: d, angle, wobble: wob(0.02, 0.02), type };
    }
    case NUCLEUS.plasma:
      return {
        x,
        y,
        length: random.uniform(6.8, 8.5),
        width: random.uniform(5.4, 6.4),
        angle,
        wobble: wob(0.03, 0.02),
        type,
      };
    case NUCLEUS.neutrophil: {
      const d = random.uniform(6.5, 9);
      return {
        x,
        y,
        length: d,
        width: d * 0.85,
        angle,
        wobble: [0, 0, 0.16 * Math.cos(angle * 3), 0.16 * Math.sin(angle * 3)],
        type,
      };
    }
    case NUCLEUS.eosinophil: {
      const d = random.uniform(7, 9);
      return { x, y, length: d * 1.25, width: d * 0.8, angle, wobble: [-0.12, 0, 0, 0], type };
    }
    default: {
      const length = options.muscle ? random.uniform(14, 20) : random.uniform(10, 16);
      return { x, y, length, width: random.uniform(3, 4.4), angle, wobble: wob(0.04, 0.03), type: NUCLEUS.connective };
    }
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
