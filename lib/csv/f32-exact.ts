/**
 * The exact (slow, BigInt) spelling of a float32 as DuckDB's FLOAT::VARCHAR: an emulation of
 * duckdb_fmt (fmt 6.x) `format_float` for binary32. fmt runs Grisu with the float's own rounding
 * interval (→ the shortest decimal that round-trips as a float32, closest to the value); when Grisu
 * reports an error (an exact tie between two shortest candidates, or the candidate exactly on a
 * rounding bound) fmt falls back to Steele & White on the value *as a DOUBLE* (fmt's "TODO: handle
 * float"), i.e. the double's shortest digits: 5449.53125, not 5449.5312. Used by f32-format.ts only
 * for the rare values its double-arithmetic fast path cannot decide (≈ 0.01 % of real data),
 * subnormals and extreme exponents. Pure.
 */

/** Significands of fmt's cached powers of ten (basic_data::pow10_significands). */
const SIG: readonly bigint[] = [
  0xfa8fd5a0081c0288n,
  0xbaaee17fa23ebf76n,
  0x8b16fb203055ac76n,
  0xcf42894a5dce35ean,
  0x9a6bb0aa55653b2dn,
  0xe61acf033d1a45dfn,
  0xab70fe17c79ac6can,
  0xff77b1fcbebcdc4fn,
  0xbe5691ef416bd60cn,
  0x8dd01fad907ffc3cn,
  0xd3515c2831559a83n,
  0x9d71ac8fada6c9b5n,
  0xea9c227723ee8bcbn,
  0xaecc49914078536dn,
  0x823c12795db6ce57n,
  0xc21094364dfb5637n,
  0x9096ea6f3848984fn,
  0xd77485cb25823ac7n,
  0xa086cfcd97bf97f4n,
  0xef340a98172aace5n,
  0xb23867fb2a35b28en,
  0x84c8d4dfd2c63f3bn,
  0xc5dd44271ad3cdban,
  0x936b9fcebb25c996n,
  0xdbac6c247d62a584n,
  0xa3ab66580d5fdaf6n,
  0xf3e2f893dec3f126n,
  0xb5b5ada8aaff80b8n,
  0x87625f056c7c4a8bn,
  0xc9bcff6034c13053n,
  0x964e858c91ba2655n,
  0xdff9772470297ebdn,
  0xa6dfbd9fb8e5b88fn,
  0xf8a95fcf88747d94n,
  0xb94470938fa89bcfn,
  0x8a08f0f8bf0f156bn,
  0xcdb02555653131b6n,
  0x993fe2c6d07b7facn,
  0xe45c10c42a2b3b06n,
  0xaa242499697392d3n,
  0xfd87b5f28300ca0en,
  0xbce5086492111aebn,
  0x8cbccc096f5088ccn,
  0xd1b71758e219652cn,
  0x9c40000000000000n,
  0xe8d4a51000000000n,
  0xad78ebc5ac620000n,
  0x813f3978f8940984n,
  0xc097ce7bc90715b3n,
  0x8f7e32ce7bea5c70n,
  0xd5d238a4abe98068n,
  0x9f4f2726179a2245n,
  0xed63a231d4c4fb27n,
  0xb0de65388cc8ada8n,
  0x83c7088e1aab65dbn,
  0xc45d1df942711d9an,
  0x924d692ca61be758n,
  0xda01ee641a708dean,
  0xa26da3999aef774an,
  0xf209787bb47d6b85n,
  0xb454e4a179dd1877n,
  0x865b86925b9bc5c2n,
  0xc83553c5c8965d3dn,
  0x952ab45cfa97a0b3n,
  0xde469fbd99a05fe3n,
  0xa59bc234db398c25n,
  0xf6c69a72a3989f5cn,
  0xb7dcbf5354e9becen,
  0x88fcf317f22241e2n,
  0xcc20ce9bd35c78a5n,
  0x98165af37b2153dfn,
  0xe2a0b5dc971f303an,
  0xa8d9d1535ce3b396n,
  0xfb9b7cd9a4a7443cn,
  0xbb764c4ca7a44410n,
  0x8bab8eefb6409c1an,
  0xd01fef10a657842cn,
  0x9b10a4e5e9913129n,
  0xe7109bfba19c0c9dn,
  0xac2820d9623bf429n,
  0x80444b5e7aa7cf85n,
  0xbf21e44003acdd2dn,
  0x8e679c2f5e44ff8fn,
  0xd433179d9c8cb841n,
  0x9e19db92b4e31ba9n,
  0xeb96bf6ebadf77d9n,
  0xaf87023b9bf0ee6bn,
];
const EXPS: readonly number[] = [
  -1220, -1193, -1166, -1140, -1113, -1087, -1060, -1034, -1007, -980, -954, -927, -901, -874, -847, -821, -794, -768,
  -741, -715, -688, -661, -635, -608, -582, -555, -529, -502, -475, -449, -422, -396, -369, -343, -316, -289, -263,
  -236, -210, -183, -157, -130, -103, -77, -50, -24, 3, 30, 56, 83, 109, 136, 162, 189, 216, 242, 269, 295, 322, 348,
  375, 402, 428, 455, 481, 508, 534, 561, 588, 614, 641, 667, 694, 720, 747, 774, 800, 827, 853, 880, 907, 933, 960,
  986, 1013, 1039, 1066,
];
const M64 = (1n << 64n) - 1n;
const u64 = (value: bigint): bigint => value & M64;
const P10 = Array.from({ length: 20 }, (_, i) => 10n ** BigInt(i));

