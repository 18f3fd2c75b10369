import { join } from 'node:path';
import { CliError } from '../cli-error';
import { parseCommandArgs } from './arguments';
import type { Command } from './command';

const HELP = `usage: npm run pipeline -- demo [--out DATASET_DIR] [--profile demo|test] [--jobs N]

Builds the built-in demo dataset through the same door as real data: the simulator writes
genuine Cerberus-format results (joblib .dat + .mat tissue maps + slides.csv) for the real TCGA
COAD/READ slide list, then ingest turns them into the dataset. The objects are simulated.

options:
  --out DIR        dataset folder (default data/datasets/demo); results go to DIR-results
  --profile NAME   simulation profile: demo (default, all 625 slides) or test (4 tiny slides)
  --jobs N         worker threads (default: number of cores)`;

/** `demo`: simulate → ingest into the demo dataset (what `npm start` runs on first start). */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'build the simulated demo dataset (simulate + ingest)',
  help: HELP,
  run: async (argv, effects) => {
    const { values } = parseCommandArgs(
      'demo',
      argv,
      { out: { type: 'string' }, profile: { type: 'string' }, jobs: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const out = values.out ?? join('data', 'datasets', 'demo');
    const profile = values.profile ?? 'demo';
    if (profile !== 'demo' && profile !== 'test')
      throw new CliError(`--profile must be demo or test, got "${profile}"`, 2);
    const results = `${out.replace(/\/+$/, '')}-results`;
    const jobs = values.jobs ? ['--jobs', values.jobs] : [];
    // Imported lazily: the command list includes this command.
    const { COMMANDS } = await import('./index');
    const simulate = COMMANDS.find((c) => c.name === 'simulate');
    const ingest = COMMANDS.find((c) => c.name === 'ingest');
    if (!simulate || !ingest) throw new CliError('demo needs the simulate and ingest commands');
    const simulated = await simulate.run(['--profile', profile, '--out', results, ...jobs], effects);
    if (simulated !== 0) return simulated;
    return ingest.run(
      [
        results,
        '--out',
        out,
        '--slides',
        join(results, 'slides.csv'),
        '--id',
        profile,
        '--simulated',
        '--resume',
        ...jobs,
      ],
      effects,
    );
  },
};
