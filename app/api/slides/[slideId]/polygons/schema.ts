import type { ObjectFilter } from '@/lib/filters';
import { parseKindFilter, parseParams, polygonParamsSchema, type ParsedParams } from '@/lib/viewer/api-params';
import type { Box } from '@/lib/viewer/level-of-detail';

/** A parsed /polygons request: kind, box (µm) and the kind's filter (g.* or l.*). */
export interface PolygonParams {
  readonly kind: 'glands' | 'lumina';
  readonly box: Box;
  readonly filter: ObjectFilter;
}

/** Parses /api/slides/<id>/polygons parameters, or gives the reason they are refused. */
export function parsePolygonParams(params: URLSearchParams): ParsedParams<PolygonParams> {
  const parsed = parseParams(polygonParamsSchema, params);
  if (!parsed.ok) return parsed;
  const { kind, x0, y0, x1, y1 } = parsed.value;
  const filter = parseKindFilter(kind, params);
  if (!filter.ok) return filter;
  return { ok: true, value: { kind, box: { minX: x0, minY: y0, maxX: x1, maxY: y1 }, filter: filter.value } };
}
