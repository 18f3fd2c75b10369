/**
 * Benchmark datasets are built once into the work folder and reused while they match this code's
 * data model; one of another version (lib/registry/version.ts) is removed so that it is rebuilt.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_MODEL_VERSION } from '../lib/registry';

/** True when `dir` holds a finished dataset of the current data model; removes one of another version. */
export function reusableDataset(dir: string): boolean {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const { dataModelVersion } = JSON.parse(readFileSync(manifest, 'utf8')) as { dataModelVersion?: number };
  if (dataModelVersion === DATA_MODEL_VERSION) return true;
  rmSync(dir, { recursive: true, force: true });
  return false;
}
