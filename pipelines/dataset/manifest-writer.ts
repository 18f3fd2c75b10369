/**
 * Builds and writes `manifest.json`: lists every file of a dataset folder with size and sha256.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MANIFEST_FILE } from '../../lib/contract/layout';
import { ManifestSchema, type Manifest, type ManifestFile } from '../../lib/contract/manifest';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-write';

/** sha256 (hex) of a file's bytes. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A file's hash as computed earlier, valid while its size and modification time are unchanged. */
export interface KnownHash {
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/**
 * Every file under `dir` except the manifest, temp files and dot-folders, sorted, with size and
 * sha256; a file in `known` (by dataset-relative path) with the same size and mtime is not read again.
 */
export function listDatasetFiles(dir: string, known: ReadonlyMap<string, KnownHash> = new Map()): ManifestFile[] {
  const files: ManifestFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      // Dot-entries (pipeline state such as .ingest/, temp files) are not part of the dataset.
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) {
        const rel = relative(dir, path).split(sep).join('/');
        if (rel === MANIFEST_FILE) continue;
        const stat = statSync(path);
        const earlier = known.get(rel);
        const unchanged = earlier !== undefined && earlier.bytes === stat.size && earlier.mtimeMs === stat.mtimeMs;
        files.push({ path: rel, bytes: stat.size, sha256: unchanged ? earlier.sha256 : sha256File(path) });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Writes `<dir>/manifest.json` for the files now in `dir` (`files`, when the caller has just
 * listed them: hashing a dataset twice costs seconds at full scale); returns the manifest.
 */
export function writeManifest(
  dir: string,
  fields: Omit<Manifest, 'files'>,
  files: readonly ManifestFile[] = listDatasetFiles(dir),
): Manifest {
  const manifest = ManifestSchema.parse({ ...fields, files });
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
