/**
 * The explorer's variables, derived from the registry (slides table) plus user biomarkers:
 * numeric variables (slide image features, age, biomarkers), categorical clinical variables and
 * survival endpoints. Pure.
 */
import { findColumn, SLIDE_IMAGE_FEATURE_COLUMNS } from '../registry';
import { biomarkerLabel, biomarkerUnit, isBiomarkerId, type BiomarkerDef } from './biomarker';

/** Categorical clinical columns a feature can be compared across, in menu order. */
export const GROUP_VARIABLE_IDS = [
  'msi_status',
  'cms',
  'stage',
  'sex',
  'project',
  'side',
  'molecular_subtype',
] as const;
/** One categorical clinical column. */
export type GroupVariableId = (typeof GROUP_VARIABLE_IDS)[number];

/** Numeric clinical columns usable as the continuous variable of a correlation. */
export const CLINICAL_NUMERIC_IDS = ['age_years'] as const;

/** Slide image feature columns (registry order). */
export const IMAGE_FEATURE_IDS: readonly string[] = SLIDE_IMAGE_FEATURE_COLUMNS.map((c) => c.name);

/** Survival endpoints: time column (months) and event column of `slides`. */
export const ENDPOINTS = {
  os: { time: 'os_months', event: 'os_event', label: 'Overall survival' },
  dss: { time: 'dss_months', event: 'dss_event', label: 'Disease-specific survival' },
  pfs: { time: 'pfs_months', event: 'pfs_event', label: 'Progression-free survival' },
} as const;
/** One survival endpoint id. */
export type EndpointId = keyof typeof ENDPOINTS;
/** Endpoint ids in menu order. */
export const ENDPOINT_IDS = ['os', 'dss', 'pfs'] as const satisfies readonly EndpointId[];

/** What the UI needs to name a variable: label, unit (registry symbol, '' when dimensionless) and definition. */
export interface VariableInfo {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly description: string;
  readonly source: 'image' | 'clinical' | 'biomarker';
}

/** True when `id` is a categorical clinical variable. */
export function isGroupVariable(id: string): id is GroupVariableId {
  return (GROUP_VARIABLE_IDS as readonly string[]).includes(id);
}

/** Levels of a categorical variable in registry (display) order. */
export function groupLevels(id: GroupVariableId): readonly string[] {
  return findColumn('slides', id)?.levels ?? [];
}

/** Ids of every numeric variable: image features, then biomarkers, then age. */
export function numericVariableIds(biomarkers: readonly BiomarkerDef[]): string[] {
  return [...IMAGE_FEATURE_IDS, ...biomarkers.map((b) => b.id), ...CLINICAL_NUMERIC_IDS];
}

/** Label, unit and definition of a variable (registry column or biomarker), or undefined when unknown. */
export function describeVariable(id: string, biomarkers: readonly BiomarkerDef[]): VariableInfo | undefined {
  if (isBiomarkerId(id)) {
    const biomarker = biomarkers.find((b) => b.id === id);
    if (!biomarker) return undefined;
    const label = biomarkerLabel(biomarker);
    return {
      id,
      label,
      unit: biomarkerUnit(biomarker),
      description: `User-defined biomarker: ${label}.`,
      source: 'biomarker',
    };
  }
  const column = findColumn('slides', id);
  const allowed = IMAGE_FEATURE_IDS.includes(id) || isGroupVariable(id) || id === 'age_years';
  if (!column || !allowed) return undefined;
  return {
    id,
    label: column.label,
    unit: column.unit,
    description: column.description,
    source: IMAGE_FEATURE_IDS.includes(id) ? 'image' : 'clinical',
  };
}

/** "Label (unit)" for axes and table headers. */
export function axisLabel(info: Pick<VariableInfo, 'label' | 'unit'>): string {
  return info.unit ? `${info.label} (${info.unit})` : info.label;
}
