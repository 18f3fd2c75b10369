const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural log of |Γ(x)| for x > 0 (Lanczos g = 7, Stirling series above 10), ~1e-15 relative. */
export function logGamma(x: number): number {
  if (x >= 10) return stirlingLogGamma(x);
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0]!;
  for (let index = 1; index < LANCZOS.length; index++) sum += LANCZOS[index]! / (shifted + index);
  const t = shifted + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Remainder of Stirling's series, log Γ(x) − [(x − ½) log x − x + ½ log 2π], for x ≥ 10. */
export function stirlingCorrection(x: number): number {
  const inverse = 1 / x;
  const square = inverse * inverse;
  return (
    inverse *
    (1 / 12 -
      square * (1 / 360 - square * (1 / 1260 - square * (1 / 1680 - square * (1 / 1188 - square * (691 / 360360))))))
  );
}

function stirlingLogGamma(x: number): number {
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + stirlingCorrection(x);
}

/** Natural log of the beta function B(a, b), avoiding cancellation when a or b is large (as R's lbeta). */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) +
      0.5 * Math.log(2 * Math.PI) +
      correction +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const correction = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** Regularised lower incomplete gamma P(a, x) and its complement Q(a, x), for a > 0, x ≥ 0. */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series converges fast below the mode; P is then accurate in relative terms.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.exp(logPrefactor) * sum;
    return { lower, upper: 1 - lower };
  }
  // Lentz's continued fraction for Q, accurate in relative terms in the upper tail.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = Math.exp(logPrefactor) * fraction;
  return { lower: 1 - upper, upper };
}

/**
 * Regularised incomplete beta I_x(a, b) and its complement 1 − I_x(a, b); pass `y = 1 − x` when it is
 * known more precisely than `1 - x` (e.g. for the t distribution).
 */
export function regularizedBeta(x: number, a: number, b: number, y = 1 - x): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const logPrefactor = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logPrefactor) * betaContinuedFraction(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logPrefactor) * betaContinuedFraction(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    for (const numerator of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < TINY) d = TINY;
      c = 1 + numerator / c;
      if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      fraction *= d * c;
    }
    if (Math.abs(d * c - 1) < EPSILON) break;
  }
  return fraction;
}

/** Complementary error function erfc(x) for any real x, ~1e-15 relative including the far upper tail. */
export function erfc(x: number): number {
  if (x === Infinity) return 0;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  // Continued fraction erfc(x) = e^{-x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))), evaluated by Lentz.
  let c = x;
  let d = 0;
  let fraction = x;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = n / 2;
    d = x + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = x + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return expMinusSquare(x) / (Math.sqrt(Math.PI) * fraction);
}

function erfSeries(x: number): number {
  // erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); all terms positive, so no cancellation.
  let term = x;
  let sum = x;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * EPSILON) break;
  }
  return (2 / Math.sqrt(Math.PI)) * expMinusSquare(x) * sum;
}

function expMinusSquare(x: number): number {
  // Split x² to keep e^{-x²} accurate for large x (Cody's trick).
  const rounded = Math.trunc(x * 16) / 16;
  return Math.exp(-rounded * rounded) * Math.exp(-(x - rounded) * (x + rounded));
}
