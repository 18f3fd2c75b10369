import 'server-only';
import { resolve } from 'node:path';
import { openDataset, type OpenedDataset } from '../dataset/open-dataset';

/** Folder of the demo dataset that `npm start` builds on first run, relative to the project root. */
export const DEMO_DATASET_DIR = 'data/datasets/demo';

/** The dataset folder this server serves: `ATLAS_DATASET`, else the demo dataset. */
export function servedDatasetDir(): string {
  // The dataset lives outside the build; tell Turbopack not to trace the file system from here.
  return resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.ATLAS_DATASET ?? DEMO_DATASET_DIR);
}

/** What the server has: an opened dataset, or the reason it has none. */
export type ServedDataset =
  | { readonly ok: true; readonly dataset: OpenedDataset }
  | { readonly ok: false; readonly dir: string; readonly reason: string };

const cache = globalThis as typeof globalThis & { __atlasDataset?: Promise<ServedDataset> };

/** Opens the served dataset once per process (later calls share it). */
export function getServedDataset(): Promise<ServedDataset> {
  cache.__atlasDataset ??= (async (): Promise<ServedDataset> => {
    const dir = servedDatasetDir();
    try {
      return { ok: true, dataset: await openDataset(dir) };
    } catch (error) {
      // A missing dataset is a normal state (not built yet): the pages say how to build it.
      delete cache.__atlasDataset;
      return { ok: false, dir, reason: error instanceof Error ? error.message : String(error) };
    }
  })();
  return cache.__atlasDataset;
}
