import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readPngGray } from '@/pipelines/readers/png-gray';
import { encodePngGray, writePngGray } from '@/pipelines/writers/png-gray-writer';
import { runPython } from '@/test/support/python';
import { makeTempDir } from '@/test/support/temp-dir';

const temp = makeTempDir();
afterAll(temp.remove);

// Read each PNG with PIL and with skimage.io; print [mode, shape, pixels] per reader.
const READ = `
import json, sys
import numpy as np
from PIL import Image
from skimage import io
out = {}
for path in sys.argv[1:]:
    pil = Image.open(path)
    arr = np.asarray(pil)
    sk = io.imread(path)
    out[path] = [pil.mode, list(arr.shape), arr.ravel().tolist(), list(sk.shape), sk.ravel().tolist()]
print(json.dumps(out))
`;

/** Deterministic pseudo-random pixels (mulberry32), so the PNG filters see varied data. */
function pixels(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) % 256;
  }
  return out;
}

describe('writePngGray', () => {
  it('writes 8-bit greyscale PNGs that PIL and skimage.io read identically', async () => {
    const cases = [
      { name: 'noise.png', width: 37, height: 23, data: pixels(37 * 23, 7) },
      { name: 'classes.png', width: 5, height: 4, data: Uint8Array.from({ length: 20 }, (_, i) => i % 9) },
      { name: 'one.png', width: 1, height: 1, data: Uint8Array.from([255]) },
    ];
    for (const { name, width, height, data } of cases) await writePngGray(join(temp.dir, name), width, height, data);
    const stdout = await runPython({ code: READ, args: cases.map(({ name }) => join(temp.dir, name)) });
    const read = JSON.parse(stdout) as Record<string, [string, number[], number[], number[], number[]]>;
    for (const { name, width, height, data } of cases) {
      expect(read[join(temp.dir, name)], name).toEqual([
        'L',
        [height, width],
        Array.from(data),
        [height, width],
        Array.from(data),
      ]);
    }
    expect(readdirSync(temp.dir).sort()).toEqual(['classes.png', 'noise.png', 'one.png']); // no temp files left
  });

  it('round-trips through readPngGray (property)', () => {
    const image = fc
      .record({ width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }) })
      .chain(({ width, height }) =>
        fc.record({
          width: fc.constant(width),
          height: fc.constant(height),
          pixels: fc.uint8Array({ minLength: width * height, maxLength: width * height }),
        }),
      );
    fc.assert(
      fc.property(image, ({ width, height, pixels: data }) => {
        const decoded = readPngGray(encodePngGray(width, height, data), 'mem.png');
        expect([decoded.width, decoded.height]).toEqual([width, height]);
        expect(decoded.pixels).toEqual(data);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('refuses a pixel count that does not match the size', () => {
    expect(() => encodePngGray(3, 2, new Uint8Array(5))).toThrow(/3×2 does not match 5 pixels/);
  });
});
