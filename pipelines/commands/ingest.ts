import { availableParallelism } from 'node:os';
import { CliError } from '../cli-error';
import { formatIngestReport, runIngest } from '../ingest/run-ingest';
import { parseCommandArgs, parsePositiveInt } from './arguments';
import type { Command } from './command';

const HELP = `usage: npm run pipeline -- ingest RESULTS_DIR --out DATASET_DIR [options]

Reads per-slide model outputs and writes an Atlas dataset (docs/data-model.md).

RESULTS_DIR holds Cerberus output — <slide>.dat at the top or under dat/, tissue maps
tissue/<slide>.mat (or .png) — or HoVer-Net <slide>.json, or QuPath <slide>.geojson.

options:
  --out DIR        dataset folder to write (created; an existing dataset is rebuilt)
  --slides FILE    CSV/TSV slide table: slide_id, optional file_name, mpp, patient_id,
                   gdc_file_id and clinical columns named as in docs/data-model.md
  --jobs N         worker threads across slides (default: number of cores)
  --shard i/n      process every n-th slide starting with the i-th (1-based), for
                   Slurm job arrays or Kubernetes indexed jobs; the last shard finalizes
  --resume         keep slides already done, redo only the rest
  --id ID          dataset id in the manifest (default: the folder name)
  --mpp X          level-0 µm/px for slides whose file and table do not state it
  -h, --help       this help

Exit code 0 when every slide was ingested, 1 when any failed (see the report).`;

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]), count = Number(match?.[2]); // prettier-ignore
  if (!match || count < 1 || index < 1 || index > count)
    throw new CliError(`--shard must be i/n with 1 ≤ i ≤ n, got "${value}"`, 2);
  return { index: index - 1, count };
}

/** `ingest`: results folder → dataset. */
export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'turn a folder of per-slide model outputs into an Atlas dataset',
  help: HELP,
  run: async (argv, effects) => {
    const { values, positionals } = parseCommandArgs('ingest', argv, {
      out: { type: 'string' }, slides: { type: 'string' }, jobs: { type: 'string' }, shard: { type: 'string' },
      resume: { type: 'boolean', default: false }, id: { type: 'string' }, mpp: { type: 'string' }, simulated: { type: 'boolean', default: false },
    }, { min: 1, max: 1 }); // prettier-ignore
    if (!values.out) throw new CliError('ingest: --out DATASET_DIR is required (see --help)', 2);
    const mpp = values.mpp === undefined ? undefined : Number(values.mpp);
    if (mpp !== undefined && !(mpp > 0 && mpp < 100))
      throw new CliError(`--mpp must be a positive number of µm per pixel, got "${values.mpp}"`, 2);
    let report;
    try {
      report = await runIngest(
        { resultsDir: positionals[0]!, outDir: values.out, slidesPath: values.slides, jobs: parsePositiveInt('jobs', values.jobs, Math.max(1, availableParallelism())), shard: parseShard(values.shard), resume: values.resume, datasetId: values.id, mpp, simulated: values.simulated },
        effects,
      ); // prettier-ignore
    } catch (error) {
      throw new CliError(`ingest: ${(error as Error).message}`);
    }
    for (const line of formatIngestReport(report)) effects.out(line);
    return report.failed.length > 0 ? 1 : 0;
  },
};
