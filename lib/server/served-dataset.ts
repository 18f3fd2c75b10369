import 'server-only';
import { resolve } from 'node:path';
import { openDataset, type OpenedDataset } from '../dataset/open-dataset';
import { hasCube, loadCube } from './cohort/cube-source';
import { exportScratchDir } from './export/scratch-dir';

/** Folder of the demo dataset that `npm start` builds on first run, relative to the project root. */
export const DEMO_DATASET_DIR = 'data/datasets/demo';

/** The dataset folder this server serves: `ATLAS_DATASET`, else the demo dataset. */
export function servedDatasetDir(): string {
  // The dataset lives outside the build; tell Turbopack not to trace the file system from here.
  return resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.ATLAS_DATASET ?? DEMO_DATASET_DIR);
}

/**
 * Folders besides the dataset that the server's DuckDB may touch: the process's private export
 * folder, where CSV and Parquet exports have DuckDB COPY into a FIFO (lib/server/export/copy-stream.ts).
 */
export function serverScratchDirectories(): string[] {
  return [exportScratchDir()];
}

/** What the server has: an opened dataset, or the reason it has none. */
export type ServedDataset =
  | { readonly ok: true; readonly dataset: OpenedDataset }
  | { readonly ok: false; readonly dir: string; readonly reason: string };

const cache = globalThis as typeof globalThis & { __atlasDataset?: Promise<ServedDataset> };

/**
 * Opens the served dataset once per process (later calls share it), sandboxed: DuckDB reads only
 * the dataset folder (and writes only the scratch folder), with its configuration locked.
 */
export function getServedDataset(): Promise<ServedDataset> {
  cache.__atlasDataset ??= (async (): Promise<ServedDataset> => {
    const dir = servedDatasetDir();
    try {
      const dataset = await openDataset(dir, {
        sandbox: { extraDirectories: serverScratchDirectories() },
        ...(process.env.ATLAS_DUCKDB_MEMORY ? { memoryLimit: process.env.ATLAS_DUCKDB_MEMORY } : {}),
      });
      for (const file of dataset.damaged)
        console.error(`[dataset] ${file.path}: ${file.problem}; left out, slide ${file.slideId ?? '?'} will fail`);
      // Load the nucleus cube in the background, so the first cohort-wide query does not pay for it.
      if (hasCube(dataset))
        loadCube(dataset).catch((error: unknown) =>
          console.error(`[dataset] loading the nucleus cube failed; cohort queries will retry: ${String(error)}`),
        );
      return { ok: true, dataset };
    } catch (error) {
      // A missing dataset is a normal state (not built yet): the pages say how to build it.
      delete cache.__atlasDataset;
      return { ok: false, dir, reason: error instanceof Error ? error.message : String(error) };
    }
  })();
  return cache.__atlasDataset;
}

/** A message for people when a slide's data files are damaged or missing, else undefined. */
export function slideDamage(dataset: OpenedDataset, slideId: string): string | undefined {
  const files = dataset.damaged.filter((d) => d.slideId === slideId);
  if (files.length === 0) return undefined;
  return `The data of slide ${slideId} is damaged or missing on the server (${files.map((f) => f.path.split('/')[0]).join(', ')}); run \`npm run pipeline -- verify\` on the dataset.`;
}
