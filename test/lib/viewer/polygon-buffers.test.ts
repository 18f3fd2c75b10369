import { describe, expect, it } from 'vitest';
import { perVertexColors, toClosedRings } from '../../../lib/viewer/polygon-buffers';

describe('polygon buffers', () => {
  it('closes open rings and repeats per-ring colours per vertex', () => {
    const rings = toClosedRings(Int32Array.from([0, 6, 12]), Float32Array.from([0, 0, 1, 0, 1, 1, 5, 5, 6, 5, 6, 6]));
    expect(Array.from(rings.startIndices)).toEqual([0, 4, 8]);
    expect(Array.from(rings.positions.subarray(0, 8))).toEqual([0, 0, 1, 0, 1, 1, 0, 0]);
    const colors = perVertexColors(rings, Uint8Array.from([1, 2, 3, 4, 9, 9, 9, 9]));
    expect(Array.from(colors.subarray(12, 20))).toEqual([1, 2, 3, 4, 9, 9, 9, 9]);
  });
});
