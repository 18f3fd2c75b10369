import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCerberusDat } from '@/pipelines/readers/cerberus-dat';
import { ReadError } from '@/pipelines/readers/read-error';
import type { SlideResult } from '@/pipelines/readers/types';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath, runPython } from '../../support/python';
import { seededRandom as random } from '../../support/seeded-random';

/** Truncates, flips bits or overwrites bytes anywhere in the file, or (half the time) in its last quarter. */
function mutate(original: Uint8Array, next: () => number): Uint8Array {
  const from = next() < 0.5 ? 0 : Math.floor((original.length * 3) / 4);
  const at = () => from + Math.floor(next() * (original.length - from));
  const roll = next();
  if (roll < 0.2) return original.slice(0, at());
  const bytes = original.slice();
  const flips = 1 + Math.floor(next() * 3);
  for (let i = 0; i < flips; i++) {
    const where = at();
    bytes[where] = roll < 0.6 ? bytes[where]! ^ (1 << Math.floor(next() * 8)) : Math.floor(next() * 256);
  }
  return bytes;
}

async function outcome(bytes: Uint8Array, file: string, fastPath: boolean): Promise<SlideResult | string> {
  try {
    return await parseCerberusDat(bytes, file, { fastPath });
  } catch (error) {
    if (error instanceof ReadError) return `ReadError: ${error.message}`;
    throw new Error(`${file} (fastPath ${fastPath}): ${String(error)}`, { cause: error });
  }
}

const temp = makeTempDir('cerberus-fast-fuzz-');
afterAll(() => temp.remove());

/** 1300 nuclei: a batch of 1000 (its first record read by the general path, the rest fast), then one of 300. */
const SPECS: Record<string, object> = {
  'joblib12-p4': { seed: 21, protocol: 4, nuclei: 1300, glands: -1, lumina: -1, vertices: [3, 6] },
  'joblib11-p3': { seed: 22, protocol: 3, padded: false, nuclei: 1300, glands: -1, lumina: -1, vertices: [3, 6] },
};

beforeAll(async () => {
  await Promise.all(
    Object.entries(SPECS).map(([name, spec]) =>
      runPython({
        script: fixturePath('cerberus/make_dat.py'),
        args: [join(temp.dir, `${name}.dat`), JSON.stringify({ expected: false, ...spec })],
      }),
    ),
  );
});

describe('the record fast path on mutated files', () => {
  for (const [index, name] of Object.keys(SPECS).entries()) {
    it(`gives the general path's result or ReadError, quickly (${name}, 100 seeded mutations)`, async () => {
      const original = new Uint8Array(readFileSync(join(temp.dir, `${name}.dat`)));
      const next = random(2000 + index);
      let slowest = 0;
      const outcomes = { ok: 0, readError: 0 };
      for (let i = 0; i < 100; i++) {
        const bytes = mutate(original, next);
        const start = performance.now();
        const fast = await outcome(bytes, `${name}#${i}`, true);
        slowest = Math.max(slowest, performance.now() - start);
        const slow = await outcome(bytes, `${name}#${i}`, false);
        if (typeof fast === 'string') outcomes.readError++;
        else outcomes.ok++;
        // node's deep equality compares typed arrays bytewise (vitest's toEqual is far slower on 10^4 elements)
        if (!isDeepStrictEqual(fast, slow)) expect(fast, `mutation ${i}`).toEqual(slow);
      }
      expect(outcomes.readError).toBeGreaterThan(10);
      expect(outcomes.ok).toBeGreaterThan(10);
      expect(slowest).toBeLessThan(2000);
    }, 180_000);
  }
});
