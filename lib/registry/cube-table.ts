import { column, type ColumnDef } from './column';

/** Columns of `nuclei_cube`: exact nucleus counts per feature bin × class × tissue × in-gland, per slide. */
export const NUCLEI_CUBE_COLUMNS: readonly ColumnDef[] = [
  column(
    'feature',
    'VARCHAR',
    '',
    'Feature',
    "Nucleus feature whose bins are counted ('*' = the base slice, one bin 0, every nucleus).",
    { role: 'key' },
  ),
  column(
    'bin',
    'SMALLINT',
    '',
    'Bin',
    'Bin of the feature (lib/registry/bins.ts): -1 below the first edge, k for [edge k, edge k+1), count for ≥ the last edge. Nuclei with a null value are not counted.',
    { role: 'key' },
  ),
  column('class_id', 'TINYINT', '', 'Nucleus class', 'Class of the counted nuclei.', {
    role: 'class',
    classes: 'nucleus',
  }),
  column('tissue_class', 'TINYINT', '', 'Tissue class', 'Tissue class under the counted nuclei.', {
    role: 'class',
    classes: 'tissue',
  }),
  column('in_gland', 'BOOLEAN', '', 'In gland', 'Whether the counted nuclei lie inside a gland.', { role: 'category' }),
  column('count', 'INTEGER', 'count', 'Nuclei', 'Nuclei in the cell.', { domain: [0, Infinity] }),
  column(
    'at_lower_edge',
    'INTEGER',
    'count',
    'At lower edge',
    'Of those, nuclei whose value equals the lower edge exactly (makes inclusive upper bounds exact).',
    { domain: [0, Infinity] },
  ),
];
