/**
 * The demo dataset (all 625 real slides, simulated objects) that `npm start` builds at
 * data/datasets/demo. Tests reuse it when it is complete (CI's `npm start` step builds it first)
 * and build it through the real `demo` command otherwise (a demo of another data-model version is rebuilt). Delete the folder to force a rebuild.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATA_MODEL_VERSION } from '../../lib/registry';
import { main } from '../../pipelines/cli';
import { fakeEffects } from './fake-effects';

const DEMO = resolve(import.meta.dirname, '../../data/datasets/demo');

/** Returns the demo dataset folder, building it first when missing or incomplete. */
export async function ensureDemoDataset(): Promise<string> {
  const manifest = join(DEMO, 'manifest.json');
  if (existsSync(manifest)) {
    const built = JSON.parse(readFileSync(manifest, 'utf8')) as {
      counts: { slides: number };
      dataModelVersion: number;
    };
    if (built.counts.slides >= 600 && built.dataModelVersion === DATA_MODEL_VERSION) return DEMO;
    if (built.dataModelVersion !== DATA_MODEL_VERSION) rmSync(DEMO, { recursive: true, force: true });
  }
  const effects = fakeEffects();
  const code = await main(['demo', '--out', DEMO], effects);
  if (code !== 0)
    throw new Error(
      `building the demo dataset failed (exit ${code}):\n${[...effects.stdout, ...effects.stderr].slice(-20).join('\n')}`,
    );
  return DEMO;
}
