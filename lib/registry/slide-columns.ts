import { CLASS_DICTIONARIES } from './classes';
import { column, type ColumnDef } from './column';

const nucleusClasses = CLASS_DICTIONARIES.nucleus.filter((c) => c.id !== 0);
const tissueClasses = CLASS_DICTIONARIES.tissue.filter((c) => c.id !== 0);
/** Tissue regions with per-region nucleus densities. */
const DENSITY_REGIONS = ['tumour', 'stroma', 'inflammatory'] as const;

/** Identity, size and provenance of each slide. */
const IDENTITY: ColumnDef[] = [
  column(
    'slide_id',
    'VARCHAR',
    '',
    'Slide',
    'TCGA slide barcode (e.g. TCGA-AA-3949-01Z-00-DX1); the partition key of every object table.',
    { role: 'key' },
  ),
  column(
    'patient_id',
    'VARCHAR',
    '',
    'Patient',
    'TCGA patient barcode (first 12 characters of the slide barcode); the unit of clinical analysis.',
    { role: 'key' },
  ),
  column('file_name', 'VARCHAR', '', 'Slide file', 'Whole-slide image file name in the GDC (e.g. ….svs).', {
    role: 'provenance',
    nullable: true,
  }),
  column('gdc_file_id', 'VARCHAR', '', 'GDC file id', 'GDC file UUID of the slide image.', {
    role: 'provenance',
    nullable: true,
  }),
  column(
    'mpp',
    'DOUBLE',
    'µm/px',
    'Level-0 µm per pixel',
    'Level-0 pixel size of the slide image; level-0 px = µm / mpp.',
    { role: 'provenance' },
  ),
  column('width_um', 'FLOAT', 'µm', 'Width', 'Width of the analysed slide area (processing frame), µm.', {
    role: 'provenance',
  }),
  column('height_um', 'FLOAT', 'µm', 'Height', 'Height of the analysed slide area, µm.', { role: 'provenance' }),
  column(
    'tissue_cell_um',
    'FLOAT',
    'µm',
    'Tissue-map cell',
    'Side of one tissue-map cell (2 µm for Cerberus); null when the slide has no tissue map.',
    { role: 'provenance', nullable: true },
  ),
  column('tissue_width', 'INTEGER', 'cell', 'Tissue-map width', 'Tissue-map columns; null without a tissue map.', {
    role: 'provenance',
    nullable: true,
  }),
  column('tissue_height', 'INTEGER', 'cell', 'Tissue-map height', 'Tissue-map rows; null without a tissue map.', {
    role: 'provenance',
    nullable: true,
  }),
  column(
    'source',
    'VARCHAR',
    '',
    'Source',
    'Input format and variant the objects were read from (e.g. cerberus-dat, pickle protocol 3).',
    { role: 'provenance' },
  ),
];

