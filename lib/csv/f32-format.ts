/**
 * Float32 → ASCII exactly as DuckDB 1.x spells FLOAT::VARCHAR (and its CSV writer writes FLOAT),
 * written straight into a byte buffer. DuckDB prints `duckdb_fmt::format("{}", float)` (fmt 6.x):
 * - digits: Grisu's shortest decimal that round-trips as a float32, closest to the value; when Grisu
 *   cannot decide (an exact tie between two shortest candidates, or the candidate exactly on a
 *   rounding bound) fmt prints the value's shortest digits *as a DOUBLE*: `5449.53125`, not the
 *   shortest `5449.5312` (≈ 2 % of real coordinates and distances; a plain Ryu would differ);
 * - fixed notation for decimal exponents -4 … 15 with ".0" on whole numbers (`28.0`, `0.0001`,
 *   `123456790.0`), otherwise `d[.ddd]e±XX` (`1e+16`, `1.5e-05`, `1e-45`);
 * - specials: `nan`, `-nan`, `inf`, `-inf`, `0.0`, `-0.0`.
 * Fast path (normal floats, 1e-14 ≤ |x| < ≈1e31): scale x and its rounding interval to 9 significant
 * digits (x9 ∈ [1e8, 1e9)) in double arithmetic, then Ryu-style digit removal on int32s. For
 * 1e-3 ≤ |x| < 1e9 all three scaled values are exact, so ties and bound hits are detected exactly
 * and reproduce fmt's fallback (the exact decimal) without BigInt; outside that zone any decision
 * within DELTA of a bound or tie, subnormals and extreme exponents go to f32-exact.ts.
 * Checked against DuckDB over every float32 in [7.1e-15, 1.07e9) (bench/results/work/csv-proto).
 */
import { digitCount, writeDigits } from './digits';
import { exactFloatDigits } from './f32-exact';

/**
 * Most bytes one float32 takes: a sign and 17 digits (the double fallback) in `0.000ddd…` or
 * `d.ddd…e-XX` form (the fast path writes at most 15: `-1.17549435e-38`).
 */
export const F32_MAX_BYTES = 24;

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];
const INV10 = Float64Array.from(POW10, (p) => 1 / p);
/** Half-width of the zone around a bound or tie the approximate path leaves to the exact one. */
const DELTA = 1e-6;
// Per biased exponent E and adj (1 when x ≥ the power of ten inside E's binade, THRESHOLD[E]):
// index = 2E + adj; s = 8 - floor(log10 x) so that x9 = x·10^s ∈ [1e8, 1e9).
// SCALE[4·index …]: 10^s, half-ulp·10^s above, half-ulp·10^s below (closer at a power of two), s.
// MODE: 1 = exact zone (0 ≤ s ≤ 11), 2 = approximate (|s| ≤ 22), 0 = exact path only.
const THRESHOLD = new Float64Array(256).fill(Infinity);
const SCALE = new Float64Array(512 * 4);
const MODE = new Int8Array(512);
for (let E = 1; E < 255; E += 1) {
  const low = 2 ** (E - 127);
  const k0 = Math.floor(Math.log10(low));
  const next = Number(`1e${k0 + 1}`);
  if (next < 2 * low) THRESHOLD[E] = next;
  for (let adj = 0; adj < 2; adj += 1) {
    const s = 8 - k0 - adj;
    const index = 2 * E + adj;
    const multiplier = Number(`1e${s}`);
    SCALE[4 * index] = multiplier;
    SCALE[4 * index + 1] = 2 ** (E - 151) * multiplier;
    SCALE[4 * index + 2] = (E > 1 ? 2 ** (E - 152) : 2 ** (E - 151)) * multiplier;
    SCALE[4 * index + 3] = s;
    MODE[index] = s >= 0 && s <= 11 ? 1 : s >= -22 && s <= 22 ? 2 : 0;
  }
}

/** Writes the exponent part `e±XX` (at least two digits, as printf). */
function writeExponent(buffer: Uint8Array, position: number, exponent: number): number {
  let pos = position;
  let e = exponent;
  buffer[pos++] = 101;
  if (e < 0) {
    buffer[pos++] = 45;
    e = -e;
  } else buffer[pos++] = 43;
  if (e >= 100) {
    buffer[pos++] = 48 + Math.floor(e / 100);
    e %= 100;
  }
  buffer[pos++] = 48 + Math.floor(e / 10);
  buffer[pos++] = 48 + (e % 10);
  return pos;
}

