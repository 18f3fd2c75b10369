/**
 * Benchmarks that import server modules run in a child Node with the react-server condition
 * (so `server-only` resolves) and print their figures as JSON; these helpers run and parse them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchFigure } from './figure';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs benchmark `script` in a child Node (react-server condition); resolves to its figures. */
export function runInChild(script: string, scale: string, workDir: string): Promise<BenchFigure[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', script, scale, workDir, '--json'],
      { cwd: ROOT, timeout: 3_600_000, maxBuffer: 1 << 24 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${script}: ${error.message}\n${stderr}`))
          : resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]')),
    );
  });
}

/** A Bench whose figures come from running `script` in a child process. */
export function childBench(name: string, script: string): Bench {
  return { name, run: ({ scale, workDir }) => runInChild(script, scale, workDir) };
}

/** The command-line entry of such a script: measure in-process with --json, else via a child. */
export async function runAsScript(
  script: string,
  measure: (scale: string, workDir: string) => Promise<BenchFigure[]>,
): Promise<void> {
  const [scale = 'smoke', workDir = join(ROOT, 'bench/results/work')] = process.argv.slice(2);
  mkdirSync(workDir, { recursive: true });
  const json = process.argv.includes('--json');
  const figures = json ? await measure(scale, workDir) : await runInChild(script, scale, workDir);
  console.log(json ? JSON.stringify(figures) : JSON.stringify(figures, null, 2));
}
