/**
 * The demo dataset (all 625 real slides, simulated objects) that `npm start` builds at
 * data/datasets/demo. Tests reuse it when it is complete (CI's `npm start` step builds it first)
 * and build it through the real `demo` command otherwise. Delete the folder to force a rebuild.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../pipelines/cli';
import { fakeEffects } from './fake-effects';

const DEMO = resolve(import.meta.dirname, '../../data/datasets/demo');

/** Returns the demo dataset folder, building it first when missing or incomplete. */
export async function ensureDemoDataset(): Promise<string> {
  const manifest = join(DEMO, 'manifest.json');
  if (
    existsSync(manifest) &&
    (JSON.parse(readFileSync(manifest, 'utf8')) as { counts: { slides: number } }).counts.slides >= 600
  )
    return DEMO;
  const effects = fakeEffects();
  const code = await main(['demo', '--out', DEMO], effects);
  if (code !== 0)
    throw new Error(
      `building the demo dataset failed (exit ${code}):\n${[...effects.stdout, ...effects.stderr].slice(-20).join('\n')}`,
    );
  return DEMO;
}
