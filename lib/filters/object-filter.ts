/**
 * The object filter model shared by the viewer, the cohort page, downloads and user-defined
 * biomarkers: plain, serialisable data (STYLE.md §3). SQL and URL forms are derived from it.
 */
import { z } from 'zod';
import { CLASS_DICTIONARIES, OBJECT_KINDS, TABLES, type ObjectKind } from '../registry';

/** A closed numeric range on one feature column; either bound may be absent (unbounded). */
export interface FeatureRange {
  readonly feature: string;
  readonly min?: number;
  readonly max?: number;
}

/** Which objects of one kind to keep. Absent parts do not filter. */
export interface ObjectFilter {
  readonly kind: ObjectKind;
  /** Allowed class ids of the kind's dictionary; absent = all classes. */
  readonly classes?: readonly number[];
  /** Allowed tissue classes under the centroid; absent = any. */
  readonly tissue?: readonly number[];
  /** true = inside a gland, false = outside every gland; absent = either (nuclei and lumina only). */
  readonly inGland?: boolean;
  readonly ranges?: readonly FeatureRange[];
}

/** Numeric feature columns a filter may range over, per kind (registry role `feature`). */
export function filterableFeatures(kind: ObjectKind): readonly string[] {
  return TABLES[kind].columns.filter((c) => c.role === 'feature').map((c) => c.name);
}

const DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;

/** The zod schema of an `ObjectFilter` of `kind`, built from the registry (unknown features are refused). */
export function objectFilterSchema(kind: ObjectKind) {
  const features = filterableFeatures(kind) as [string, ...string[]];
  const classIds: number[] = CLASS_DICTIONARIES[DICTIONARY[kind]].map((c) => c.id);
  const tissueIds: number[] = CLASS_DICTIONARIES.tissue.map((c) => c.id);
  const finite = z.number().finite();
  return z
    .object({
      kind: z.literal(kind),
      classes: z
        .array(
          z
            .number()
            .int()
            .refine((v) => classIds.includes(v), { message: `class must be one of ${classIds.join(', ')}` }),
        )
        .max(16)
        .optional(),
      tissue: z
        .array(
          z
            .number()
            .int()
            .refine((v) => tissueIds.includes(v), { message: `tissue class must be one of ${tissueIds.join(', ')}` }),
        )
        .max(16)
        .optional(),
      inGland: z.boolean().optional(),
      ranges: z
        .array(
          z
            .object({ feature: z.enum(features), min: finite.optional(), max: finite.optional() })
            .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
              message: 'range min must not exceed max',
            }),
        )
        .max(32)
        .optional(),
    })
    .refine((f) => f.inGland === undefined || kind !== 'glands', { message: 'glands cannot be filtered by inGland' });
}

/** Validates untrusted input as an ObjectFilter of any kind; throws a zod error naming the problem. */
export function parseObjectFilter(input: unknown): ObjectFilter {
  const kind = z.object({ kind: z.enum(OBJECT_KINDS) }).parse(input).kind;
  return objectFilterSchema(kind).parse(input) as ObjectFilter;
}

/** True when the filter keeps every object (nothing to apply). */
export function isEmptyFilter(filter: ObjectFilter): boolean {
  return (
    filter.classes === undefined &&
    filter.tissue === undefined &&
    filter.inGland === undefined &&
    (filter.ranges?.length ?? 0) === 0
  );
}

/** The canonical form of a filter: no empty `ranges` list (it filters nothing). */
export function normalizeFilter(filter: ObjectFilter): ObjectFilter {
  if (filter.ranges && filter.ranges.length === 0) {
    const { ranges: _ranges, ...rest } = filter;
    return rest;
  }
  return filter;
}
