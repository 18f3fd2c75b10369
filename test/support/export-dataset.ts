/**
 * What the export tests share: the test dataset opened as the server opens it for exports
 * (sandboxed, with the export scratch folder allowed: DuckDB's COPY writes its FIFOs there) with
 * its slide ids, an export resolved as the endpoint resolves it, and reading a stream to the end.
 */
import { rmSync } from 'node:fs';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import type { ResolvedExport } from '../../lib/server/export/export-request';
import type { ExportSpec } from '../../lib/server/export/export-spec';
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

/** `spec` resolved as the endpoint resolves it: uncompressed, every slide (`allSlides`) unless the spec names some. */
export function resolvedExport(
  spec: ExportSpec,
  format: ResolvedExport['format'],
  allSlides: readonly string[],
  extra: Partial<ResolvedExport> = {},
): ResolvedExport {
  return { spec, format, gzip: false, slides: spec.slides ?? allSlides, fileName: `test.${format}`, ...extra };
}

/** The bytes of `stream`, read to the end. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part);
  return Buffer.concat(parts);
}
