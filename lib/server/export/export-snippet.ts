/**
 * Ready-to-run code that reproduces an export from the released dataset: DuckDB SQL and
 * Python/pandas, both run from the dataset folder.
 */
import { literal } from '../../db/sql';
import type { ObjectFilter } from '../../filters';
import { tableGlob } from '../../contract/layout';
import { exportColumns, exportSelectSql, type ExportSpec } from './export-spec';

/** DuckDB SQL selecting exactly the exported rows and columns, in export order. */
export function duckdbSnippet(spec: ExportSpec): string {
  const from = `read_parquet(${literal(tableGlob(spec.kind))}, hive_partitioning = true, hive_types = {'slide_id': VARCHAR})`;
  return `-- Run in DuckDB from the dataset folder (the one holding manifest.json).\n${exportSelectSql(spec, { ordered: true, from })};`;
}

function pandasFilter(filter: ObjectFilter): string[] {
  const masks: string[] = [];
  if (filter.classes) masks.push(`df["class_id"].isin(${JSON.stringify(filter.classes)})`);
  if (filter.tissue) masks.push(`df["tissue_class"].isin(${JSON.stringify(filter.tissue)})`);
  if (filter.inGland !== undefined) masks.push(`df["gland_id"].${filter.inGland ? 'notna' : 'isna'}()`);
  for (const range of filter.ranges ?? []) {
    if (range.min !== undefined) masks.push(`(df[${JSON.stringify(range.feature)}] >= ${range.min})`);
    if (range.max !== undefined) masks.push(`(df[${JSON.stringify(range.feature)}] <= ${range.max})`);
  }
  return masks;
}

/** Python (pandas + pyarrow) selecting exactly the exported rows and columns, in export order. */
export function pandasSnippet(spec: ExportSpec): string {
  const masks = pandasFilter(spec.filter);
  if (spec.bbox) {
    const [minX, minY, maxX, maxY] = spec.bbox;
    masks.push(`df["x_um"].between(${minX}, ${maxX})`, `df["y_um"].between(${minY}, ${maxY})`);
  }
  const slideFilter = spec.slides ? `, filters=[("slide_id", "in", ${JSON.stringify(spec.slides)})]` : '';
  const columns = JSON.stringify(exportColumns(spec).map((c) => c.name));
  return [
    '# Run from the dataset folder (the one holding manifest.json); needs pandas and pyarrow.',
    'import pandas as pd',
    `df = pd.read_parquet("${spec.kind}"${slideFilter})`,
    'df["slide_id"] = df["slide_id"].astype(str)',
    ...(masks.length > 0 ? [`df = df[${masks.join(' & ')}]`] : []),
    `df = df.sort_values(["slide_id", "object_id"])[${columns}].reset_index(drop=True)`,
    'print(len(df), "rows")',
  ].join('\n');
}
