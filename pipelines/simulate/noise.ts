/**
 * Smooth value noise on a lattice, used to give tissue regions organic, slide-specific shapes.
 */
import type { Random } from './random';

/** A smooth random field in [-1, 1] over the plane; `spacing` is the lattice step in the caller's units. */
export class ValueNoise {
  private readonly values: Float64Array;

  constructor(
    random: Random,
    private readonly spacing: number,
    private readonly cols: number,
    private readonly rows: number,
  ) {
    this.values = new Float64Array((cols + 2) * (rows + 2));
    for (let i = 0; i < this.values.length; i++) this.values[i] = 2 * random.next() - 1;
  }

  /** Field value at (x, y), smoothly interpolated; coordinates outside the lattice are clamped. */
  at(x: number, y: number): number {
    const gx = Math.min(Math.max(x / this.spacing, 0), this.cols);
    const gy = Math.min(Math.max(y / this.spacing, 0), this.rows);
    const ix = Math.min(Math.floor(gx), this.cols);
    const iy = Math.min(Math.floor(gy), this.rows);
    const fx = smooth(gx - ix);
    const fy = smooth(gy - iy);
    const w = this.cols + 2;
    const v = this.values;
    const top = v[iy * w + ix]! * (1 - fx) + v[iy * w + ix + 1]! * fx;
    const bottom = v[(iy + 1) * w + ix]! * (1 - fx) + v[(iy + 1) * w + ix + 1]! * fx;
    return top * (1 - fy) + bottom * fy;
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}
