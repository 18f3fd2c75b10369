import type { Effects } from '../effects';

/** One `npm run pipeline -- <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. Throws CliError for user errors. */
  readonly run: (argv: readonly string[], effects: Effects) => Promise<number>;
}
