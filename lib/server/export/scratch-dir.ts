import 'server-only';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cache = globalThis as typeof globalThis & { __atlasExportScratch?: string };
const PREFIX = 'atlas-export-';

/** True when a process with this PID exists (signal 0 only checks; EPERM means it exists but is someone else's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes scratch folders left by this user's servers that died without running their exit handler
 * (SIGKILL, power loss): `atlas-export-<pid>-*` whose PID no longer exists. Folders of live
 * servers, of other users, and any that cannot be removed stay; the sweep never throws.
 */
export function sweepStaleScratchDirs(parent: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      // Only our own user's folders (another user's server on a shared /tmp is none of ours).
      if (statSync(join(parent, name)).uid !== process.getuid?.()) continue;
      rmSync(join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove, or already gone: leave it; exports use their own new folder anyway.
    }
  }
  return removed;
}

/**
 * This process's private scratch folder for exports (mode 0700, under the OS temp folder, removed
 * at exit; left-overs of dead servers are swept when it is created): the only folder besides the
 * dataset that the server's sandboxed DuckDB may write, where each export's FIFO lives. Shared
 * through globalThis, since Next.js may load this module once per route bundle and the sandbox is
 * set only once. Recreated if a temp cleaner removed it.
 */
export function exportScratchDir(): string {
  let dir = cache.__atlasExportScratch;
  if (!dir) {
    const parent = resolve(/*turbopackIgnore: true*/ tmpdir());
    sweepStaleScratchDirs(parent);
    dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
    cache.__atlasExportScratch = dir;
    const created = dir;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
