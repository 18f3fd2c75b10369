import { parseParams, tissueParamsSchema, type ParsedParams } from '@/lib/viewer/api-params';
import type { Box } from '@/lib/viewer/level-of-detail';

/** A parsed /tissue request: longest raster side (px) and the box (µm), null for the whole map. */
export interface TissueParams {
  readonly size: number;
  readonly box: Box | null;
}

/** Parses /api/slides/<id>/tissue parameters (the box needs all of x0, y0, x1, y1, or none). */
export function parseTissueParams(params: URLSearchParams): ParsedParams<TissueParams> {
  const parsed = parseParams(tissueParamsSchema, params);
  if (!parsed.ok) return parsed;
  const { size, x0, y0, x1, y1 } = parsed.value;
  const given = [x0, y0, x1, y1].filter((v) => v !== undefined).length;
  if (given === 0) return { ok: true, value: { size, box: null } };
  if (given !== 4 || x1! <= x0! || y1! <= y0!)
    return { ok: false, reason: 'x0, y0, x1, y1: give all four with x1 > x0 and y1 > y0, or none' };
  return { ok: true, value: { size, box: { minX: x0!, minY: y0!, maxX: x1!, maxY: y1! } } };
}