/** Writes c·10^j (1 ≤ c < 2^31, no trailing zeros) in DuckDB's spelling; returns the end. */
function writeDecimal(buffer: Uint8Array, position: number, c: number, j: number): number {
  let pos = position;
  const n = digitCount(c);
  const e10 = n - 1 + j;
  if (e10 < -4 || e10 >= 16) {
    if (n === 1) buffer[pos++] = 48 + c;
    else {
      writeDigits(buffer, pos + n + 1, c, n);
      buffer[pos] = buffer[pos + 1]!;
      buffer[pos + 1] = 46;
      pos += n + 1;
    }
    return writeExponent(buffer, pos, e10);
  }
  if (j >= 0) {
    writeDigits(buffer, pos + n, c, n);
    pos += n;
    for (let z = 0; z < j; z += 1) buffer[pos++] = 48;
    buffer[pos++] = 46;
    buffer[pos++] = 48;
    return pos;
  }
  const fractionDigits = -j;
  if (fractionDigits >= n) {
    buffer[pos++] = 48;
    buffer[pos++] = 46;
    for (let z = n; z < fractionDigits; z += 1) buffer[pos++] = 48;
    writeDigits(buffer, pos + n, c, n);
    return pos + n;
  }
  // All n digits one byte to the right, then the integer digits back left and the point after them.
  writeDigits(buffer, pos + n + 1, c, n);
  const integerDigits = n - fractionDigits;
  for (let i = 0; i < integerDigits; i += 1) buffer[pos + i] = buffer[pos + i + 1]!;
  buffer[pos + integerDigits] = 46;
  return pos + n + 1;
}

/** Writes digits·10^exponent (digits from f32-exact.ts) in the same spelling as writeDecimal. */
function writeDigitString(buffer: Uint8Array, position: number, digits: string, exponent: number): number {
  let pos = position;
  const n = digits.length;
  const e10 = n - 1 + exponent;
  if (e10 < -4 || e10 >= 16) {
    buffer[pos++] = digits.charCodeAt(0);
    if (n > 1) {
      buffer[pos++] = 46;
      for (let i = 1; i < n; i += 1) buffer[pos++] = digits.charCodeAt(i);
    }
    return writeExponent(buffer, pos, e10);
  }
  if (exponent >= 0) {
    for (let i = 0; i < n; i += 1) buffer[pos++] = digits.charCodeAt(i);
    for (let z = 0; z < exponent; z += 1) buffer[pos++] = 48;
    buffer[pos++] = 46;
    buffer[pos++] = 48;
    return pos;
  }
  const fractionDigits = -exponent;
  if (fractionDigits >= n) {
    buffer[pos++] = 48;
    buffer[pos++] = 46;
    for (let z = n; z < fractionDigits; z += 1) buffer[pos++] = 48;
    for (let i = 0; i < n; i += 1) buffer[pos++] = digits.charCodeAt(i);
    return pos;
  }
  for (let i = 0; i < n - fractionDigits; i += 1) buffer[pos++] = digits.charCodeAt(i);
  buffer[pos++] = 46;
  for (let i = n - fractionDigits; i < n; i += 1) buffer[pos++] = digits.charCodeAt(i);
  return pos;
}

/** The exact path: |value| of bit pattern `bits` through the fmt emulation. */
function writeExact(buffer: Uint8Array, position: number, bits: number): number {
  const { digits, exponent } = exactFloatDigits((bits & 0x7fffffff) >>> 0);
  return writeDigitString(buffer, position, digits, exponent);
}

/**
 * Grisu gave up (exact tie, or the closest shortest candidate exactly on a bound): fmt prints the
 * double's shortest digits, which are x's exact decimal digits when x9 is an integer (≤ 9 digits).
 */
function writeExactFallback(buffer: Uint8Array, position: number, bits: number, x9: number, s: number): number {
  if (!Number.isInteger(x9)) return writeExact(buffer, position, bits);
  let c = x9 | 0;
  let j = -s;
  for (;;) {
    const q = (c / 10) | 0;
    if (q * 10 !== c) break;
    c = q;
    j += 1;
  }
  return writeDecimal(buffer, position, c, j);
}

