import { CLASS_DICTIONARIES } from './classes';
import { column, type ColumnDef } from './column';
import {
  bboxColumns,
  contourColumns,
  geoParquetGeometryColumn,
  morphologyColumns,
  objectCoreColumns,
  tissueClassColumn,
} from './object-columns';
import { STORED_BITS } from './object-columns';

const nucleusClassesWithoutNone = CLASS_DICTIONARIES.nucleus.filter((c) => c.id !== 0);

/** Columns of the `nuclei` table, in file order. */
export const NUCLEI_COLUMNS: readonly ColumnDef[] = [
  ...objectCoreColumns('nucleus'),
  ...morphologyColumns(),
  tissueClassColumn(),
  column(
    'gland_id',
    'INTEGER',
    '',
    'Gland',
    'object_id of the gland whose contour contains the centroid; null when outside every gland.',
    { role: 'relation', nullable: true },
  ),
  column(
    'nn_distance_um',
    'FLOAT',
    'µm',
    'Nearest-neighbour distance',
    'Distance from the centroid to the nearest other nucleus centroid of the slide.',
    { nullable: true, significantBits: STORED_BITS, domain: [0, Infinity] },
  ),
  column(
    'neighbours_50um',
    'SMALLINT',
    'count',
    'Neighbours within 50 µm',
    'Number of other nucleus centroids within 50 µm of this centroid.',
    { domain: [0, Infinity] },
  ),
  column(
    'lumen_distance_um',
    'FLOAT',
    'µm',
    'Distance to lumen',
    'For nuclei inside a gland: distance from the centroid to the nearest lumen boundary of that gland; null otherwise or when the gland has no lumen.',
    { nullable: true, significantBits: STORED_BITS, domain: [0, Infinity] },
  ),
  ...contourColumns(),
];

/** Columns of the `glands` table, in file order. */
export const GLANDS_COLUMNS: readonly ColumnDef[] = [
  ...objectCoreColumns('gland'),
  ...bboxColumns(),
  ...morphologyColumns(),
  tissueClassColumn(),
  column('lumen_count', 'SMALLINT', 'count', 'Lumina', 'Number of lumina whose centroid lies inside the gland.', {
    domain: [0, Infinity],
  }),
  column('lumen_area_um2', 'FLOAT', 'µm²', 'Lumen area', 'Total area of those lumina.', { domain: [0, Infinity] }),
  column('lumen_fraction', 'FLOAT', '', 'Lumen fraction', 'Lumen area / gland area.', { domain: [0, 1] }),
  column('nuclei_count', 'INTEGER', 'count', 'Nuclei', 'Number of nuclei whose centroid lies inside the gland.', {
    domain: [0, Infinity],
  }),
  ...nucleusClassesWithoutNone.map((c) =>
    column(
      `nuclei_${c.key}_count`,
      'INTEGER',
      'count',
      `${c.name} nuclei`,
      `Number of ${c.name.toLowerCase()} nuclei whose centroid lies inside the gland.`,
      { domain: [0, Infinity] },
    ),
  ),
  column('nuclear_density_per_mm2', 'FLOAT', 'per mm²', 'Nuclear density', 'nuclei_count / gland area, per mm².', {
    domain: [0, Infinity],
  }),
  ...contourColumns(),
  geoParquetGeometryColumn(),
  column(
    'source_id',
    'VARCHAR',
    '',
    'Source id',
    "The object's key in the model output (Cerberus hex id), for tracing back to the input file.",
    { role: 'provenance' },
  ),
];

/** Columns of the `lumina` table, in file order. */
export const LUMINA_COLUMNS: readonly ColumnDef[] = [
  ...objectCoreColumns('lumen'),
  ...bboxColumns(),
  ...morphologyColumns(),
  tissueClassColumn(),
  column(
    'gland_id',
    'INTEGER',
    '',
    'Gland',
    'object_id of the gland containing the lumen centroid; null when none does.',
    { role: 'relation', nullable: true },
  ),
  ...contourColumns(),
  geoParquetGeometryColumn(),
  column('source_id', 'VARCHAR', '', 'Source id', "The object's key in the model output (Cerberus hex id).", {
    role: 'provenance',
  }),
];

/** Columns of the `tissue` table: run-length rows of the tissue-type map. */
export const TISSUE_COLUMNS: readonly ColumnDef[] = [
  column(
    'row',
    'INTEGER',
    'cell',
    'Row',
    'Row of the tissue-map grid (cell size `tissue_cell_um` of the slide, 2 µm for Cerberus), 0 at the top.',
    { role: 'position' },
  ),
  column('col_start', 'INTEGER', 'cell', 'First column', 'First column of the run, inclusive.', { role: 'position' }),
  column('col_end', 'INTEGER', 'cell', 'End column', 'Column after the last of the run (exclusive).', {
    role: 'position',
  }),
  column(
    'class_id',
    'TINYINT',
    '',
    'Tissue class',
    'Tissue class of every cell in the run (background runs are not stored).',
    { role: 'class', classes: 'tissue' },
  ),
];
