/**
 * A zod schema of what the GeoJSON export promises: RFC 7946 FeatureCollection / Feature /
 * Polygon structure (closed linear rings of ≥ 4 positions, exterior counter-clockwise) and
 * QuPath's import conventions (objectType, classification {name, color [r,g,b]}, flat numeric measurements).
 */
import { z } from 'zod';

const position = z.tuple([z.number().finite(), z.number().finite()]);

function signedArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

const linearRing = z
  .array(position)
  .min(4, 'a linear ring has at least 4 positions')
  .refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], 'a linear ring is closed')
  .refine((r) => signedArea(r) >= 0, 'the exterior ring is counter-clockwise (RFC 7946 §3.1.6)');

const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);

/** One exported object. */
export const geojsonFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(linearRing).min(1) }),
  properties: z.object({
    objectType: z.literal('detection'),
    classification: z.object({ name: z.string().min(1), color: rgb }).optional(),
    measurements: z.record(z.string(), z.number().finite()),
  }),
});

/** The whole export document. */
export const geojsonDocumentSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(geojsonFeatureSchema),
});