/** Clinical and molecular columns joined from the slide table (patient-level values). */
const CLINICAL: ColumnDef[] = [
  column('project', 'VARCHAR', '', 'Project', 'TCGA project: COAD (colon) or READ (rectum).', {
    nullable: true,
    role: 'category',
    levels: ['COAD', 'READ'],
  }),
  column('age_years', 'FLOAT', 'years', 'Age at diagnosis', 'Age at initial pathologic diagnosis.', {
    nullable: true,
    role: 'feature',
    domain: [0, 120],
  }),
  column('sex', 'VARCHAR', '', 'Sex', 'Sex as recorded by TCGA.', {
    nullable: true,
    role: 'category',
    levels: ['Female', 'Male'],
  }),
  column('stage', 'VARCHAR', '', 'AJCC stage', 'AJCC pathologic stage group (sub-stages A–C merged).', {
    nullable: true,
    role: 'category',
    levels: ['I', 'II', 'III', 'IV'],
  }),
  column('msi_status', 'VARCHAR', '', 'MSI status', 'Microsatellite instability status (Thorsson et al. 2018).', {
    nullable: true,
    role: 'category',
    levels: ['MSS', 'MSI-L', 'MSI-H'],
  }),
  column('cms', 'VARCHAR', '', 'CMS', 'Consensus molecular subtype (Guinney et al. 2015).', {
    nullable: true,
    role: 'category',
    levels: ['CMS1', 'CMS2', 'CMS3', 'CMS4'],
  }),
  column('molecular_subtype', 'VARCHAR', '', 'Molecular subtype', 'TCGA PanCancer Atlas molecular subtype.', {
    nullable: true,
    role: 'category',
    levels: ['CIN', 'GS', 'MSI', 'POLE'],
  }),
  column('side', 'VARCHAR', '', 'Colon side', 'Left or right colon.', {
    nullable: true,
    role: 'category',
    levels: ['Left', 'Right'],
  }),
  column('os_months', 'FLOAT', 'months', 'Overall survival time', 'Months from diagnosis to death or last follow-up.', {
    nullable: true,
    domain: [0, Infinity],
  }),
  column('os_event', 'BOOLEAN', '', 'Overall survival event', 'True when the patient died (false = censored).', {
    nullable: true,
    role: 'category',
  }),
  column(
    'dss_months',
    'FLOAT',
    'months',
    'Disease-specific survival time',
    'Months to death with tumour or censoring.',
    { nullable: true, domain: [0, Infinity] },
  ),
  column('dss_event', 'BOOLEAN', '', 'Disease-specific survival event', 'True when the patient died with tumour.', {
    nullable: true,
    role: 'category',
  }),
  column('pfs_months', 'FLOAT', 'months', 'Progression-free survival time', 'Months to progression or censoring.', {
    nullable: true,
    domain: [0, Infinity],
  }),
  column('pfs_event', 'BOOLEAN', '', 'Progression-free survival event', 'True when the disease progressed.', {
    nullable: true,
    role: 'category',
  }),
];

