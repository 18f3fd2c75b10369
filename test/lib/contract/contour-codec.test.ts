import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contourAnchor, decodeContour, encodeContour } from '../../../lib/contract/contour-codec';

const vertex = fc.tuple(
  fc.integer({ min: -2_000_000, max: 2_000_000 }),
  fc.integer({ min: -2_000_000, max: 2_000_000 }),
);

describe('contour codec', () => {
  it('round-trips any integer ring exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(vertex, { minLength: 3, maxLength: 80 }),
        fc.double({ min: 0, max: 200_000, noNaN: true }),
        fc.double({ min: 0, max: 200_000, noNaN: true }),
        fc.constantFrom(0.25, 0.5, 1, 0.2527),
        (ring, x, y, unit) => {
          const coords = Int32Array.from(ring.flat());
          const anchor = contourAnchor(x, y, unit);
          expect(Array.from(decodeContour(encodeContour(coords, 0, ring.length, anchor), anchor))).toEqual(
            Array.from(coords),
          );
        },
      ),
    );
  });

  it('encodes a typical nucleus ring in about one byte per coordinate', () => {
    const ring = [100, 200, 103, 200, 105, 202, 105, 206, 103, 208, 100, 208, 98, 206, 98, 202];
    const anchor = contourAnchor(101.75 * 0.5, 204.1 * 0.5, 0.5);
    const blob = encodeContour(ring, 0, 8, anchor);
    expect(blob.length).toBe(16);
    expect(Array.from(decodeContour(blob, anchor))).toEqual(ring);
  });

  it('encodes a vertex range of a larger array', () => {
    const coords = [1, 1, 5, 5, 6, 5, 6, 6, 9, 9];
    expect(Array.from(decodeContour(encodeContour(coords, 1, 4, [0, 0]), [0, 0]))).toEqual([5, 5, 6, 5, 6, 6]);
  });

  it('rejects truncated blobs', () => {
    const blob = encodeContour([1000, 1000, 2000, 2000, 3000, 1000], 0, 3, [0, 0]);
    expect(() => decodeContour(blob.subarray(0, blob.length - 1), [0, 0])).toThrow(/truncated/);
    expect(() => decodeContour(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), [0, 0])).toThrow(/malformed/);
  });

  it('matches the Python decoder documented in docs/data-model.md', () => {
    // Blob for anchor (0,0): vertices (1,-1), (300,-1), (300, 5): zig-zag 2,1 then 598,0 then 0,12.
    expect(Array.from(encodeContour([1, -1, 300, -1, 300, 5], 0, 3, [0, 0]))).toEqual([2, 1, 0xd6, 0x04, 0, 0, 12]);
  });
});
