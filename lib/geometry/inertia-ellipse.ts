/**
 * The equivalent ellipse of a region from its central second moments, with exactly the
 * definitions of scikit-image `regionprops` (rows = y down = axis 0, cols = x right = axis 1).
 */

/** Axis lengths (same unit as the square root of the moments), eccentricity and orientation (radians). */
export interface InertiaEllipse {
  majorAxisLength: number;
  minorAxisLength: number;
  eccentricity: number;
  orientation: number;
}

/** A fresh `InertiaEllipse` to reuse across calls of `computeInertiaEllipse`. */
export function createInertiaEllipse(): InertiaEllipse {
  return { majorAxisLength: NaN, minorAxisLength: NaN, eccentricity: NaN, orientation: NaN };
}

/**
 * Fills `out` from area-normalised central moments (variances of x and y and their covariance,
 * units²): axis lengths 4·√λ of the inertia tensor's eigenvalues, eccentricity √(1 − λ2/λ1), and
 * orientation in [-π/2, π/2], the angle from the rows axis (+y, down) to the major axis, positive
 * towards +x (right); the major axis points along (x, y) = (sin θ, cos θ).
 */
export function computeInertiaEllipse(muXX: number, muYY: number, muXY: number, out: InertiaEllipse): InertiaEllipse {
  // skimage's inertia tensor [[a, b], [b, c]] has a = var(cols) = muXX, b = −muXY, c = var(rows) = muYY.
  const a = muXX;
  const b = -muXY;
  const c = muYY;
  const half = (a - c) / 2;
  const root = Math.sqrt(half * half + b * b);
  const mean = (a + c) / 2;
  // skimage clips tiny negative eigenvalues (rounding) to zero.
  const l1 = Math.max(mean + root, 0);
  const l2 = Math.max(mean - root, 0);
  out.majorAxisLength = 4 * Math.sqrt(l1);
  out.minorAxisLength = 4 * Math.sqrt(l2);
  out.eccentricity = l1 === 0 ? 0 : Math.sqrt(Math.max(0, 1 - l2 / l1));
  // The a == c branch follows skimage ≥ 0.21; 0.19–0.20 had its two signs swapped (scikit-image#6815).
  if (a - c === 0) out.orientation = b < 0 ? Math.PI / 4 : -Math.PI / 4;
  else out.orientation = 0.5 * Math.atan2(-2 * b, c - a);
  return out;
}
