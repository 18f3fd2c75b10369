#!/usr/bin/env node
/**
 * `npm start`: installs dependencies if needed, builds the app if its sources changed, builds the
 * demo dataset on first run (unless ATLAS_DATASET names another dataset), then serves the app on
 * HOST:PORT (default 127.0.0.1:3000) in this same process, which then owns the port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const DEMO_DIR = 'data/datasets/demo';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function ensureBuild() {
  const buildId = join(root, '.next', 'BUILD_ID');
  const sources = ['app', 'lib', 'next.config.js', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json'].map(
    (p) => newestMtime(join(root, p)),
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= Math.max(...sources)) return;
  process.stderr.write('Building the app (next build)…\n');
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: root, stdio: 'inherit', env });
}

/** The data-model version this checkout writes (lib/registry/version.ts). */
function currentDataModelVersion() {
  const source = readFileSync(join(root, 'lib/registry/version.ts'), 'utf8');
  const match = /DATA_MODEL_VERSION = (\d+)/.exec(source);
  if (!match) throw new Error('lib/registry/version.ts does not define DATA_MODEL_VERSION');
  return Number(match[1]);
}

/** The demo's data-model version, or undefined when there is no complete demo. */
function demoDataModelVersion() {
  const manifest = join(root, DEMO_DIR, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  return JSON.parse(readFileSync(manifest, 'utf8')).dataModelVersion;
}

function ensureDemoDataset() {
  if (process.env.ATLAS_DATASET) return;
  const built = demoDataModelVersion();
  const wanted = currentDataModelVersion();
  if (built === wanted) return;
  if (built !== undefined) {
    process.stderr.write(`The demo dataset has data model ${built}; this version writes ${wanted}: rebuilding it…\n`);
    rmSync(join(root, DEMO_DIR), { recursive: true, force: true });
  } else {
    process.stderr.write('First run: building the demo dataset (simulated objects on the real TCGA slide list)…\n');
  }
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'pipelines/cli.ts', 'demo', '--out', DEMO_DIR], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
}

ensureInstall();
ensureBuild();
ensureDemoDataset();

const host = process.env.HOST ?? '127.0.0.1';
const port = process.env.PORT ?? '3000';
const dataset = resolve(root, process.env.ATLAS_DATASET ?? DEMO_DIR);
process.stderr.write(`Serving ${dataset} on http://${host}:${port}\n`);
// Run `next start` inside this process, so the PID that `npm start` reports is the one owning the port.
Object.assign(process.env, { NEXT_TELEMETRY_DISABLED: '1', ATLAS_DATASET: dataset });
process.chdir(root);
process.argv = [process.argv[0], join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', host, '-p', port];
await import(join(root, 'node_modules/next/dist/bin/next'));
