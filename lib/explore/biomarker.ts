/**
 * User-defined biomarkers: a per-slide count, density (per mm² of tissue) or fraction of the
 * objects passing an object filter (lib/filters model), and their URL form. Pure; shared by the
 * explorer and the cohort page. URL: b1=density:nuclei (or count:…, fraction:nuclei,
 * fraction:nuclei:3 = over all objects of class 3) with the filter under the prefix `b1`.
 */
import { readFilterParams, writeFilterParams, type ObjectFilter } from '../filters';
import { CLASS_DICTIONARIES, OBJECT_KINDS, type ObjectKind } from '../registry';

/** What a biomarker measures per slide. */
export const BIOMARKER_MEASURES = ['count', 'density', 'fraction'] as const;
/** count: objects; density: objects per mm² of tissue (slides.tissue_area_mm2); fraction: filtered / denominator. */
export type BiomarkerMeasure = (typeof BIOMARKER_MEASURES)[number];

/** Biomarker ids usable in URLs and as variable ids (b1 … b9). */
export const BIOMARKER_IDS = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9'] as const;
/** One biomarker id. */
export type BiomarkerId = (typeof BIOMARKER_IDS)[number];

/** A user-defined per-slide biomarker. */
export interface BiomarkerDef {
  readonly id: BiomarkerId;
  readonly measure: BiomarkerMeasure;
  readonly filter: ObjectFilter;
  /** For fractions: class id of the denominator (all objects of that class); absent = all objects of the kind. */
  readonly denominatorClass?: number;
}

/** Class dictionary of each object kind. */
export const KIND_DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;

const KIND_NOUN: Readonly<Record<ObjectKind, string>> = { nuclei: 'nuclei', glands: 'glands', lumina: 'lumina' };

/** True when `id` names a biomarker slot. */
export function isBiomarkerId(id: string): id is BiomarkerId {
  return (BIOMARKER_IDS as readonly string[]).includes(id);
}

function className(kind: ObjectKind, id: number): string {
  const found = CLASS_DICTIONARIES[KIND_DICTIONARY[kind]].find((c) => c.id === id);
  return found ? found.name : `class ${id}`;
}

/** Plain-words description of the objects a filter keeps, e.g. "Lymphocyte nuclei in Tumour epithelium". */
export function describeFilter(filter: ObjectFilter): string {
  const classes = filter.classes?.map((id) => className(filter.kind, id)).join('/');
  let text = classes ? `${classes} ${KIND_NOUN[filter.kind]}` : `All ${KIND_NOUN[filter.kind]}`;
  if (filter.tissue) text += ` in ${filter.tissue.map(tissueName).join('/')}`;
  if (filter.inGland !== undefined) text += filter.inGland ? ' inside glands' : ' outside glands';
  for (const range of filter.ranges ?? []) text += `, ${range.feature} ${range.min ?? '−∞'}–${range.max ?? '∞'}`;
  return text;
}

function tissueName(id: number): string {
  return CLASS_DICTIONARIES.tissue.find((c) => c.id === id)?.name.toLowerCase() ?? `tissue ${id}`;
}

/** Axis/legend label of a biomarker, e.g. "b1: Lymphocyte nuclei in tumour epithelium per mm²". */
export function biomarkerLabel(biomarker: BiomarkerDef): string {
  const what = describeFilter(biomarker.filter);
  if (biomarker.measure === 'count') return `${biomarker.id}: ${what} (count)`;
  if (biomarker.measure === 'density') return `${biomarker.id}: ${what} per mm² tissue`;
  const of =
    biomarker.denominatorClass === undefined
      ? `all ${KIND_NOUN[biomarker.filter.kind]}`
      : `all ${className(biomarker.filter.kind, biomarker.denominatorClass)} ${KIND_NOUN[biomarker.filter.kind]}`;
  return `${biomarker.id}: ${what} / ${of}`;
}

/** Unit of a biomarker's per-slide value ('count', 'per mm²' or '' for a fraction). */
export function biomarkerUnit(biomarker: BiomarkerDef): string {
  return biomarker.measure === 'count' ? 'count' : biomarker.measure === 'density' ? 'per mm²' : '';
}

/** Appends every biomarker's parameters to `params`. */
export function writeBiomarkerParams(biomarkers: readonly BiomarkerDef[], params: URLSearchParams): void {
  for (const b of biomarkers) {
    const denominator = b.measure === 'fraction' && b.denominatorClass !== undefined ? `:${b.denominatorClass}` : '';
    params.set(b.id, `${b.measure}:${b.filter.kind}${denominator}`);
    writeFilterParams(b.filter, b.id, params);
  }
}

/** Reads the biomarkers b1 … b9 from `params`; invalid ones are dropped and reported in `errors`. */
export function readBiomarkerParams(params: URLSearchParams): { biomarkers: BiomarkerDef[]; errors: string[] } {
  const biomarkers: BiomarkerDef[] = [];
  const errors: string[] = [];
  for (const id of BIOMARKER_IDS) {
    const value = params.get(id);
    if (value === null) continue;
    const [measure = '', kind = '', denominator, ...rest] = value.split(':');
    if (!(BIOMARKER_MEASURES as readonly string[]).includes(measure) || rest.length > 0) {
      errors.push(`${id}: expected count|density|fraction:<kind>[:<class>]`);
      continue;
    }
    if (!(OBJECT_KINDS as readonly string[]).includes(kind)) {
      errors.push(`${id}: kind must be one of ${OBJECT_KINDS.join(', ')}`);
      continue;
    }
    const objectKind = kind as ObjectKind;
    let denominatorClass: number | undefined;
    if (denominator !== undefined) {
      const ids: number[] = CLASS_DICTIONARIES[KIND_DICTIONARY[objectKind]].map((c) => c.id);
      denominatorClass = Number(denominator);
      if (measure !== 'fraction' || denominator === '' || !ids.includes(denominatorClass)) {
        errors.push(`${id}: a denominator class must be one of ${ids.join(', ')} and only for fractions`);
        continue;
      }
    }
    const filter = readFilterParams(objectKind, id, params);
    if (!filter.ok) {
      errors.push(filter.error);
      continue;
    }
    biomarkers.push({
      id,
      measure: measure as BiomarkerMeasure,
      filter: filter.filter,
      ...(denominatorClass !== undefined ? { denominatorClass } : {}),
    });
  }
  return { biomarkers, errors };
}
