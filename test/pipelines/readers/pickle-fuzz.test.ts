import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCerberusDat } from '@/pipelines/readers/cerberus-dat';
import { ReadError } from '@/pipelines/readers/read-error';
import { fixturePath } from '../../support/python';
import { seededRandom as random } from '../../support/seeded-random';

function mutate(original: Uint8Array, next: () => number): Uint8Array {
  const roll = next();
  if (roll < 0.3) return original.slice(0, Math.floor(next() * original.length));
  const bytes = original.slice();
  const flips = 1 + Math.floor(next() * 4);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(next() * bytes.length);
    bytes[at] = roll < 0.65 ? bytes[at]! ^ (1 << Math.floor(next() * 8)) : Math.floor(next() * 256);
  }
  return bytes;
}

const fixtures = [
  'cerberus-2022-p3-unpadded.dat',
  'joblib12-p4-padded.dat',
  'joblib12-p2-numpy32.dat',
  'joblib12-p5-nuclei-only.dat',
  'joblib12-p4-zlib3.dat',
];

describe('parseCerberusDat on truncated and bit-flipped fixtures', () => {
  for (const [index, name] of fixtures.entries()) {
    it(`either reads or throws ReadError, quickly (${name}, 1000 seeded mutations)`, async () => {
      const original = new Uint8Array(readFileSync(fixturePath(`cerberus/${name}`)));
      const next = random(1000 + index);
      let slowest = 0;
      const outcomes = { ok: 0, readError: 0 };
      for (let i = 0; i < 1000; i++) {
        const bytes = mutate(original, next);
        const start = performance.now();
        try {
          await parseCerberusDat(bytes, `${name}#${i}`);
          outcomes.ok++;
        } catch (error) {
          if (!(error instanceof ReadError))
            throw new Error(`${name} mutation ${i}: ${String(error)}`, { cause: error });
          outcomes.readError++;
        }
        slowest = Math.max(slowest, performance.now() - start);
      }
      expect(outcomes.readError).toBeGreaterThan(100);
      expect(slowest).toBeLessThan(500);
    });
  }
});
