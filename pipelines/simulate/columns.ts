/**
 * Growable columnar storage of simulated objects in Cerberus units (processing pixels of
 * 0.5 µm, slide frame, origin top-left, x right, y down) — one set of typed arrays per kind,
 * never one JS object per nucleus.
 */

/** Object kinds the simulator writes, named like the `.dat` top-level keys. */
export type SimKind = 'Nuclei' | 'Gland' | 'Lumen';

/** Columns of one kind; read the first `count` entries (the arrays may be longer). */
export class SimColumns {
  count = 0;
  vertexCount = 0;
  /** Centroid x, y, px (nuclei: pixel-mean float; glands and lumina: integers). */
  centroid = new Float64Array(2 * 256);
  /** Box [x0, y0, x1, y1], px, max exclusive. */
  box = new Int32Array(4 * 256);
  /** Class index (nuclei 0–6, glands 0–2; lumina 0, unused). */
  type = new Int8Array(256);
  /** Majority-vote fraction in [0.5, 1] (nuclei `prob`, glands `type_prob`; lumina unused). */
  prob = new Float64Array(256);
  /** Vertex start of object i: vertices ringStart[i] .. ringStart[i+1]-1. */
  ringStart = new Uint32Array(257);
  /** Interleaved x, y ring vertices, px; open rings. */
  ring = new Int32Array(2 * 4096);

  constructor(readonly kind: SimKind) {}

  /** Appends one object; `ring` holds interleaved integer x, y vertices in px, shifted by (dx, dy). */
  push(
    ring: readonly number[],
    centroidX: number,
    centroidY: number,
    box: readonly [number, number, number, number],
    type: number,
    prob: number,
    dx = 0,
    dy = 0,
  ): number {
    const i = this.count;
    if (i + 2 > this.type.length) this.growRows(2 * this.type.length);
    if (2 * (this.vertexCount + ring.length / 2) > this.ring.length) {
      const grown = new Int32Array(Math.max(2 * this.ring.length, 2 * this.vertexCount + ring.length));
      grown.set(this.ring);
      this.ring = grown;
    }
    const base = 2 * this.vertexCount;
    for (let k = 0; k < ring.length; k += 2) {
      this.ring[base + k] = ring[k]! + dx;
      this.ring[base + k + 1] = ring[k + 1]! + dy;
    }
    this.vertexCount += ring.length / 2;
    this.ringStart[i + 1] = this.vertexCount;
    this.centroid[2 * i] = centroidX;
    this.centroid[2 * i + 1] = centroidY;
    this.box.set(box, 4 * i);
    this.type[i] = type;
    this.prob[i] = prob;
    this.count++;
    return i;
  }

  /** Number of vertices of object i. */
  vertices(i: number): number {
    return this.ringStart[i + 1]! - this.ringStart[i]!;
  }

  private growRows(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array | Int8Array | Uint32Array>(array: T, size: number): T => {
      const grown = new (array.constructor as new (n: number) => T)(size);
      grown.set(array);
      return grown;
    };
    this.centroid = grow(this.centroid, 2 * capacity);
    this.box = grow(this.box, 4 * capacity);
    this.type = grow(this.type, capacity);
    this.prob = grow(this.prob, capacity);
    this.ringStart = grow(this.ringStart, capacity + 1);
  }
}
