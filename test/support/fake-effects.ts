import type { Effects } from '../../pipelines/effects';

/** Effects that record output lines instead of printing (not a terminal, fixed clock). */
export function fakeEffects(): Effects & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let clock = 0;
  return {
    stdout,
    stderr,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    status: () => undefined,
    isTTY: false,
    now: () => (clock += 10),
  };
}
