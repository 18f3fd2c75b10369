/**
 * Runs /usr/bin/python3 (the system Python with joblib and numpy) from tests, with a timeout,
 * so fixtures come from the real library rather than from a re-implementation of its format.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The interpreter tests use: Debian's python3 with joblib 1.2, numpy 1.24, scipy 1.10. */
export const PYTHON = '/usr/bin/python3';

/** Absolute path of a file under test/fixtures, e.g. fixturePath('cerberus/make_dat.py'). */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
}

/** Runs `python3 script.py ...args` (or `python3 -c code` when `code` is given); resolves to stdout, rejects with stderr. */
export function runPython(
  input:
    | { readonly script: string; readonly args?: readonly string[] }
    | { readonly code: string; readonly args?: readonly string[] },
  options: { readonly timeoutMs?: number; readonly cwd?: string } = {},
): Promise<string> {
  const argv = 'script' in input ? [input.script, ...(input.args ?? [])] : ['-c', input.code, ...(input.args ?? [])];
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      argv,
      { timeout: options.timeoutMs ?? 60_000, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`python3 failed (${error.message.split('\n')[0]}):\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
