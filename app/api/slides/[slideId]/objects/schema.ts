import type { ObjectFilter } from '@/lib/filters';
import type { ObjectKind } from '@/lib/registry';
import { objectParamsSchema, parseKindFilter, parseParams, type ParsedParams } from '@/lib/viewer/api-params';

/** A parsed /objects request: one object by id, or the filtered object nearest to a point (µm). */
export type ObjectParams =
  | { readonly kind: ObjectKind; readonly by: 'id'; readonly id: number }
  | {
      readonly kind: ObjectKind;
      readonly by: 'point';
      readonly x: number;
      readonly y: number;
      readonly radiusUm: number;
      readonly filter: ObjectFilter;
    };

/** Parses /api/slides/<id>/objects parameters, or gives the reason they are refused. */
export function parseObjectParams(params: URLSearchParams): ParsedParams<ObjectParams> {
  const parsed = parseParams(objectParamsSchema, params);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (p.id !== undefined) return { ok: true, value: { kind: p.kind, by: 'id', id: p.id } };
  const filter = parseKindFilter(p.kind, params);
  if (!filter.ok) return filter;
  return { ok: true, value: { kind: p.kind, by: 'point', x: p.x!, y: p.y!, radiusUm: p.r, filter: filter.value } };
}
