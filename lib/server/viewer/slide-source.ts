import 'server-only';
import { join } from 'node:path';
import { partitionFile } from '../../contract/layout';
import { literal } from '../../db/sql';
import type { PartitionedTableId } from '../../registry';

/** Where a viewer query reads one slide's table: the dataset folder and the slide id. */
export interface SlideSource {
  readonly dir: string;
  readonly slideId: string;
}

/** A FROM-clause table expression reading `table` of one slide straight from its Parquet file (no glob). */
export function slideTableSql(source: SlideSource, table: PartitionedTableId): string {
  return `read_parquet(${literal(join(source.dir, partitionFile(table, source.slideId)))})`;
}
