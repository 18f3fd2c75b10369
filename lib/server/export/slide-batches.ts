/**
 * Groups an export's slides into consecutive batches of bounded stored size, one DuckDB COPY each
 * (csv-export.ts): large enough that per-statement overhead vanishes, small enough that DuckDB's
 * ordered CSV writer cannot buffer far ahead. Pure.
 */
import { partitionFile } from '../../contract/layout';
import type { Manifest } from '../../contract/manifest';
import type { ObjectKind } from '../../registry';

/** Stored Parquet bytes per batch: ≈ 1 M nuclei with contours (≈ 37 bytes each). */
export const BATCH_BYTES = 32 * 2 ** 20;

/**
 * `slides` (in export order) cut into consecutive runs whose partition files of `kind` hold at
 * most `maxBytes` together (a larger slide is a batch of its own); sizes come from the manifest.
 */
export function slideBatches(
  manifest: Pick<Manifest, 'files'>,
  kind: ObjectKind,
  slides: readonly string[],
  maxBytes = BATCH_BYTES,
): string[][] {
  const sizes = new Map(manifest.files.map((f) => [f.path, f.bytes]));
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const slide of slides) {
    const size = sizes.get(partitionFile(kind, slide)) ?? 0;
    if (current.length > 0 && bytes + size > maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(slide);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
