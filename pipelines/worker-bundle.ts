/**
 * Worker threads of the pipelines (ingest and simulate `--jobs N`) run from one JavaScript bundle
 * of their TypeScript entry, built with esbuild when the first worker starts (≈ 30 ms). Loading
 * that file costs a worker ≈ 0.3 s of CPU less than loading the TypeScript through tsx's loader
 * (a loader thread, one transform per module), paid by every worker of every run.
 *
 * Packages stay external and resolve from the bundle's folder, inside the project's
 * `node_modules/.cache`. The file name carries the hash of its content, so concurrent runs share
 * a bundle or write the same bytes, and an edited source gives a new file.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeFileAtomic } from './dataset/atomic-write';

/** Where bundles go: a cache folder of the project's own node_modules (packages resolve from it). */
const BUNDLE_DIR = fileURLToPath(new URL('../node_modules/.cache/cerberus-atlas/workers/', import.meta.url));

const bundles = new Map<string, Promise<string>>();

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const path = join(BUNDLE_DIR, `${basename(entry, '.ts')}-${hash}.mjs`);
  try {
    if (!existsSync(path)) writeFileAtomic(path, code);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot write the worker bundle ${path} (${reason}); make the project's node_modules writable or run with --jobs 1`,
    );
  }
  return path;
}

/** The path of the bundle of the TypeScript worker `entry` (built once per process and entry). */
export function workerBundle(entry: URL): Promise<string> {
  const path = fileURLToPath(entry);
  let built = bundles.get(path);
  if (!built) {
    built = bundle(path);
    bundles.set(path, built);
    built.catch(() => bundles.delete(path));
  }
  return built;
}
