import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { streamCopy } from './copy-stream';

/** Rows per Parquet row group: DuckDB's default, a multiple of its 2048-row vectors. */
const ROW_GROUP_SIZE = 122_880;

/**
 * Streams `selectSql` as a Parquet file (Snappy, which every reader decodes, including pure-JS
 * ones such as hyparquet that lack ZSTD), written by DuckDB's COPY straight into the response
 * through a FIFO (copy-stream.ts): row groups leave as soon as they are written.
 */
export function streamParquet(dataset: OpenedDataset, selectSql: string): ReadableStream<Uint8Array> {
  return streamCopy(dataset, [selectSql], `FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${ROW_GROUP_SIZE}`);
}
