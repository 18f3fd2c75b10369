/**
 * The `test` profile dataset (4 real TCGA slide ids, simulated objects), built once through the
 * real pipeline (simulate → ingest) and cached under test/.tmp keyed by a hash of the sources
 * that shape it, so every test that needs a dataset uses the same real one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../pipelines/cli';
import { fakeEffects } from './fake-effects';

const ROOT = resolve(import.meta.dirname, '../..');

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, path);
    else if (/\.(ts|csv|json)$/.test(entry.name)) hash.update(path.slice(ROOT.length)).update(readFileSync(path));
  }
}

/** Folder of the cached test dataset for the current sources. */
export function testDatasetDir(): string {
  const hash = createHash('sha256');
  for (const dir of ['pipelines', 'lib/registry', 'lib/contract', 'lib/geometry', 'data/reference'])
    if (existsSync(join(ROOT, dir))) hashTree(hash, join(ROOT, dir));
  return join(ROOT, 'test', '.tmp', `test-dataset-${hash.digest('hex').slice(0, 12)}`);
}

/** Builds (or reuses) the test dataset and returns its folder. */
export async function ensureTestDataset(): Promise<string> {
  const dir = testDatasetDir();
  if (existsSync(join(dir, 'dataset', 'manifest.json'))) return join(dir, 'dataset');
  const work = `${dir}.${process.pid}.building`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const effects = fakeEffects();
  const code = await main(['demo', '--profile', 'test', '--out', join(work, 'dataset'), '--jobs', '1'], effects);
  if (code !== 0)
    throw new Error(
      `building the test dataset failed (exit ${code}):\n${[...effects.stdout, ...effects.stderr].join('\n')}`,
    );
  try {
    renameSync(work, dir);
  } catch {
    // Another process finished first: use its copy.
    rmSync(work, { recursive: true, force: true });
  }
  if (!existsSync(join(dir, 'dataset', 'manifest.json')) || !statSync(join(dir, 'dataset')).isDirectory())
    throw new Error(`test dataset missing at ${dir}`);
  return join(dir, 'dataset');
}
