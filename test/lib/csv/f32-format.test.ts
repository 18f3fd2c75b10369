import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { f32ToString } from '../../../lib/csv/f32-format';

/** A FLOAT built in SQL from its bit pattern `b` (a BIGINT expression): no text parsing involved. */
const fromBits = (b: string): string => `CASE
  WHEN (${b} >> 23) & 255 = 255 THEN (CASE WHEN ${b} & 8388607 = 0 THEN 'inf' ELSE 'nan' END)::FLOAT * (CASE WHEN ${b} >> 31 = 1 THEN -1 ELSE 1 END)
  ELSE ((CASE WHEN ${b} >> 31 = 1 THEN -1.0 ELSE 1.0 END)
    * (CASE WHEN (${b} >> 23) & 255 = 0 THEN ${b} & 8388607 ELSE (${b} & 8388607) + 8388608 END)::DOUBLE
    * pow(2.0, CASE WHEN (${b} >> 23) & 255 = 0 THEN -149 ELSE ((${b} >> 23) & 255) - 150 END))::FLOAT END`;

const bitsOf = (value: number): number => new Uint32Array(Float32Array.of(value).buffer)[0]!;

/** Seeded xorshift32 (tests are reproducible). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** Bit patterns where float printing goes wrong: bounds, ties, notation switches, specials, subnormals. */
function trickyBits(): number[] {
  const bits: number[] = [];
  const next = random(0x5eed);
  for (let e = 0; e < 255; e += 1)
    for (const m of [0, 1, 2, 3, 0x400000, 0x7ffffe, 0x7fffff, next() & 0x7fffff, next() & 0x7ff000, next() & 0x7fff00])
      bits.push((e << 23) | m, ((1 << 31) | (e << 23) | m) >>> 0);
  // Powers of ten and their neighbours (±3 ulps): notation switches at 1e-4 and 1e16, digit-count changes.
  for (let k = -45; k <= 38; k += 1) {
    const b = bitsOf(Number(`1e${k}`));
    for (let d = -3; d <= 3; d += 1) if (b + d > 0 && b + d < 0x7f800000) bits.push(b + d);
  }
  // Exact ties and bound hits: short binary fractions (x = m·2^-k), e.g. 5449.53125, coordinates in µm.
  for (let m = 1; m < 4000; m += 7) for (const k of [0, 3, 5, 8, 10, 13, 17]) bits.push(bitsOf(m * 2 ** -k + 5000));
  for (let m = 1; m < 20000; m += 1) bits.push(bitsOf(m / 32));
  // Mantissas with ≤ 8 significant bits (structured ties) at every exponent.
  for (let e = 1; e < 255; e += 1) for (let m = 0; m < 256; m += 17) bits.push((e << 23) | (m << 15));
  // Subnormals, and the largest finite floats.
  for (let i = 0; i < 2000; i += 1) bits.push(next() & 0x7fffff);
  bits.push(0x7f7fffff, 0x7f7ffffe, 0x00800000, 0x007fffff);
  // Specials: ±0, ±inf, the canonical NaN.
  bits.push(0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000);
  for (const v of [5449.53125, 0.1, 1 / 3, 28, 123456789, 1e-5, 9.999999e15, 1e16, 0.0001, 0.00009999999]) bits.push(bitsOf(v)); // prettier-ignore
  return bits;
}

describe("float32 spelling: exactly DuckDB's FLOAT::VARCHAR", () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  /** DuckDB's spelling of each bit pattern, in order. */
  async function duckdbSpelling(bits: readonly number[]): Promise<string[]> {
    await connection.run('CREATE OR REPLACE TABLE b (i INTEGER, bits UINTEGER)');
    const appender = await connection.createAppender('b');
    bits.forEach((b, i) => {
      appender.appendInteger(i);
      appender.appendUInteger(b >>> 0);
      appender.endRow();
    });
    appender.closeSync();
    const rows = await connection.runAndReadAll(`SELECT (${fromBits('bits::BIGINT')})::VARCHAR FROM b ORDER BY i`);
    return rows.getRows().map((r) => String(r[0]));
  }

  /** The patterns whose spelling differs, with both spellings (empty when all agree). */
  async function mismatches(bits: readonly number[]): Promise<string[]> {
    const want = await duckdbSpelling(bits);
    return bits.flatMap((b, i) => {
      const got = f32ToString(b | 0);
      return got === want[i] ? [] : [`0x${(b >>> 0).toString(16)}: duckdb ${want[i]} js ${got}`];
    });
  }

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    connection = await instance.connect();
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('examples of each rule', () => {
    const spell = (v: number) => f32ToString(bitsOf(v) | 0);
    expect(spell(5449.53125)).toBe('5449.53125'); // Grisu gives up: the double's digits
    expect(spell(28)).toBe('28.0');
    expect(spell(123456789)).toBe('123456790.0');
    expect(spell(0.0001)).toBe('0.0001');
    expect(spell(1e16)).toBe('1e+16');
    expect(spell(1.5e-5)).toBe('1.5e-05');
    expect(spell(1e-45)).toBe('1e-45');
    expect(spell(-0)).toBe('-0.0');
    expect(spell(-Infinity)).toBe('-inf');
    expect(spell(NaN)).toBe('nan');
  });

  it('tricky values: bounds, ties, powers of ten, every exponent, subnormals, specials', async () => {
    const bits = trickyBits();
    expect(bits.length).toBeGreaterThan(30000);
    expect(await mismatches(bits)).toEqual([]);
  });

  it('random bit patterns (fast-check, seeded): every exponent, and the stored features’ 12-bit mantissas', async () => {
    const finite = fc
      .integer({ min: 0, max: 0xffffffff })
      .filter((b) => ((b >>> 23) & 255) !== 255 || (b & 0x7fffff) === 0);
    const features = fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 80, max: 224 }), fc.integer({ min: 0, max: 0xfff }))
      .map(([sign, e, m]) => ((sign << 31) | (e << 23) | (m << 11)) >>> 0);
    const bits = [
      ...fc.sample(finite, { seed: 7, numRuns: 60000 }),
      ...fc.sample(features, { seed: 11, numRuns: 40000 }),
    ];
    expect(await mismatches(bits)).toEqual([]);
  });

  it('the comparison can fail: a wrong spelling is reported', async () => {
    const want = await duckdbSpelling([bitsOf(5449.53125)]);
    expect(want).toEqual(['5449.53125']);
    expect(want[0]).not.toBe('5449.5312');
  });
});
