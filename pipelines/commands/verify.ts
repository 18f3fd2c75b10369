import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readManifest } from '../../lib/dataset/open-dataset';
import { listDatasetFiles, sha256File } from '../dataset/manifest-writer';
import { CliError } from '../cli-error';
import { parseCommandArgs } from './arguments';
import type { Command } from './command';

const HELP = `usage: npm run pipeline -- verify DATASET_DIR

Checks every file of a dataset against manifest.json: present, same size, same sha256; and that
no unlisted data file is present. Exit code 0 when all match, 1 on any mismatch (each listed).`;

/** One problem found by verify. */
export interface VerifyProblem {
  readonly path: string;
  readonly problem: string;
}

/** Compares a dataset folder with its manifest; returns the problems (empty when intact). */
export function verifyDataset(dir: string): { files: number; problems: VerifyProblem[] } {
  const manifest = readManifest(dir);
  const problems: VerifyProblem[] = [];
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    if (!existsSync(path)) problems.push({ path: file.path, problem: 'missing' });
    else if (statSync(path).size !== file.bytes)
      problems.push({ path: file.path, problem: `size ${statSync(path).size} bytes, manifest says ${file.bytes}` });
    else if (sha256File(path) !== file.sha256)
      problems.push({ path: file.path, problem: 'content differs (sha256 mismatch)' });
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const file of listDatasetFiles(dir))
    if (!listed.has(file.path)) problems.push({ path: file.path, problem: 'not listed in the manifest' });
  return { files: manifest.files.length, problems };
}

/** `verify`: checks a dataset against its manifest. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check every file of a dataset against its manifest (sha256)',
  help: HELP,
  run: async (argv, effects) => {
    const { positionals } = parseCommandArgs('verify', argv, {}, { min: 1, max: 1 });
    const dir = resolve(positionals[0]!);
    let result;
    try {
      result = verifyDataset(dir);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    for (const p of result.problems) effects.err(`MISMATCH ${p.path}: ${p.problem}`);
    effects.out(
      result.problems.length === 0
        ? `ok: ${result.files} files match the manifest`
        : `${result.problems.length} problem(s) in ${result.files} files`,
    );
    return result.problems.length === 0 ? 0 : 1;
  },
};
