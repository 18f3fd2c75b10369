/**
 * Flat polygon buffers for deck.gl's binary polygon and path attributes: closes open rings and
 * expands per-object colours to per-vertex colours. Coordinates are µm, slide frame. Pure.
 */

/** Closed rings: x,y Float32 positions (first vertex repeated last) and each ring's first vertex index. */
export interface ClosedRings {
  readonly length: number;
  readonly startIndices: Uint32Array;
  readonly positions: Float32Array;
}

/** Closes each open ring of a list column (offsets index `values`, which holds x,y pairs). */
export function toClosedRings(offsets: Int32Array, values: Float32Array): ClosedRings {
  const length = offsets.length - 1;
  const vertices = (values.length >> 1) + length;
  const positions = new Float32Array(2 * vertices);
  const startIndices = new Uint32Array(length + 1);
  let out = 0;
  for (let i = 0; i < length; i++) {
    startIndices[i] = out;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    positions.set(values.subarray(start, end), 2 * out);
    out += (end - start) >> 1;
    if (end > start) {
      positions[2 * out] = values[start]!;
      positions[2 * out + 1] = values[start + 1]!;
      out += 1;
    }
  }
  startIndices[length] = out;
  return { length, startIndices, positions: positions.subarray(0, 2 * out) };
}

/** Repeats each ring's RGBA colour (4 bytes per ring) for every vertex of that ring. */
export function perVertexColors(rings: ClosedRings, colors: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 * rings.startIndices[rings.length]!);
  for (let i = 0; i < rings.length; i++) {
    const color = colors.subarray(4 * i, 4 * i + 4);
    for (let v = rings.startIndices[i]!; v < rings.startIndices[i + 1]!; v++) out.set(color, 4 * v);
  }
  return out;
}
