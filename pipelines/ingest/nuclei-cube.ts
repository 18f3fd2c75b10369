/**
 * Builds one slide's `nuclei_cube` rows: exact counts per feature bin × nucleus class × tissue
 * class × in-gland, from the stored (already quantised) column values, in a deterministic order.
 */
import { binEdges, binIndex, CLASS_DICTIONARIES, NUCLEUS_FEATURE_BINS } from '../../lib/registry';
import { INT32_NULL, type ColumnValues } from './parquet-writer';

const CLASSES = CLASS_DICTIONARIES.nucleus.length;
const TISSUES = CLASS_DICTIONARIES.tissue.length;
/** Marks the base slice (every nucleus, one bin). */
export const BASE_SLICE = '*';

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
    const values = nuclei[feature] as Float32Array | Int16Array | undefined;
    if (!values) throw new Error(`nuclei_cube: no column ${feature}`);
    const edges = binEdges(spec);
    // Bins -1 … count, stored at offset +1.
    const bins = spec.count + 2;
    const counts = new Int32Array(bins * contexts);
    const atEdge = new Int32Array(bins * contexts);
    for (let i = 0; i < count; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const b = binIndex(edges, v);
      const cell = (b + 1) * contexts + context[i]!;
      counts[cell]! += 1;
      if (b >= 0 && edges[b] === v) atEdge[cell]! += 1;
    }
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
