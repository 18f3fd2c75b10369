/**
 * Side effects a pipeline command may use, injected so tests can pass fakes
 * (STYLE.md §9: thin CLI, pure core, injected effects).
 */
export interface Effects {
  /** Writes one line of normal output (stdout). */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics (stderr). */
  readonly err: (line: string) => void;
  /** Writes raw text to stderr without a newline (progress bars redraw with '\r'). */
  readonly status: (text: string) => void;
  /** True when stderr is a terminal (progress bars then, plain log lines otherwise). */
  readonly isTTY: boolean;
  /** Current time in milliseconds (injected for deterministic tests). */
  readonly now: () => number;
}

/** The real effects: process stdout/stderr and the wall clock. */
export const realEffects: Effects = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  status: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  now: () => Date.now(),
};
