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

/**
 * `binIndex(edges, value)` of lib/registry without the binary search: the bin is guessed from the
 * spec's formula and then settled by comparing with the exact edges, so the result is identical.
 */
export function binOfSpec(spec: BinSpec, edges: Float64Array, value: number): number {
  const count = spec.count;
  let guess = Math.floor(
    spec.log
      ? (Math.log(value / spec.lo) / Math.log(spec.hi / spec.lo)) * count
      : ((value - spec.lo) / (spec.hi - spec.lo)) * count,
  );
  if (!(guess >= 0)) guess = 0;
  else if (guess > count) guess = count;
  while (guess <= count && edges[guess]! <= value) guess++;
  while (guess > 0 && edges[guess - 1]! > value) guess--;
  // `guess` is now the number of edges ≤ value.
  return guess - 1;
}

/** Adds each non-NaN value to its (bin + 1, context) cell of `counts`, and to `atEdge` when it equals the bin's lower edge. */
function countBins(
  values: Float32Array,
  count: number,
  spec: BinSpec,
  edges: Float64Array,
  context: Uint16Array,
  contexts: number,
  counts: Int32Array,
  atEdge: Int32Array,
): void {
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const b = binOfSpec(spec, edges, v);
    const cell = (b + 1) * contexts + context[i]!;
    counts[cell]! += 1;
    if (b >= 0 && edges[b] === v) atEdge[cell]! += 1;
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
    countBins(values, count, spec, binEdges(spec), context, contexts, counts, atEdge);
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
