import { TABLES, type PartitionedTableId } from '../registry';

/** File name of the dataset manifest inside a dataset folder. */
export const MANIFEST_FILE = 'manifest.json';

/** Slide ids are TCGA-like barcodes or file stems: safe as a path segment and in a URL. */
export const SLIDE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True when `value` is a syntactically valid slide id. */
export function isSlideId(value: string): boolean {
  return SLIDE_ID_PATTERN.test(value) && !value.includes('..');
}

/** Relative path of one slide's Parquet file of a partitioned table (Hive layout). */
export function partitionFile(table: PartitionedTableId, slideId: string): string {
  if (!isSlideId(slideId)) throw new Error(`invalid slide id: ${JSON.stringify(slideId)}`);
  return `${TABLES[table].path}/slide_id=${slideId}/data.parquet`;
}

/** Relative glob that reads a partitioned table as one Hive-partitioned table. */
export function tableGlob(table: PartitionedTableId): string {
  return `${TABLES[table].path}/slide_id=*/*.parquet`;
}
