/**
 * vitest globalSetup of the browser project: builds the production app once per run
 * (`next build`), so browser tests exercise exactly what `npm start` serves.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Runs `next build` in the project root. */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
}
