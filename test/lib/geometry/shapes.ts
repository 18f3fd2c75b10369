/** Test shapes and transforms for lib/geometry: interleaved x,y rings, slide frame (x right, y down). */
import fc from 'fast-check';

/** Vertices of an ellipse with semi-axes a ≥ b whose major axis points along (sin θ, cos θ), centre (cx, cy). */
export function ellipseRing(a: number, b: number, theta: number, vertices: number, cx = 0, cy = 0): Float64Array {
  const out = new Float64Array(2 * vertices);
  for (let k = 0; k < vertices; k++) {
    const t = (2 * Math.PI * k) / vertices;
    const u = a * Math.cos(t);
    const v = b * Math.sin(t);
    out[2 * k] = cx + u * Math.sin(theta) + v * Math.cos(theta);
    out[2 * k + 1] = cy + u * Math.cos(theta) - v * Math.sin(theta);
  }
  return out;
}

/** Regular polygon with `vertices` corners on a circle of radius r. */
export function regularRing(r: number, vertices: number): Float64Array {
  return ellipseRing(r, r, 0, vertices);
}

/** Applies (x, y) → f(x, y) to every vertex. */
export function mapRing<T extends Int32Array | Float64Array>(
  ring: T,
  f: (x: number, y: number) => readonly [number, number],
): T {
  const out = ring.slice() as T;
  for (let i = 0; i < ring.length; i += 2) {
    const [x, y] = f(ring[i]!, ring[i + 1]!);
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

/** The ring rotated by φ radians about the origin, (x, y) → (x cos φ − y sin φ, x sin φ + y cos φ). */
export function rotateRing(ring: Float64Array, phi: number): Float64Array {
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  return mapRing(ring, (x, y) => [x * c - y * s, x * s + y * c]);
}

/** The ring with its vertex order reversed. */
export function reverseRing<T extends Int32Array | Float64Array>(ring: T): T {
  const out = ring.slice() as T;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    out[2 * i] = ring[2 * (n - 1 - i)]!;
    out[2 * i + 1] = ring[2 * (n - 1 - i) + 1]!;
  }
  return out;
}

/** Star-shaped integer rings (strictly increasing angles, radius 2–60 units), like small contours. */
export const starRing = fc
  .record({
    vertices: fc.integer({ min: 3, max: 40 }),
    seed: fc.array(fc.tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 40,
      maxLength: 40,
    }),
    radius: fc.integer({ min: 2, max: 60 }),
    cx: fc.integer({ min: -1000, max: 1000 }),
    cy: fc.integer({ min: -1000, max: 1000 }),
  })
  .map(({ vertices, seed, radius, cx, cy }) => {
    const ring = new Int32Array(2 * vertices);
    for (let k = 0; k < vertices; k++) {
      const [r, jitter] = seed[k]!;
      const t = ((k + 0.8 * jitter) / vertices) * 2 * Math.PI;
      ring[2 * k] = Math.round(cx + radius * r * Math.cos(t));
      ring[2 * k + 1] = Math.round(cy + radius * r * Math.sin(t));
    }
    return ring;
  });

/** Arbitrary integer rings (any shape, possibly self-intersecting or degenerate), 1–30 vertices in a 21×21 box. */
export const anyIntRing = fc
  .array(fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 })), {
    minLength: 1,
    maxLength: 30,
  })
  .map((points) => Int32Array.from(points.flat()));

/** A vertex as a pair. */
export type Point = readonly [number, number];

/** Cumulative sums of steps from `start`: one chain of a ring, y never decreasing when dy ≥ 0. */
export function walk(start: Point, steps: readonly Point[]): Point[] {
  const out: Point[] = [];
  let [x, y] = start;
  for (const [dx, dy] of steps) {
    x += dx;
    y += dy;
    out.push([x, y]);
  }
  return out;
}

/** A chain's steps on a small grid: level and vertical runs, repeated vertices, a few going back up when `upward`. */
function chainSteps(upward: boolean): fc.Arbitrary<Point[]> {
  return fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: upward ? -1 : 0, max: 2 })), {
    minLength: 1,
    maxLength: 14,
  });
}

/**
 * Rings that go down from their first vertex (0, 0) along one chain and come back up along the
 * other, as cv2.findContours rings do, on a small grid: level edges, duplicate vertices, vertical
 * runs, chains that touch, overlap, cross or stay apart (`bias` pushes them apart by up to 3 per
 * step). With `upward`, one ring in ten has chains that go back up somewhere.
 */
export function ringsFromTop(options: { readonly upward: boolean }): fc.Arbitrary<Point[]> {
  return fc
    .record({
      bias: fc.integer({ min: 0, max: 3 }),
      upward: fc.integer({ min: 0, max: 9 }).map((draw) => options.upward && draw === 0),
    })
    .chain(({ bias, upward }) =>
      fc.tuple(chainSteps(upward), chainSteps(upward)).map(([forward, backward]) => {
        const top: Point = [0, 0];
        const right = walk(
          top,
          forward.map(([dx, dy]) => [dx + bias, dy] as const),
        );
        const left = walk(
          top,
          backward.map(([dx, dy]) => [dx - bias, dy] as const),
        );
        return [top, ...right, ...left.reverse()];
      }),
    );
}
