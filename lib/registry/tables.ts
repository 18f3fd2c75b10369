import type { ColumnDef } from './column';
import { GLANDS_COLUMNS, LUMINA_COLUMNS, NUCLEI_COLUMNS, TISSUE_COLUMNS } from './object-tables';
import { SLIDES_COLUMNS } from './slide-columns';
import { NUCLEI_GRID_COLUMNS } from './aggregate-tables';
import { NUCLEI_CUBE_COLUMNS } from './cube-table';

/** Object kinds of the data contract: one Hive-partitioned Parquet table each. */
export const OBJECT_KINDS = ['nuclei', 'glands', 'lumina'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** Every table of a dataset. */
export const TABLE_IDS = ['slides', ...OBJECT_KINDS, 'tissue', 'nuclei_grid', 'nuclei_cube'] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** One table of the data contract. */
export interface TableDef {
  readonly id: TableId;
  readonly label: string;
  readonly description: string;
  /** Path of the table inside a dataset folder; partitioned tables are folders `slide_id=<id>/`. */
  readonly path: string;
  readonly partitionedBySlide: boolean;
  readonly columns: readonly ColumnDef[];
}

/** The registry of tables; every Parquet schema, API allow-list, legend and doc table derives from it. */
export const TABLES: Readonly<Record<TableId, TableDef>> = {
  slides: {
    id: 'slides',
    label: 'Slides',
    description: 'One row per slide: identity, clinical data and slide-level image features.',
    path: 'slides.parquet',
    partitionedBySlide: false,
    columns: SLIDES_COLUMNS,
  },
  nuclei: {
    id: 'nuclei',
    label: 'Nuclei',
    description: 'One row per nucleus.',
    path: 'nuclei',
    partitionedBySlide: true,
    columns: NUCLEI_COLUMNS,
  },
  glands: {
    id: 'glands',
    label: 'Glands',
    description: 'One row per gland (including surface epithelium).',
    path: 'glands',
    partitionedBySlide: true,
    columns: GLANDS_COLUMNS,
  },
  lumina: {
    id: 'lumina',
    label: 'Lumina',
    description: 'One row per gland lumen.',
    path: 'lumina',
    partitionedBySlide: true,
    columns: LUMINA_COLUMNS,
  },
  tissue: {
    id: 'tissue',
    label: 'Tissue map',
    description: 'Run-length encoded rows of the tissue-type map (Cerberus patch classification, 2 µm cells).',
    path: 'tissue',
    partitionedBySlide: true,
    columns: TISSUE_COLUMNS,
  },
  nuclei_grid: {
    id: 'nuclei_grid',
    label: 'Nucleus grid',
    description: 'Exact multi-resolution aggregates of nuclei per class for zoomed-out maps (never sampled).',
    path: 'nuclei_grid',
    partitionedBySlide: true,
    columns: NUCLEI_GRID_COLUMNS,
  },
  nuclei_cube: {
    id: 'nuclei_cube',
    label: 'Nucleus cube',
    description:
      'Exact pre-aggregated nucleus counts per fixed feature bin, class, tissue class and in/out of gland, for cohort-wide filters and histograms in milliseconds.',
    path: 'nuclei_cube',
    partitionedBySlide: true,
    columns: NUCLEI_CUBE_COLUMNS,
  },
};

/** The numeric, filterable feature columns of a table (role `feature`). */
export function featureColumns(table: TableId): readonly ColumnDef[] {
  return TABLES[table].columns.filter((c) => c.role === 'feature');
}

/** The column `name` of `table`, or undefined when the registry has no such column. */
export function findColumn(table: TableId, name: string): ColumnDef | undefined {
  return TABLES[table].columns.find((c) => c.name === name);
}

/** Tables stored as one Parquet file per slide (Hive partitions `slide_id=<id>`). */
export const PARTITIONED_TABLES = TABLE_IDS.filter((id): id is Exclude<TableId, 'slides'> => id !== 'slides');
export type PartitionedTableId = (typeof PARTITIONED_TABLES)[number];
