/**
 * The columns of the cohort table, derived from the `slides` registry (identity, clinical,
 * slide-level image features) plus the per-slide columns a cohort object filter adds.
 */
import { biomarkerLabel, biomarkerUnit, describeFilter, type BiomarkerDef } from '../explore/biomarker';
import { findColumn, SLIDE_CLINICAL_COLUMNS, SLIDE_IMAGE_FEATURE_COLUMNS, type ColumnDef } from '../registry';

/** How a cohort column is filtered and displayed. */
export type CohortColumnKind = 'text' | 'category' | 'number' | 'boolean';

/** One column of the cohort table. */
export interface CohortColumn {
  readonly id: string;
  readonly label: string;
  /** Unit symbol from the registry ('' when dimensionless). */
  readonly unit: string;
  readonly description: string;
  readonly kind: CohortColumnKind;
  /** Levels of a category column in display order ('true'/'false' for booleans). */
  readonly levels?: readonly string[];
  /** Registry group: identity, clinical or image feature; or a user-defined biomarker. */
  readonly group: 'identity' | 'clinical' | 'image' | 'biomarker';
}

function kindOf(def: ColumnDef): CohortColumnKind {
  if (def.type === 'BOOLEAN') return 'boolean';
  if (def.type === 'VARCHAR') return def.role === 'category' ? 'category' : 'text';
  return 'number';
}

function toCohortColumn(def: ColumnDef, group: CohortColumn['group']): CohortColumn {
  const kind = kindOf(def);
  const levels = kind === 'boolean' ? ['true', 'false'] : def.levels;
  return {
    id: def.name,
    label: def.label,
    unit: def.unit,
    description: def.description,
    kind,
    group,
    ...(levels ? { levels } : {}),
  };
}

const identity = ['slide_id', 'patient_id'].map((name) => findColumn('slides', name) as ColumnDef);

/** Every slide column the cohort table can show, in registry order. */
export const COHORT_COLUMNS: readonly CohortColumn[] = [
  ...identity.map((d) => toCohortColumn(d, 'identity')),
  ...SLIDE_CLINICAL_COLUMNS.map((d) => toCohortColumn(d, 'clinical')),
  ...SLIDE_IMAGE_FEATURE_COLUMNS.map((d) => toCohortColumn(d, 'image')),
];

/** Ids of every cohort column. */
export const COHORT_COLUMN_IDS: readonly string[] = COHORT_COLUMNS.map((c) => c.id);

/** Columns shown when the URL names none. */
export const DEFAULT_VISIBLE_COLUMNS: readonly string[] = [
  'slide_id',
  'project',
  'msi_status',
  'stage',
  'cms',
  'os_months',
  'os_event',
  'nuclei_count',
  'nuclei_density_per_mm2',
  'gland_count',
  'tissue_area_mm2',
  'tissue_tumour_fraction',
];

/** The cohort column `id`, or undefined. */
export function findCohortColumn(id: string): CohortColumn | undefined {
  return COHORT_COLUMNS.find((c) => c.id === id);
}

/** Per-slide columns added by a cohort object filter (computed on the server for every slide). */
export const OBJECT_COUNT_COLUMNS: readonly CohortColumn[] = [
  {
    id: 'filtered_count',
    label: 'Filtered objects',
    unit: 'count',
    description: 'Objects of the chosen kind on the slide that pass the cohort object filter.',
    kind: 'number',
    group: 'image',
  },
  {
    id: 'filtered_density_per_mm2',
    label: 'Filtered density',
    unit: 'per mm²',
    description: 'Filtered objects per mm² of tissue (slides.tissue_area_mm2); empty without a tissue map.',
    kind: 'number',
    group: 'image',
  },
  {
    id: 'filtered_fraction',
    label: 'Filtered fraction',
    unit: '',
    description: 'Filtered objects / all objects of that kind on the slide; empty when the slide has none.',
    kind: 'number',
    group: 'image',
  },
];

/** A cohort column or an object-count column by id, or undefined. */
export function findAnyCohortColumn(id: string): CohortColumn | undefined {
  return findCohortColumn(id) ?? OBJECT_COUNT_COLUMNS.find((c) => c.id === id);
}

/** The table column of a user-defined biomarker (defined in the explorer or the URL, b1=…). */
export function toBiomarkerColumn(biomarker: BiomarkerDef): CohortColumn {
  return {
    id: biomarker.id,
    label: biomarkerLabel(biomarker),
    unit: biomarkerUnit(biomarker),
    description: `User-defined biomarker ${biomarker.id}: ${biomarker.measure} of ${describeFilter(biomarker.filter)} per slide (exact).`,
    kind: 'number',
    group: 'biomarker',
  };
}
