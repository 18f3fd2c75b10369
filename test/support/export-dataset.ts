/**
 * The test dataset opened as the server opens it for exports: sandboxed, with the export scratch
 * folder allowed (DuckDB's COPY writes its FIFOs there), plus its slide ids.
 */
import { rmSync } from 'node:fs';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import { exportScratchDir } from '../../lib/server/export/scratch-dir';
import { ensureTestDataset } from './test-dataset';

/** Opens the test dataset for exports (2 threads); returns it with its slide ids in order. */
export async function openExportTestDataset(): Promise<{ dataset: OpenedDataset; slides: string[] }> {
  const dataset = await openDataset(await ensureTestDataset(), {
    threads: 2,
    sandbox: { extraDirectories: [exportScratchDir()] },
  });
  const slides = (await dataset.connection.runAndReadAll('SELECT slide_id FROM slides ORDER BY 1'))
    .getRows()
    .map((r) => String(r[0]));
  return { dataset, slides };
}

/** Closes `dataset` (if opened) and removes the export scratch folder. */
export function closeExportTestDataset(dataset: OpenedDataset | undefined): void {
  dataset?.close();
  rmSync(exportScratchDir(), { recursive: true, force: true });
}
