import 'server-only';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cache = globalThis as typeof globalThis & { __atlasExportScratch?: string };

/**
 * This process's private scratch folder for exports (mode 0700, under the OS temp folder, removed
 * at exit): the only folder besides the dataset that the server's sandboxed DuckDB may write,
 * where each export's FIFO lives. Shared through globalThis, since Next.js may load this module
 * once per route bundle and the sandbox is set only once. Recreated if a temp cleaner removed it.
 */
export function exportScratchDir(): string {
  let dir = cache.__atlasExportScratch;
  if (!dir) {
    dir = mkdtempSync(join(resolve(/*turbopackIgnore: true*/ tmpdir()), 'atlas-export-'));
    cache.__atlasExportScratch = dir;
    const created = dir;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
