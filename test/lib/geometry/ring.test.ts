import { describe, expect, it } from 'vitest';
import { computeInertiaEllipse, createInertiaEllipse } from '@/lib/geometry/inertia-ellipse';
import { ringBounds, ringPerimeter } from '@/lib/geometry/ring';

describe('ring helpers', () => {
  it('measure the bounding box and the closed perimeter of a vertex range', () => {
    const coords = Int32Array.of(9, 9, 0, 0, 3, 0, 3, 4, 9, 9);
    expect(ringBounds(coords, 1, 4)).toEqual({ minX: 0, minY: 0, maxX: 3, maxY: 4 });
    expect(ringPerimeter(coords, 1, 4)).toBe(12);
    expect(ringBounds(coords, 2, 2)).toBeUndefined();
    expect(ringPerimeter(coords, 2, 3)).toBe(0);
  });
});

describe('computeInertiaEllipse', () => {
  const orientation = (muXX: number, muYY: number, muXY: number): number =>
    computeInertiaEllipse(muXX, muYY, muXY, createInertiaEllipse()).orientation;

  it('follows skimage ≥ 0.21 when the variances are equal (a == c)', () => {
    expect(orientation(1, 1, 0.5)).toBe(Math.PI / 4); // x and y grow together: down-right
    expect(orientation(1, 1, -0.5)).toBe(-Math.PI / 4);
    expect(orientation(1, 1, 0)).toBe(-Math.PI / 4); // isotropic: undefined, skimage's choice
  });

  it('is continuous around the diagonal', () => {
    expect(orientation(1, 1 + 1e-9, 0.5)).toBeCloseTo(Math.PI / 4, 8);
    expect(orientation(1 + 1e-9, 1, 0.5)).toBeCloseTo(Math.PI / 4, 8);
    expect(orientation(1, 1 + 1e-9, -0.5)).toBeCloseTo(-Math.PI / 4, 8);
  });

  it('clips rounding-negative eigenvalues to zero like skimage', () => {
    const e = computeInertiaEllipse(1, 1e-17, 1e-8 + 1e-17, createInertiaEllipse());
    expect(e.minorAxisLength).toBe(0);
    expect(e.eccentricity).toBe(1);
  });
});
