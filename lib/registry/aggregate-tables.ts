import { column, type ColumnDef } from './column';

/** Cell sizes (µm) of the multi-resolution nucleus aggregates, finest first. */
export const GRID_LEVELS_UM = [16, 64, 256, 1024] as const;

/** Columns of the `nuclei_grid` table: exact nucleus counts per class per grid cell at several cell sizes. */
export const NUCLEI_GRID_COLUMNS: readonly ColumnDef[] = [
  column(
    'level_um',
    'SMALLINT',
    'µm',
    'Cell size',
    `Side of the square grid cell, one of ${GRID_LEVELS_UM.join(', ')} µm.`,
    { role: 'key' },
  ),
  column('col', 'INTEGER', 'cell', 'Column', 'Cell column: floor(x_um / level_um).', { role: 'position' }),
  column('row', 'INTEGER', 'cell', 'Row', 'Cell row: floor(y_um / level_um).', { role: 'position' }),
  column('class_id', 'TINYINT', '', 'Nucleus class', 'Class of the counted nuclei.', {
    role: 'class',
    classes: 'nucleus',
  }),
  column('count', 'INTEGER', 'count', 'Nuclei', 'Number of nuclei of that class whose centroid lies in the cell.', {
    domain: [0, Infinity],
  }),
  column('area_sum_um2', 'DOUBLE', 'µm²', 'Summed area', 'Sum of area_um2 of those nuclei (mean = sum / count).', {
    domain: [0, Infinity],
  }),
];
