import type { Command } from './command';
import { demoCommand } from './demo';
import { ingestCommand } from './ingest';
import { inspectCommand } from './inspect';
import { simulateCommand } from './simulate';
import { verifyCommand } from './verify';

/** Every pipeline command, in the order `--help` lists them. Add a command by adding it here. */
export const COMMANDS: readonly Command[] = [
  inspectCommand,
  ingestCommand,
  verifyCommand,
  simulateCommand,
  demoCommand,
];
