import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantizeMantissa } from '../../../pipelines/ingest/quantize';

describe('quantizeMantissa', () => {
  // Subnormal floats carry fewer significant bits, so the relative bound applies to normal floats only.
  it('keeps the relative error within 2^-(bits+1) for normal floats and is idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) }),
        fc.integer({ min: 4, max: 20 }),
        (value, bits) => {
          const values = Float32Array.of(value);
          quantizeMantissa(values, bits);
          const once = values[0]!;
          if (Math.abs(value) >= 2 ** -126)
            expect(Math.abs(once - value) / Math.abs(value)).toBeLessThanOrEqual(2 ** -(bits + 1) * 1.0001);
          quantizeMantissa(values, bits);
          expect(values[0]).toBe(once);
        },
      ),
    );
  });

  it('keeps NaN, infinities, zero and exactly representable values', () => {
    const values = Float32Array.of(NaN, Infinity, -Infinity, 0, 0.5, 1.75, 1024);
    quantizeMantissa(values, 12);
    expect(Array.from(values)).toEqual([NaN, Infinity, -Infinity, 0, 0.5, 1.75, 1024]);
  });

  it('rounds to nearest, carrying into the exponent', () => {
    const values = Float32Array.of(1 + 2 ** -13, 2 - 2 ** -20);
    quantizeMantissa(values, 12);
    expect(Array.from(values)).toEqual([1 + 2 ** -12, 2]);
  });
});
