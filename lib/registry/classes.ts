/**
 * Class dictionaries of Cerberus (Graham et al., MedIA 2022; `dataset.yml` type_names) with
 * fixed display colours. Indices are the integers the model writes; never renumber them.
 */

/** One class of a dictionary: the model's integer, a name for people and a fixed sRGB colour. */
export interface ClassDef {
  readonly id: number;
  /** Stable machine name (snake_case), used in exports and URLs. */
  readonly key: string;
  readonly name: string;
  /** '#rrggbb'. */
  readonly color: string;
}

/** Which dictionary a class column uses. */
export type ClassDictionaryId = 'nucleus' | 'gland' | 'lumen' | 'tissue';

// Nuclei use the Okabe–Ito palette (colour-blind safe); tissue uses Paul Tol's "muted" set so
// the two never share a colour when nuclei are drawn over the tissue map.
const NUCLEUS_CLASSES = [
  { id: 0, key: 'none', name: 'Unclassified', color: '#999999' },
  { id: 1, key: 'neutrophil', name: 'Neutrophil', color: '#e69f00' },
  { id: 2, key: 'epithelial', name: 'Epithelial', color: '#d55e00' },
  { id: 3, key: 'lymphocyte', name: 'Lymphocyte', color: '#0072b2' },
  { id: 4, key: 'plasma', name: 'Plasma cell', color: '#56b4e9' },
  { id: 5, key: 'eosinophil', name: 'Eosinophil', color: '#cc79a7' },
  { id: 6, key: 'connective', name: 'Connective', color: '#009e73' },
] as const satisfies readonly ClassDef[];

const GLAND_CLASSES = [
  { id: 0, key: 'none', name: 'Unclassified gland', color: '#999999' },
  { id: 1, key: 'gland', name: 'Gland', color: '#f0e442' },
  { id: 2, key: 'surface_epithelium', name: 'Surface epithelium', color: '#56b4e9' },
] as const satisfies readonly ClassDef[];

const LUMEN_CLASSES = [{ id: 1, key: 'lumen', name: 'Lumen', color: '#ffffff' }] as const satisfies readonly ClassDef[];

const TISSUE_CLASSES = [
  { id: 0, key: 'background', name: 'Background', color: '#ffffff' },
  { id: 1, key: 'tumour', name: 'Tumour epithelium', color: '#cc6677' },
  { id: 2, key: 'normal', name: 'Normal epithelium', color: '#117733' },
  { id: 3, key: 'inflammatory', name: 'Inflammatory', color: '#332288' },
  { id: 4, key: 'muscle', name: 'Muscle', color: '#882255' },
  { id: 5, key: 'stroma', name: 'Stroma', color: '#ddcc77' },
  { id: 6, key: 'debris', name: 'Debris', color: '#999933' },
  { id: 7, key: 'mucus', name: 'Mucus', color: '#88ccee' },
  { id: 8, key: 'adipose', name: 'Adipose', color: '#dddddd' },
] as const satisfies readonly ClassDef[];

/** Every class dictionary, by id. */
export const CLASS_DICTIONARIES = {
  nucleus: NUCLEUS_CLASSES,
  gland: GLAND_CLASSES,
  lumen: LUMEN_CLASSES,
  tissue: TISSUE_CLASSES,
} as const satisfies Record<ClassDictionaryId, readonly ClassDef[]>;

/** Nucleus class keys in index order (0–6). */
export type NucleusClassKey = (typeof NUCLEUS_CLASSES)[number]['key'];
/** Tissue class keys in index order (0–8). */
export type TissueClassKey = (typeof TISSUE_CLASSES)[number]['key'];

/** The class with integer `id` in dictionary `dictionary`, or undefined. */
export function findClass(dictionary: ClassDictionaryId, id: number): ClassDef | undefined {
  return (CLASS_DICTIONARIES[dictionary] as readonly ClassDef[]).find((c) => c.id === id);
}

/** '#rrggbb' → [r, g, b] in 0–255. */
export function toRgb(color: string): [number, number, number] {
  const value = Number.parseInt(color.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
