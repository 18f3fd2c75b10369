/**
 * The viewer tests' subject: the `test` dataset opened with one DuckDB thread and its slide with
 * the most nuclei, as a viewer context, a slide source and the whole-slide box (µm).
 */
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import type { ViewerContext } from '../../lib/server/viewer/served-slide';
import type { SlideSource } from '../../lib/server/viewer/slide-source';
import type { Box } from '../../lib/viewer/level-of-detail';
import { ensureTestDataset } from './test-dataset';

/** The opened test dataset and its largest slide. Close `dataset` after the tests. */
export interface LargestTestSlide {
  readonly dataset: OpenedDataset;
  readonly source: SlideSource;
  readonly viewer: ViewerContext;
  readonly whole: Box;
  /** The slide's row of the slides table (tissue grid size and cell, among others). */
  readonly row: Record<string, unknown>;
}

/** Opens the `test` dataset (built when missing) and picks its slide with the most nuclei. */
export async function openLargestTestSlide(): Promise<LargestTestSlide> {
  const dataset = await openDataset(await ensureTestDataset(), { threads: 1 });
  const row = (
    await dataset.connection.runAndReadAll('SELECT * FROM slides ORDER BY nuclei_count DESC, slide_id LIMIT 1')
  ).getRowObjectsJS()[0]!;
  return {
    dataset,
    row,
    source: { dir: dataset.dir, slideId: String(row.slide_id) },
    viewer: { connection: dataset.connection, database: dataset },
    whole: { minX: 0, minY: 0, maxX: Number(row.width_um), maxY: Number(row.height_um) },
  };
}
