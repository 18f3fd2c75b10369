/**
 * Entry point of `npm run pipeline -- <command> [args]`. The only top-level catch of the CLI.
 */
import { COMMANDS } from './commands/index';
import { CliError } from './cli-error';
import { realEffects, type Effects } from './effects';

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], effects: Effects = realEffects): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    effects.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    effects.err(`error: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    effects.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, effects);
  } catch (error) {
    if (error instanceof CliError) {
      effects.err(`error: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: npm run pipeline -- <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run a command with --help for its options.',
  ].join('\n');
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(70);
    },
  );
}