/** Decimal digits and the decimal exponent of the last digit: value = digits × 10^exponent. */
export interface DecimalDigits {
  readonly digits: string;
  readonly exponent: number;
}

function multiply(a: bigint, b: bigint): bigint {
  return u64((a * b + (1n << 63n)) >> 64n);
}

function normalize(significand: bigint, exponent: number): [bigint, number] {
  let f = significand;
  let e = exponent;
  while ((f & (1n << 52n)) === 0n) {
    f <<= 1n;
    e -= 1;
  }
  const offset = 64 - 52 - 1;
  return [u64(f << BigInt(offset)), e - offset];
}

function cachedPower(minExponent: number): [bigint, number, number] {
  let index = Number((BigInt(minExponent + 63) * 0x4d104d42n + 0xffffffffn) >> 32n);
  index = Math.trunc((index + 348 - 1) / 8) + 1;
  return [SIG[index]!, EXPS[index]!, -348 + index * 8];
}

/** fmt's spelling of the positive finite non-zero float32 with bit pattern `bits`. */
export function exactFloatDigits(bits: number): DecimalDigits {
  const f32 = new Float32Array(1);
  new Uint32Array(f32.buffer)[0] = bits;
  const data = new DataView(new ArrayBuffer(8));
  data.setFloat64(0, f32[0]!);
  const raw = data.getBigUint64(0);
  // Every float32 is a normal double: implicit bit set.
  const f = (raw & ((1n << 52n) - 1n)) + (1n << 52n);
  const e = (Number(raw >> 52n) & 0x7ff) - 1075;
  // assign_float_with_boundaries: the float32's rounding interval.
  const minNormalE = -125 - 53;
  let halfUlp = 1n << 28n;
  if (minNormalE > e) halfUlp <<= BigInt(minNormalE - e);
  const [uf, ue] = normalize(f + halfUlp, e);
  let lf = f - (halfUlp >> (f === 1n << 52n && e > minNormalE ? 1n : 0n));
  lf = u64(lf << BigInt(e - ue));
  const [vf0, ve0] = normalize(f, e);
  const [cf, ce, cachedExp10] = cachedPower(-60 - (ve0 + 64));
  const vf = multiply(vf0, cf);
  const ve = ve0 + ce + 64;
  const lower = u64(multiply(lf, cf) - 1n);
  const upper = u64(multiply(uf, cf) + 1n);
  const diff = u64(upper - vf);
  // grisu_gen_digits(upper, error = upper - lower)
  let error = u64(upper - lower);
  const shift = BigInt(-ve);
  const one = 1n << shift;
  let integral = upper >> shift;
  let fractional = upper & (one - 1n);
  let exp = integral.toString().length;
  const digits: number[] = [];
  let status: 'more' | 'done' | 'error' = 'more';
  const onDigit = (
    digit: number,
    divisor: bigint,
    remainderIn: bigint,
    err: bigint,
    digitExp: number,
    isIntegral: boolean,
  ): 'more' | 'done' | 'error' => {
    let remainder = remainderIn;
    digits.push(digit);
    if (remainder >= err) return 'more';
    const unit = isIntegral ? 1n : P10[-digitExp]!;
    const up = u64((diff - 1n) * unit);
    while (
      remainder < up &&
      u64(err - remainder) >= divisor &&
      (u64(remainder + divisor) < up || u64(up - remainder) >= u64(remainder + divisor - up))
    ) {
      digits[digits.length - 1]! -= 1;
      remainder = u64(remainder + divisor);
    }
    const down = u64((diff + 1n) * unit);
    if (
      remainder < down &&
      u64(err - remainder) >= divisor &&
      (u64(remainder + divisor) < down || u64(down - remainder) > u64(remainder + divisor - down))
    )
      return 'error';
    return u64(2n * unit) <= remainder && remainder <= u64(err - 4n * unit) ? 'done' : 'error';
  };
  do {
    const divisor = P10[exp - 1]!;
    const digit = integral / divisor;
    integral %= divisor;
    exp -= 1;
    status = onDigit(Number(digit), u64(P10[exp]! << shift), u64((integral << shift) + fractional), error, exp, true);
  } while (status === 'more' && exp > 0);
  while (status === 'more') {
    fractional = u64(fractional * 10n);
    error = u64(error * 10n);
    const digit = fractional >> shift;
    fractional &= one - 1n;
    exp -= 1;
    status = onDigit(Number(digit), one, fractional, error, exp, false);
  }
  if (status === 'done')
    return { digits: String.fromCharCode(...digits.map((d) => 48 + d)), exponent: exp - cachedExp10 };
  return doubleShortest(f, e, exp + digits.length - cachedExp10 - 1);
}

