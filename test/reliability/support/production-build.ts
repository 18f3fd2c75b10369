/**
 * Makes sure `.next` holds a production build at least as new as the sources, building it
 * (`next build`) when not. Run server tests under `flock /tmp/atlas-next-build.lock` so no other
 * build replaces `.next` while the server runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the app unless `.next/BUILD_ID` is newer than app/, lib/, proxy.ts and next.config.js. */
export function ensureProductionBuild(): void {
  const built = join(ROOT, '.next', 'BUILD_ID');
  const sources = Math.max(...['app', 'lib', 'proxy.ts', 'next.config.js'].map((p) => newestMtime(join(ROOT, p))));
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
}
