/**
 * `npm run pipeline -- simulate`: writes a simulated cohort on the real TCGA colorectal slide list
 * in genuine Cerberus output format (see docs/simulation.md).
 */
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../simulate/profiles';
import { runSimulation } from '../simulate/run';
import type { Command } from './command';

const HELP = `usage: npm run pipeline -- simulate --profile test|demo|full --out RESULTS_DIR [options]

Simulates Cerberus results (RESULTS_DIR/dat/<stem>.dat, RESULTS_DIR/tissue/<stem>.mat) for real
TCGA-COAD/READ diagnostic slides, with planted effects linked to the real clinical table, plus
RESULTS_DIR/slides.csv for \`ingest --slides\`. Slides already written are skipped.

profiles:
${PROFILE_NAMES.map((name) => `  ${name.padEnd(5)} ${PROFILES[name].description}`).join('\n')}

options:
  --profile NAME   test, demo or full (required)
  --out DIR        results folder (required)
  --slides N       only the first N slides of the profile
  --scale S        tissue-area scale (1 = real size; overrides the profile)
  --seed N         random seed (default 1)
  --jobs N         worker threads (default 1)`;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new CliError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`, 2);
  }
  return value;
}

/** The simulate command. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write a simulated Cerberus cohort on the real TCGA CRC slide list',
  help: HELP,
  async run(argv, effects) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          profile: { type: 'string' },
          out: { type: 'string' },
          slides: { type: 'string' },
          scale: { type: 'string' },
          seed: { type: 'string' },
          jobs: { type: 'string' },
        },
      }));
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const profile = values.profile;
    if (profile === undefined || !(PROFILE_NAMES as readonly string[]).includes(profile)) {
      throw new CliError(`--profile must be one of ${PROFILE_NAMES.join(', ')}`, 2);
    }
    if (values.out === undefined) throw new CliError('--out RESULTS_DIR is required', 2);
    const seedText = values.seed ?? '1';
    const seed = Number(seedText);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new CliError(`--seed must be an integer in [0, 2^32), got "${seedText}"`, 2);
    const summary = await runSimulation(
      {
        profile: profile as ProfileName,
        outDir: values.out,
        slides: positiveNumber('slides', values.slides, true),
        scale: positiveNumber('scale', values.scale, false),
        seed,
        jobs: positiveNumber('jobs', values.jobs, true) ?? 1,
      },
      effects,
    );
    effects.out(
      `simulated ${summary.slides} slides (${summary.skipped} already present) into ${values.out}: ` +
        `${summary.nuclei} nuclei, ${summary.glands} glands, ${summary.lumina} lumina in ${summary.seconds.toFixed(1)} s`,
    );
    return 0;
  },
};
