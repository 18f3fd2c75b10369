import { nucleiParamsSchema, parseKindFilter, parseParams, type ParsedParams } from '@/lib/viewer/api-params';
import type { ObjectFilter } from '@/lib/filters';
import type { NucleiLod } from '@/lib/viewer/level-of-detail';
import type { Box } from '@/lib/viewer/level-of-detail';

/** A parsed /nuclei request: level of detail, box (µm), colouring and the n.* filter. */
export interface NucleiParams {
  readonly lod: NucleiLod;
  readonly box: Box;
  readonly colorBy: string;
  readonly filter: ObjectFilter;
}

/** Parses /api/slides/<id>/nuclei parameters, or gives the reason they are refused. */
export function parseNucleiParams(params: URLSearchParams): ParsedParams<NucleiParams> {
  const parsed = parseParams(nucleiParamsSchema, params);
  if (!parsed.ok) return parsed;
  const filter = parseKindFilter('nuclei', params);
  if (!filter.ok) return filter;
  const p = parsed.value;
  const lod: NucleiLod = p.lod === 'grid' ? { kind: 'grid', levelUm: p.level as number } : { kind: p.lod };
  return {
    ok: true,
    value: { lod, box: { minX: p.x0, minY: p.y0, maxX: p.x1, maxY: p.y1 }, colorBy: p.color, filter: filter.value },
  };
}
