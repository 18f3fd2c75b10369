/**
 * The `test`-profile dataset (4 simulated slides, ≈ 12 k nuclei) for cohort and export tests:
 * the lead's `ensureTestDataset()` when test/support/test-dataset.ts exists, else built once
 * here with the real pipeline (simulate + ingest) into a cached folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CACHE = join(tmpdir(), 'atlas-cohort-test-dataset-v1');
const run = promisify(execFile);

async function buildWithPipeline(): Promise<string> {
  if (existsSync(join(CACHE, 'manifest.json'))) return CACHE;
  const work = `${CACHE}.${process.pid}.${Date.now()}`;
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const options = { cwd: ROOT, timeout: 300_000, env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } };
  await run(tsx, ['pipelines/cli.ts', 'simulate', '--profile', 'test', '--out', `${work}-results`], options);
  await run(
    tsx,
    [
      'pipelines/cli.ts',
      'ingest',
      `${work}-results`,
      '--slides',
      `${work}-results/slides.csv`,
      '--out',
      work,
      '--jobs',
      '1',
      '--simulated',
    ],
    options,
  );
  rmSync(`${work}-results`, { recursive: true, force: true });
  try {
    renameSync(work, CACHE);
  } catch {
    // Another test file built it first: use theirs.
    rmSync(work, { recursive: true, force: true });
  }
  return CACHE;
}

/** Folder of the test dataset (built on first use, then cached). */
export async function cohortTestDataset(): Promise<string> {
  const support = join(ROOT, 'test/support/test-dataset.ts');
  if (existsSync(support)) {
    const helper = (await import(/* @vite-ignore */ support)) as { ensureTestDataset?: () => Promise<string> };
    if (helper.ensureTestDataset) return helper.ensureTestDataset();
  }
  return buildWithPipeline();
}
