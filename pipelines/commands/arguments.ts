/** Command-line parsing shared by the pipeline commands: node's parseArgs with CLI-friendly errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from '../cli-error';

/** Parses `argv` with `options`; unknown flags or a wrong positional count become CliErrors (exit 2). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: readonly string[],
  options: T,
  positionals: { min: number; max: number },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${command}: ${(error as Error).message} (see --help)`, 2);
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new CliError(
      `${command}: expected ${positionals.min === positionals.max ? positionals.min : `${positionals.min}–${positionals.max}`} argument(s), got ${parsed.positionals.length} (see --help)`,
      2,
    );
  }
  return parsed;
}

/** Parses a positive integer flag value. */
export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got "${value}"`, 2);
  return n;
}