/**
 * Writes float32 `values[i]` (`bits`: an Int32Array view of the same memory) at `position` in
 * DuckDB's FLOAT::VARCHAR spelling; returns the position after it (at most F32_MAX_BYTES later). Takes
 * the arrays and index, not the number, so that no double is boxed across the call.
 */
export function writeF32(
  buffer: Uint8Array,
  position: number,
  values: Float32Array,
  bits: Int32Array,
  i: number,
): number {
  let pos = position;
  const w = bits[i]!;
  const E = (w >>> 23) & 255;
  let x = values[i]!;
  if (w < 0) {
    buffer[pos++] = 45;
    x = -x;
  }
  const index = 2 * E + (x >= THRESHOLD[E]! ? 1 : 0);
  const mode = MODE[index]!;
  if (mode === 0) {
    if (E === 255) {
      const nan = (w & 0x7fffff) !== 0;
      buffer[pos] = nan ? 110 : 105;
      buffer[pos + 1] = nan ? 97 : 110;
      buffer[pos + 2] = nan ? 110 : 102;
      return pos + 3;
    }
    if ((w & 0x7fffffff) === 0) {
      buffer[pos] = 48;
      buffer[pos + 1] = 46;
      buffer[pos + 2] = 48;
      return pos + 3;
    }
    return writeExact(buffer, pos, w);
  }
  const o = 4 * index;
  const x9 = x * SCALE[o]!;
  const hi9 = x9 + SCALE[o + 1]!;
  const lo9 = x9 - ((w & 0x7fffff) === 0 ? SCALE[o + 2]! : SCALE[o + 1]!);
  const s = SCALE[o + 3]! | 0;
  // In the exact zone x9, hi9 and lo9 are exact (≤ 26 bits × 5^s < 2^53).
  const exact = mode === 1;
  let a: number;
  let b: number;
  if (exact) {
    // Candidates include exact bounds (Grisu's unsafe interval does).
    a = Math.floor(hi9) | 0;
    b = Math.ceil(lo9) | 0;
  } else {
    const fh = Math.floor(hi9);
    const fl = Math.floor(lo9);
    const rh = hi9 - fh;
    const rl = lo9 - fl;
    if (rh < DELTA || rh > 1 - DELTA || rl < DELTA || rl > 1 - DELTA) return writeExact(buffer, pos, w);
    a = fh | 0;
    b = (fl + 1) | 0;
  }
  let t = 0;
  for (;;) {
    const na = (a / 10) | 0;
    const nb = ((b + 9) / 10) | 0;
    if (na < nb) break;
    a = na;
    b = nb;
    t += 1;
  }
  let c = a;
  if (a !== b) {
    const p = POW10[t]!;
    let k = Math.floor(x9 * INV10[t]!);
    let remainder = x9 - k * p;
    if (remainder < 0) {
      k -= 1;
      remainder += p;
    } else if (remainder >= p) {
      k += 1;
      remainder -= p;
    }
    const twice = 2 * remainder;
    if (exact) {
      if (twice === p && k >= b && k < a) return writeExactFallback(buffer, pos, w, x9, s);
    } else if (twice > p - DELTA * 4 && twice < p + DELTA * 4) return writeExact(buffer, pos, w);
    c = (twice < p ? k : k + 1) | 0;
    if (c < b) c = b;
    else if (c > a) c = a;
  }
  if (exact && ((c === a && a * POW10[t]! === hi9) || (c === b && b * POW10[t]! === lo9)))
    return writeExactFallback(buffer, pos, w, x9, s);
  return writeDecimal(buffer, pos, c, t - s);
}

const SCRATCH = new Uint8Array(32);
const ONE = new Float32Array(1);
const ONE_BITS = new Int32Array(ONE.buffer);
const DECODER = new TextDecoder();

/** DuckDB's spelling of one float32 given by its bit pattern (for tests and small jobs). */
export function f32ToString(bits: number): string {
  ONE_BITS[0] = bits;
  return DECODER.decode(SCRATCH.subarray(0, writeF32(SCRATCH, 0, ONE, ONE_BITS, 0)));
}
