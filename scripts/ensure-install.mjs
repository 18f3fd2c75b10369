#!/usr/bin/env node
/**
 * Installs dependencies from the committed lock file (`npm ci`) when node_modules is missing or
 * older than package-lock.json, so `npm start` and `npm test` work on a fresh clone.
 * Plain JavaScript: it runs before any dependency exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** True when node_modules matches the lock file. */
export function isInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

/** Runs `npm ci` when needed. */
export function ensureInstall() {
  if (isInstalled()) return;
  process.stderr.write('Installing dependencies from package-lock.json (npm ci)…\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstall();
