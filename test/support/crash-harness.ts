/**
 * Crash-safety harness: runs the real `ingest` CLI as a child process (node + tsx, as a user
 * would), kills it with SIGKILL at a chosen moment, and snapshots dataset folders so a resumed
 * run can be compared byte for byte with an uninterrupted one.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** How a child run ended: exit code (null when killed), signal, output and wall time (ms). */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * When to SIGKILL a child: `ms` after spawning, or — with `watch` — `ms` after `watch.files`
 * distinct file names have appeared under `watch.dir` (temp files included), so kills land at
 * chosen points of the work whatever the machine's load does to start-up time.
 */
export interface KillPlan {
  readonly ms: number;
  readonly watch?: { readonly dir: string; readonly files: number };
}

/**
 * Runs `npm run pipeline -- <argv>` as `node --import tsx pipelines/cli.ts <argv>`, optionally
 * killed with SIGKILL per `kill`. `seen` is every file name that appeared under `kill.watch.dir`.
 */
export function runPipeline(argv: readonly string[], kill?: KillPlan): Promise<ChildRun & { seen: Set<string> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'pipelines/cli.ts', ...argv], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  const seen = new Set<string>();
  const arm = (): void => {
    if (kill && !timer) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
  };
  if (kill && !kill.watch) arm();
  const poller = kill?.watch
    ? setInterval(() => {
        for (const file of listFiles(kill.watch!.dir)) seen.add(file);
        if (seen.size >= kill.watch!.files) arm();
      }, 5)
    : undefined;
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poller);
      done({ code, signal, stdout, stderr, ms: performance.now() - started, seen });
    });
  });
}

/** Every file under `dir` (dot-folders included), as '/'-separated relative paths, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  try {
    walk(dir);
  } catch {
    // The folder does not exist yet, or a file vanished (renamed) while walking: a partial list is fine.
  }
  return out.sort();
}

/** sha256 of every published file of a dataset (pipeline state under `.ingest/` excluded). */
export function snapshotDataset(dir: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const path of listFiles(dir))
    if (!path.startsWith('.ingest/'))
      snapshot.set(
        path,
        createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex'),
      );
  return snapshot;
}

/** Coarse stage a killed run reached, judged from what it left on disk. */
export function stageReached(dir: string, slides: number): string {
  const files = listFiles(dir);
  const records = files.filter((f) => f.startsWith('.ingest/slides/') && f.endsWith('.json')).length;
  if (files.includes('manifest.json')) return 'finished';
  if (records === slides) return 'finalizing';
  if (files.length === 0) return existsSync(dir) ? 'folders only' : 'before any output';
  return `${records}/${slides} slides recorded`;
}