/** Slide-level image features computed by the pipeline from the object tables. */
const IMAGE_FEATURES: ColumnDef[] = [
  column(
    'tissue_area_mm2',
    'FLOAT',
    'mm²',
    'Tissue area',
    'Area of non-background tissue-map cells; null without a tissue map.',
    { nullable: true, domain: [0, Infinity] },
  ),
  ...tissueClasses.map((t) =>
    column(
      `tissue_${t.key}_fraction`,
      'FLOAT',
      '',
      `${t.name} fraction`,
      `Fraction of the tissue area classified as ${t.name.toLowerCase()}; null without a tissue map.`,
      { nullable: true, domain: [0, 1] },
    ),
  ),
  column('nuclei_count', 'INTEGER', 'count', 'Nuclei', 'Number of nuclei on the slide.', { domain: [0, Infinity] }),
  ...nucleusClasses.map((c) =>
    column(
      `nuclei_${c.key}_count`,
      'INTEGER',
      'count',
      `${c.name} nuclei`,
      `Number of ${c.name.toLowerCase()} nuclei on the slide.`,
      { domain: [0, Infinity] },
    ),
  ),
  column(
    'nuclei_density_per_mm2',
    'FLOAT',
    'per mm²',
    'Nuclear density',
    'Nuclei per mm² of tissue; null without a tissue map.',
    { nullable: true, domain: [0, Infinity] },
  ),
  ...nucleusClasses.map((c) =>
    column(
      `nuclei_${c.key}_density_per_mm2`,
      'FLOAT',
      'per mm²',
      `${c.name} density`,
      `${c.name} nuclei per mm² of tissue; null without a tissue map.`,
      { nullable: true, domain: [0, Infinity] },
    ),
  ),
  ...DENSITY_REGIONS.flatMap((region) =>
    nucleusClasses.map((c) =>
      column(
        `nuclei_${c.key}_density_in_${region}_per_mm2`,
        'FLOAT',
        'per mm²',
        `${c.name} density in ${region}`,
        `${c.name} nuclei whose centroid lies in ${region} tissue, per mm² of ${region} tissue; null when the slide has no ${region} tissue.`,
        { nullable: true, domain: [0, Infinity] },
      ),
    ),
  ),
  column(
    'til_ratio_tumour',
    'FLOAT',
    '',
    'TIL ratio in tumour',
    'Lymphocytes per epithelial nucleus inside tumour tissue (a tumour-infiltrating-lymphocyte proxy); null without tumour epithelial nuclei.',
    { nullable: true, domain: [0, Infinity] },
  ),
  column('gland_count', 'INTEGER', 'count', 'Glands', 'Number of glands (class gland; surface epithelium excluded).', {
    domain: [0, Infinity],
  }),
  column(
    'gland_density_per_mm2',
    'FLOAT',
    'per mm²',
    'Gland density',
    'Glands per mm² of tissue; null without a tissue map.',
    { nullable: true, domain: [0, Infinity] },
  ),
  column('gland_area_mean_um2', 'FLOAT', 'µm²', 'Mean gland area', 'Mean area of glands; null without glands.', {
    nullable: true,
    domain: [0, Infinity],
  }),
  column('gland_area_median_um2', 'FLOAT', 'µm²', 'Median gland area', 'Median area of glands; null without glands.', {
    nullable: true,
    domain: [0, Infinity],
  }),
  column(
    'gland_solidity_mean',
    'FLOAT',
    '',
    'Mean gland solidity',
    'Mean solidity of glands (lower = more irregular architecture); null without glands.',
    { nullable: true, domain: [0, 1] },
  ),
  column('lumen_count', 'INTEGER', 'count', 'Lumina', 'Number of lumina on the slide.', { domain: [0, Infinity] }),
  column('lumen_fraction', 'FLOAT', '', 'Lumen fraction', 'Total lumen area / total gland area; null without glands.', {
    nullable: true,
    domain: [0, 1],
  }),
  column(
    'epithelial_area_mean_um2',
    'FLOAT',
    'µm²',
    'Epithelial nuclear area (mean)',
    'Mean area of epithelial nuclei; null without them.',
    { nullable: true, domain: [0, Infinity] },
  ),
  column(
    'epithelial_area_sd_um2',
    'FLOAT',
    'µm²',
    'Epithelial nuclear area (SD)',
    'Standard deviation of epithelial nuclear area (pleomorphism).',
    { nullable: true, domain: [0, Infinity] },
  ),
  column(
    'epithelial_eccentricity_mean',
    'FLOAT',
    '',
    'Epithelial eccentricity (mean)',
    'Mean eccentricity of epithelial nuclei.',
    { nullable: true, domain: [0, 1] },
  ),
  column('epithelial_solidity_mean', 'FLOAT', '', 'Epithelial solidity (mean)', 'Mean solidity of epithelial nuclei.', {
    nullable: true,
    domain: [0, 1],
  }),
  column(
    'epithelial_circularity_mean',
    'FLOAT',
    '',
    'Epithelial circularity (mean)',
    'Mean circularity of epithelial nuclei.',
    { nullable: true, domain: [0, 1] },
  ),
];

/** Identity and provenance columns of `slides` (from the slide table and the input files). */
export const SLIDE_IDENTITY_COLUMNS: readonly ColumnDef[] = IDENTITY;
/** Clinical columns of `slides` (joined from the slide table). */
export const SLIDE_CLINICAL_COLUMNS: readonly ColumnDef[] = CLINICAL;
/** Slide-level image features of `slides` (computed by the pipeline). */
export const SLIDE_IMAGE_FEATURE_COLUMNS: readonly ColumnDef[] = IMAGE_FEATURES;

/** Columns of the `slides` table, in file order. */
export const SLIDES_COLUMNS: readonly ColumnDef[] = [...IDENTITY, ...CLINICAL, ...IMAGE_FEATURES];
