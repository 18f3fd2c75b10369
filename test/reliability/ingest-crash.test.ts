/**
 * Crash safety of `ingest` (issue 10 §1): SIGKILL at seeded random moments, then `--resume`;
 * the dataset must be byte-identical to an uninterrupted run, with no temp files left and
 * `verify` passing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDataset } from '../../pipelines/commands/verify';
import { listFiles, runPipeline, snapshotDataset, stageReached } from '../support/crash-harness';
import { seededRandom } from '../support/seeded-random';
import { makeTempDir } from '../support/temp-dir';

const RUNS = Number(process.env.ATLAS_CRASH_RUNS ?? 20);
const SEED = Number(process.env.ATLAS_CRASH_SEED ?? 20261126);
const SLIDES = 4;

describe('ingest survives SIGKILL at random moments', () => {
  const temp = makeTempDir('atlas-crash-');
  const results = join(temp.dir, 'results');
  const reference = join(temp.dir, 'reference');
  const ingestArgs = (out: string, resume: boolean): string[] =>
    ['ingest', results, '--out', out, '--slides', join(results, 'slides.csv'), '--jobs', '2', '--id', 'crash-test', ...(resume ? ['--resume'] : [])]; // prettier-ignore
  let referenceMs = 0;
  let referenceFiles = 0;
  let expected = new Map<string, string>();

  beforeAll(async () => {
    const simulated = await runPipeline(['simulate', '--profile', 'test', '--out', results]);
    expect(simulated.code, simulated.stderr).toBe(0);
    const run = await runPipeline(ingestArgs(reference, false), {
      ms: 1e9,
      watch: { dir: reference, files: Infinity },
    });
    expect(run.code, run.stderr).toBe(0);
    referenceMs = run.ms;
    // Distinct file names seen while it ran (temp files, partitions, records, manifest): the progress scale of kills.
    referenceFiles = run.seen.size;
    expected = snapshotDataset(reference);
  }, 120_000);
  afterAll(() => temp.remove());

  it('the reference run is a complete, verified dataset', () => {
    expect(expected.has('manifest.json')).toBe(true);
    expect([...expected.keys()].filter((f) => f.endsWith('.parquet')).length).toBeGreaterThanOrEqual(1 + 5 * SLIDES);
    expect(verifyDataset(reference).problems).toEqual([]);
  });

  it(
    `${RUNS} killed-and-resumed runs (seed ${SEED}) end byte-identical to the reference`,
    async () => {
      const random = seededRandom(SEED);
      const stages: string[] = [];
      for (let k = 0; k < RUNS; k++) {
        const out = join(temp.dir, `run-${k}`);
        // One run in five is killed at a random time during start-up; the rest when a random number of
        // the reference's files have appeared, plus a random delay of up to 250 ms.
        const duringStartup = random() < 0.2;
        const files = 1 + Math.floor(random() * referenceFiles);
        const killAt = Math.round(random() * (duringStartup ? 2000 : 250));
        const plan = duringStartup ? { ms: killAt } : { ms: killAt, watch: { dir: out, files } };
        const killed = await runPipeline(ingestArgs(out, false), plan);
        const stage = killed.signal === 'SIGKILL' ? stageReached(out, SLIDES) : 'completed before the kill';
        stages.push(`${duringStartup ? 'spawn' : `file ${files}/${referenceFiles}`} + ${killAt} ms: ${stage}`);
        const resumed = await runPipeline(ingestArgs(out, true));
        const context = `run ${k}, killed at ${killAt} ms (${stage})\n${resumed.stdout}\n${resumed.stderr}`;
        expect(resumed.code, context).toBe(0);
        expect(
          listFiles(out).filter((f) => f.endsWith('.atlas-tmp')),
          context,
        ).toEqual([]);
        expect(Object.fromEntries(snapshotDataset(out)), context).toEqual(Object.fromEntries(expected));
        expect(verifyDataset(out).problems, context).toEqual([]);
      }
      // The seeded kills must hit the interesting window, not only before start-up or after the end.
      const mid = stages.filter((s) => /slides recorded|finalizing|folders only/.test(s)).length;
      console.info(`ingest crash harness (reference ${Math.round(referenceMs)} ms):\n  ${stages.join('\n  ')}`);
      expect(mid, stages.join('\n')).toBeGreaterThanOrEqual(Math.ceil(RUNS / 4));
    },
    RUNS * 20_000,
  );

  it('`verify` flags a tampered file by name', async () => {
    const run = await runPipeline(['verify', reference]);
    expect(run.code, run.stderr).toBe(0);
    const victim = [...expected.keys()].find((f) => f.startsWith('nuclei/'))!;
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(reference, victim), 'x');
    const bad = await runPipeline(['verify', reference]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`MISMATCH ${victim}`);
  });
});
