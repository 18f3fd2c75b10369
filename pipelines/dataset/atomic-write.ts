/**
 * Atomic file output: write to a temp name beside the target, fsync, rename into place.
 * A killed process never leaves a half-written file under the final name.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Suffix of temp files; `--resume` and `verify` remove or flag leftovers with it. */
export const TEMP_SUFFIX = '.atlas-tmp';

/** Temp path for `target` (same folder, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}${TEMP_SUFFIX}`);
}

/** Writes `data` to `target` atomically (parent folders are created; the temp file is removed on failure). */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
