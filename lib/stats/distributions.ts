import { erfc, regularizedBeta, regularizedGamma } from './special-functions';

/** Standard normal cumulative distribution Φ(z) = P(Z ≤ z), relative accuracy ~1e-14 in both tails. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal survival function P(Z > z) = 1 − Φ(z), computed without cancellation for large z. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

const ACKLAM_A = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155712436];
const ACKLAM_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);
}

/** Standard normal quantile Φ⁻¹(p) for p in [0, 1] (Acklam's start refined by Halley steps), ~1e-15 relative. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerHalfQuantile(1 - p);
  return lowerHalfQuantile(p);
}

function lowerHalfQuantile(p: number): number {
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(ACKLAM_C, q) / (polynomial(ACKLAM_D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (polynomial(ACKLAM_A, r) * q) / (polynomial(ACKLAM_B, r) * r + 1);
  }
  for (let step = 0; step < 3; step++) {
    // Halley's method on Φ(x) − p; the relative error of Acklam's start is ~1e-9, so two steps suffice.
    const error = normalCdf(x) - p;
    const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    if (density === 0) break;
    const u = error / density;
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Chi-square survival function P(X > x) with `df` degrees of freedom (regularised upper incomplete gamma). */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  return regularizedGamma(df / 2, x / 2).upper;
}

/** Chi-square cumulative distribution P(X ≤ x) with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  return regularizedGamma(df / 2, x / 2).lower;
}

/** Student-t survival function P(T > t) with `df` degrees of freedom (regularised incomplete beta). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const square = t * t;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, ½); 1 − x is passed exactly to keep precision for small |t|.
  const twoSided = regularizedBeta(df / (df + square), df / 2, 0.5, square / (df + square)).lower;
  return t > 0 ? twoSided / 2 : 1 - twoSided / 2;
}

/** Student-t cumulative distribution P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** Two-sided Student-t p-value P(|T| ≥ |t|) with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}
