import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contourAnchor, encodeContour } from '@/lib/contract/contour-codec';
import { encodeContourBlobs } from '@/pipelines/ingest/contour-blobs';
import { plainBlobRange } from '@/pipelines/ingest/packed-blobs';

describe('encodeContourBlobs', () => {
  it('gives the bytes of encodeContour for each ring, in any storage order, in the PLAIN layout (property)', () => {
    const ringArbitrary = fc.array(
      fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3000 })),
      { minLength: 3, maxLength: 12 },
    );
    fc.assert(
      fc.property(fc.array(ringArbitrary, { minLength: 1, maxLength: 20 }), fc.integer(), (rings, seed) => {
        const coords = Int32Array.from(rings.flat(2));
        const offsets = [0];
        for (const ring of rings) offsets.push(offsets.at(-1)! + ring.length);
        // A seeded permutation stands in for the Morton storage order.
        const order = rings
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
        const start = Uint32Array.from(order, (i) => offsets[i]!);
        const end = Uint32Array.from(order, (i) => offsets[i + 1]!);
        const x = Float32Array.from(order, (i) => rings[i]![0]![0] * 0.5 + 0.3);
        const y = Float32Array.from(order, (i) => rings[i]![0]![1] * 0.5 - 7.9);
        const packed = encodeContourBlobs(coords, start, end, x, y, 0.5, order.length);
        order.forEach((_, k) => {
          const expected = encodeContour(coords, start[k]!, end[k]!, contourAnchor(x[k]!, y[k]!, 0.5));
          expect(Array.from(packed.bytes.subarray(packed.start[k]!, packed.end[k]!))).toEqual(Array.from(expected));
        });
        // Parquet's PLAIN BYTE_ARRAY values: each blob after its 4-byte little-endian length, back to back.
        const plain = plainBlobRange(packed, 0, order.length, 'contour');
        expect(plain.byteLength).toBe(packed.bytes.byteLength);
        const view = new DataView(plain.buffer, plain.byteOffset);
        let at = 0;
        order.forEach((_, k) => {
          expect(view.getUint32(at, true)).toBe(packed.end[k]! - packed.start[k]!);
          at += 4 + packed.end[k]! - packed.start[k]!;
        });
      }),
    );
  });
});
