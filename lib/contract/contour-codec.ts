/**
 * The compact contour encoding of the data contract (docs/data-model.md, "Contours"):
 * an open ring of integer vertices in contour units u (µm per unit), stored as zig-zag LEB128
 * varints — first vertex relative to the anchor (floor(x_um/u), floor(y_um/u)) of the stored
 * float32 centroid, then each vertex relative to the previous one, x before y.
 */

/** The anchor of a contour: the stored (float32) centroid in µm floored to contour units. */
export function contourAnchor(xUm: number, yUm: number, unitUm: number): [number, number] {
  return [Math.floor(Math.fround(xUm) / unitUm), Math.floor(Math.fround(yUm) / unitUm)];
}

/** Bytes needed to encode one signed integer as a zig-zag LEB128 varint. */
function varintLength(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let length = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    length += 1;
  }
  return length;
}

/** Writes the integer `value` as a zig-zag LEB128 varint at `offset`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let position = offset;
  while (zigzag >= 128) {
    out[position++] = (zigzag % 128) | 128;
    zigzag = Math.floor(zigzag / 128);
  }
  out[position++] = zigzag;
  return position;
}

/**
 * Encodes vertices `start..end-1` of an interleaved integer ring (x,y pairs, contour units)
 * relative to `anchor`. Returns a new byte array.
 */
export function encodeContour(
  coords: ArrayLike<number>,
  start: number,
  end: number,
  anchor: readonly [number, number],
): Uint8Array {
  let length = 0;
  let previousX = anchor[0];
  let previousY = anchor[1];
  for (let v = start; v < end; v++) {
    const x = coords[2 * v] as number;
    const y = coords[2 * v + 1] as number;
    length += varintLength(x - previousX) + varintLength(y - previousY);
    previousX = x;
    previousY = y;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  previousX = anchor[0];
  previousY = anchor[1];
  for (let v = start; v < end; v++) {
    const x = coords[2 * v] as number;
    const y = coords[2 * v + 1] as number;
    offset = writeVarint(out, offset, x - previousX);
    offset = writeVarint(out, offset, y - previousY);
    previousX = x;
    previousY = y;
  }
  return out;
}

/** Decodes a contour blob back to interleaved integer vertices in contour units. Throws on a malformed blob. */
export function decodeContour(bytes: Uint8Array, anchor: readonly [number, number]): Int32Array {
  const values: number[] = [];
  let value = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    value += (byte & 127) * scale;
    if (byte < 128) {
      values.push(value % 2 === 0 ? value / 2 : -(value + 1) / 2);
      value = 0;
      scale = 1;
    } else {
      scale *= 128;
      if (scale > 2 ** 35) throw new Error('malformed contour: varint longer than 5 bytes');
    }
  }
  if (scale !== 1 || values.length % 2 !== 0) throw new Error('malformed contour: truncated vertex');
  const out = new Int32Array(values.length);
  let x = anchor[0];
  let y = anchor[1];
  for (let i = 0; i < values.length; i += 2) {
    x += values[i] as number;
    y += values[i + 1] as number;
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}
