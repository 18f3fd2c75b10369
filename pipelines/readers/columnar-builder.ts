import type { ObjectKind, ObjectTable } from './types';

const INT32_MAX = 2 ** 31 - 1;

/**
 * Builds an {@link ObjectTable} one object at a time into growable typed arrays, so readers never
 * hold one JS object per nucleus: push an object's ring vertices, then end the object.
 */
export class ObjectTableBuilder {
  private count = 0;
  private vertexCount = 0;
  private objectStart = 0;
  private readonly sourceIds: string[] = [];
  private centroidX: Float64Array;
  private centroidY: Float64Array;
  private classId: Int8Array;
  private classProb: Float32Array;
  private ringOffsets: Uint32Array;
  private ringCoords: Int32Array;

  /** Starts an empty table; `coordUnitUm` is µm per integer ring unit, `expectedCount` only sizes buffers. */
  constructor(
    readonly kind: ObjectKind,
    readonly coordUnitUm: number,
    expectedCount = 0,
  ) {
    const capacity = Math.max(16, expectedCount);
    this.centroidX = new Float64Array(capacity);
    this.centroidY = new Float64Array(capacity);
    this.classId = new Int8Array(capacity);
    this.classProb = new Float32Array(capacity);
    this.ringOffsets = new Uint32Array(capacity + 1);
    this.ringCoords = new Int32Array(capacity * 40);
  }

  /** Appends one vertex (integer `coordUnitUm` units, slide frame) to the object being built. */
  pushVertex(x: number, y: number): void {
    if (2 * this.vertexCount + 2 > this.ringCoords.length) {
      this.ringCoords = grow(this.ringCoords, 2 * this.vertexCount + 2);
    }
    this.ringCoords[2 * this.vertexCount] = x;
    this.ringCoords[2 * this.vertexCount + 1] = y;
    this.vertexCount += 1;
  }

  /** Number of vertices pushed since the last `endObject` (the caller checks the ≥ 3 rule). */
  get pendingVertices(): number {
    return this.vertexCount - this.objectStart;
  }

  /** Closes the current object with its centroid (µm, slide frame), class and probability. */
  endObject(sourceId: string, centroidXUm: number, centroidYUm: number, classId: number, classProb: number): void {
    if (this.count + 1 >= this.centroidX.length) {
      const capacity = this.centroidX.length * 2;
      this.centroidX = grow(this.centroidX, capacity);
      this.centroidY = grow(this.centroidY, capacity);
      this.classId = grow(this.classId, capacity);
      this.classProb = grow(this.classProb, capacity);
      this.ringOffsets = grow(this.ringOffsets, capacity + 1);
    }
    this.sourceIds.push(sourceId);
    this.centroidX[this.count] = centroidXUm;
    this.centroidY[this.count] = centroidYUm;
    this.classId[this.count] = classId;
    this.classProb[this.count] = classProb;
    this.count += 1;
    this.ringOffsets[this.count] = this.vertexCount;
    this.objectStart = this.vertexCount;
  }

  /** Returns the finished table with arrays trimmed to their used length. */
  build(): ObjectTable {
    return {
      kind: this.kind,
      count: this.count,
      coordUnitUm: this.coordUnitUm,
      sourceIds: this.sourceIds,
      centroidX: this.centroidX.slice(0, this.count),
      centroidY: this.centroidY.slice(0, this.count),
      classId: this.classId.slice(0, this.count),
      classProb: this.classProb.slice(0, this.count),
      ringOffsets: this.ringOffsets.slice(0, this.count + 1),
      ringCoords: this.ringCoords.slice(0, 2 * this.vertexCount),
    };
  }
}

type Growable = Float64Array | Float32Array | Int8Array | Int32Array | Uint32Array;

function grow<T extends Growable>(array: T, minLength: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(minLength, array.length * 2));
  next.set(array as never);
  return next;
}

/** An object table with no objects, for kinds a format does not carry. */
export function buildEmptyTable(kind: ObjectKind, coordUnitUm: number): ObjectTable {
  return new ObjectTableBuilder(kind, coordUnitUm).build();
}

/**
 * Finest grid a pixel coordinate needs: 1 for whole pixels, 2, 4 or 8 for halves, quarters or
 * eighths; any other fraction gets 8 and is rounded to the nearest 1/8 pixel.
 */
export function subdivisionOf(pixel: number): 1 | 2 | 4 | 8 {
  if (Number.isInteger(pixel)) return 1;
  if (Number.isInteger(pixel * 2)) return 2;
  if (Number.isInteger(pixel * 4)) return 4;
  return 8;
}

/** Pixel coordinate → integer grid units (`subdivision` per pixel); NaN when not finite or beyond Int32. */
export function toGridUnits(pixel: number, subdivision: number): number {
  const units = Math.round(pixel * subdivision);
  return Number.isFinite(units) && Math.abs(units) <= INT32_MAX ? units : Number.NaN;
}

/** A human-readable note on the quantisation grid, for `metadata.variant`. */
export function describeGrid(subdivision: number, mpp: number): string {
  const grid = subdivision === 1 ? 'whole pixels' : `1/${subdivision} pixel`;
  return `coordinates quantised to ${grid} (coordUnitUm ${mpp / subdivision})`;
}
