/**
 * Builds one slide's `nuclei_cube` rows: exact counts per feature bin × nucleus class × tissue
 * class × in-gland, from the stored (already quantised) column values, in a deterministic order.
 */
import { binEdges, CLASS_DICTIONARIES, NUCLEUS_FEATURE_BINS, type BinSpec } from '../../lib/registry';
import { INT32_NULL, type ColumnValues } from './staging-parquet';

const CLASSES = CLASS_DICTIONARIES.nucleus.length;
const TISSUES = CLASS_DICTIONARIES.tissue.length;
/** Marks the base slice (every nucleus, one bin). */
export const BASE_SLICE = '*';

/** Bucket of a float32 order key: its top 16 bits (1/128 of an octave: at most a few bins). */
const BUCKET_SHIFT = 16;

/** Scratch for one float32 ↔ bits conversion. */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * Order key of a float32's bits: unsigned and increasing with the value (negative floats have
 * their bits flipped, positive ones their sign bit set); -0 takes the key of +0. NaN excluded.
 */
function orderKey(bits: number): number {
  if (bits === 0x80000000) return 0x80000000;
  return bits >= 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** The smallest float32 ≥ `value` (a double), as its order key. */
function ceilKey(value: number): number {
  F32[0] = value;
  let key = orderKey(U32[0]!);
  if (F32[0]! < value) key++;
  return key;
}

/**
 * `binIndex(edges, value)` of lib/registry for float32 values, from their bits: a float32 v has
 * edges[k] ≤ v exactly when v is at least the smallest float32 ≥ edges[k], so the bin is the
 * number of those thresholds at or below v's order key, minus one. A table indexed by the key's
 * top bits starts each value at its bucket's lowest bin; one or two comparisons settle it.
 * Identical to the binary search (tested), without a logarithm or a division per value.
 */
export class Float32Binner {
  /** Order keys of the thresholds (count + 1 of them), then a sentinel above every key. */
  readonly thresholds: Float64Array;
  /** Whether each edge is itself a float32 (only then can a value equal it). */
  readonly exact: Uint8Array;
  /** Bin + 1 of the lowest key of each bucket. */
  readonly start: Uint8Array;

  constructor(readonly edges: Float64Array) {
    const n = edges.length;
    if (n > 250) throw new Error(`Float32Binner: ${n - 1} bins exceed the table's 8-bit entries`);
    this.thresholds = new Float64Array(n + 1);
    this.exact = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      this.thresholds[k] = ceilKey(edges[k]!);
      this.exact[k] = Math.fround(edges[k]!) === edges[k] ? 1 : 0;
    }
    this.thresholds[n] = 2 ** 32;
    this.start = new Uint8Array(2 ** (32 - BUCKET_SHIFT));
    let b = 0; // number of thresholds ≤ the bucket's lowest key
    for (let bucket = 0; bucket < this.start.length; bucket++) {
      const lowest = bucket * 2 ** BUCKET_SHIFT;
      while (b < n && this.thresholds[b]! <= lowest) b++;
      this.start[bucket] = b;
    }
  }

  /** Number of thresholds at or below an order key: the bin + 1 of the value with that key. */
  thresholdsAtOrBelow(key: number): number {
    let b = this.start[key >>> BUCKET_SHIFT]!;
    while (this.thresholds[b]! <= key) b++;
    return b;
  }

  /** Whether the value with order key `key`, with `b` thresholds at or below it, equals its bin's lower edge. */
  isLowerEdge(b: number, key: number): boolean {
    return b >= 1 && this.exact[b - 1] === 1 && this.thresholds[b - 1] === key;
  }

  /** Bin of the float32 with these bits (-1 … count), NaN excluded by the caller. */
  binOfBits(bits: number): number {
    return this.thresholdsAtOrBelow(orderKey(bits)) - 1;
  }

  /** `binIndex(edges, value)` for a float32 `value`. */
  binOf(value: number): number {
    F32[0] = value;
    return this.binOfBits(U32[0]!);
  }
}

const binners = new Map<BinSpec, Float32Binner>();