/** fmt's fallback_format (Steele & White) on the double f × 2^e, first digit at 10^exp10. */
function doubleShortest(f: bigint, e: number, exp10: number): DecimalDigits {
  const closer = f === 1n << 52n && e + 1075 > 1;
  const shift = closer ? 2n : 1n;
  const significand = f << shift;
  let numerator: bigint;
  let denominator: bigint;
  let lower: bigint;
  let upper: bigint;
  if (e >= 0) {
    numerator = significand << BigInt(e);
    lower = 1n << BigInt(e);
    upper = closer ? 1n << BigInt(e + 1) : lower;
    denominator = (10n ** BigInt(exp10)) << 1n;
  } else if (exp10 < 0) {
    numerator = 10n ** BigInt(-exp10);
    lower = numerator;
    upper = closer ? numerator << 1n : lower;
    numerator *= significand;
    denominator = 1n << (shift - BigInt(e));
  } else {
    numerator = significand;
    denominator = (10n ** BigInt(exp10)) << (shift - BigInt(e));
    lower = 1n;
    upper = closer ? 2n : lower;
  }
  const even = (f & 1n) === 0n;
  const digits: number[] = [];
  for (;;) {
    const digit = numerator / denominator;
    numerator -= digit * denominator;
    const low = even ? numerator <= lower : numerator < lower;
    const high = even ? numerator + upper >= denominator : numerator + upper > denominator;
    digits.push(Number(digit));
    if (low || high) {
      if (!low) digits[digits.length - 1]! += 1;
      else if (high) {
        const twice = 2n * numerator;
        if (twice > denominator || (twice === denominator && Number(digit) % 2 !== 0)) digits[digits.length - 1]! += 1;
      }
      return { digits: String.fromCharCode(...digits.map((d) => 48 + d)), exponent: exp10 - (digits.length - 1) };
    }
    numerator *= 10n;
    lower *= 10n;
    upper = closer ? upper * 10n : lower;
  }
}