function binnerOf(spec: BinSpec): Float32Binner {
  let binner = binners.get(spec);
  if (!binner) {
    binner = new Float32Binner(binEdges(spec));
    binners.set(spec, binner);
  }
  return binner;
}

/**
 * Adds each non-NaN value to its (bin + 1, context) cell of `counts`, and to `atEdge` when it
 * equals the bin's lower edge.
 */
function countBins(
  values: Float32Array,
  count: number,
  binner: Float32Binner,
  context: Uint16Array,
  contexts: number,
  counts: Int32Array,
  atEdge: Int32Array,
): void {
  const bits = new Uint32Array(values.buffer, values.byteOffset, count);
  for (let i = 0; i < count; i++) {
    const v = bits[i]!;
    if ((v & 0x7fffffff) > 0x7f800000) continue; // NaN
    const key = orderKey(v);
    const b = binner.thresholdsAtOrBelow(key);
    // b thresholds lie at or below the value: bin b − 1, stored at offset +1.
    const cell = b * contexts + context[i]!;
    counts[cell]! += 1;
    if (binner.isLowerEdge(b, key)) atEdge[cell]! += 1;
  }
}

/** Cube rows of one slide as columns, plus the row count. */
export function buildNucleiCube(
  nuclei: Readonly<Record<string, ColumnValues>>,
  count: number,
): { columns: Record<string, ColumnValues>; count: number } {
  const classId = nuclei.class_id as Int8Array;
  const tissue = nuclei.tissue_class as Int8Array;
  const gland = nuclei.gland_id as Int32Array;
  const context = new Uint16Array(count);
  for (let i = 0; i < count; i++)
    context[i] = (classId[i]! * TISSUES + tissue[i]!) * 2 + (gland[i] === INT32_NULL ? 0 : 1);
  const contexts = CLASSES * TISSUES * 2;
  const out = {
    feature: [] as string[],
    bin: [] as number[],
    class_id: [] as number[],
    tissue_class: [] as number[],
    in_gland: [] as boolean[],
    count: [] as number[],
    at_lower_edge: [] as number[],
  };
  const emit = (feature: string, bins: number, firstBin: number, counts: Int32Array, atEdge: Int32Array): void => {
    for (let b = 0; b < bins; b++) {
      for (let c = 0; c < contexts; c++) {
        const n = counts[b * contexts + c]!;
        if (n === 0) continue;
        out.feature.push(feature);
        out.bin.push(b + firstBin);
        out.class_id.push(Math.floor(c / (TISSUES * 2)));
        out.tissue_class.push(Math.floor(c / 2) % TISSUES);
        out.in_gland.push(c % 2 === 1);
        out.count.push(n);
        out.at_lower_edge.push(atEdge[b * contexts + c]!);
      }
    }
  };
  const base = new Int32Array(contexts);
  for (let i = 0; i < count; i++) base[context[i]!]! += 1;
  emit(BASE_SLICE, 1, 0, base, new Int32Array(contexts));
  for (const [feature, spec] of Object.entries(NUCLEUS_FEATURE_BINS)) {
    const column = nuclei[feature] as Float32Array | Int16Array | undefined;
    if (!column) throw new Error(`nuclei_cube: no column ${feature}`);
    // Int16 counts are exact in float32; one element type keeps the counting loop monomorphic.
    const values = column instanceof Float32Array ? column : new Float32Array(column);
    // Bins -1 … count, stored at offset +1.
    const bins = spec.count + 2;
    const counts = new Int32Array(bins * contexts);
    const atEdge = new Int32Array(bins * contexts);
    countBins(values, count, binnerOf(spec), context, contexts, counts, atEdge);
    emit(feature, bins, -1, counts, atEdge);
  }
  return {
    columns: {
      feature: out.feature,
      bin: Int16Array.from(out.bin),
      class_id: Int8Array.from(out.class_id),
      tissue_class: Int8Array.from(out.tissue_class),
      in_gland: out.in_gland,
      count: Int32Array.from(out.count),
      at_lower_edge: Int32Array.from(out.at_lower_edge),
    },
    count: out.feature.length,
  };
}
