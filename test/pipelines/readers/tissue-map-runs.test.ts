import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMatV5 } from '@/pipelines/writers/mat-v5-writer';
import { readTissueMap, readTissueRuns } from '@/pipelines/readers/tissue-map';
import {
  ColumnMajorRunBuilder,
  runsOfRowMajor,
  tissueClassOfCell,
  type TissueRuns,
} from '@/pipelines/readers/tissue-map-runs';
import { makeTempDir } from '@/test/support/temp-dir';

const temp = makeTempDir();
afterAll(temp.remove);

/** The reference: maximal non-background runs of each row of a row-major grid. */
function naiveRuns(width: number, height: number, cells: Uint8Array): number[][] {
  const runs: number[][] = [];
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width;) {
      const v = cells[r * width + c]!;
      let e = c + 1;
      while (e < width && cells[r * width + e] === v) e++;
      if (v !== 0) runs.push([r, c, e, v]);
      c = e;
    }
  return runs;
}

const asRows = (runs: TissueRuns): number[][] =>
  Array.from({ length: runs.count }, (_, k) => [runs.row[k]!, runs.colStart[k]!, runs.colEnd[k]!, runs.classId[k]!]);

/** A seeded blocky grid (patches with ragged borders, like a Cerberus map) of classes 0–8. */
const gridArbitrary = fc
  .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }), seed: fc.integer() })
  .map(({ width, height, seed }) => {
    let state = seed >>> 0 || 1;
    const next = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
    const cells = new Uint8Array(width * height);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const blocky = Math.floor(r / 6) * 7 + Math.floor(c / 5);
        cells[r * width + c] = next() < 0.15 ? Math.floor(next() * 9) : blocky % 9;
      }
    return { width, height, cells };
  });

function columnMajor(width: number, height: number, cells: Uint8Array): Float32Array {
  const out = new Float32Array(width * height);
  for (let c = 0; c < width; c++) for (let r = 0; r < height; r++) out[c * height + r] = cells[r * width + c]!;
  return out;
}

describe('ColumnMajorRunBuilder', () => {
  it('gives the maximal row runs, class areas and lookups of the grid whatever the chunking (property)', () => {
    fc.assert(
      fc.property(gridArbitrary, fc.integer({ min: 1, max: 97 }), ({ width, height, cells }, chunk) => {
        const builder = new ColumnMajorRunBuilder('map.mat', 'pclass', 2);
        builder.begin([height, width]);
        const values = columnMajor(width, height, cells);
        for (let at = 0; at < values.length; at += chunk) builder.values(values.subarray(at, at + chunk));
        const runs = builder.finish();
        expect(asRows(runs)).toEqual(naiveRuns(width, height, cells));
        expect(asRows(runsOfRowMajor('map.png', 2, width, height, cells))).toEqual(asRows(runs));
        const areas = new Array<number>(9).fill(0);
        for (const v of cells) areas[v]! += 1;
        expect(Array.from(runs.cellsByClass)).toEqual(areas);
        for (let r = -1; r <= height; r++)
          for (let c = -1; c <= width; c++)
            expect(tissueClassOfCell(runs, r, c)).toBe(
              r >= 0 && c >= 0 && r < height && c < width ? cells[r * width + c] : 0,
            );
      }),
      { numRuns: 200 },
    );
  });

  it('names the first invalid cell and rejects a grid cut short', () => {
    const builder = new ColumnMajorRunBuilder('map.mat', 'pclass', 2);
    builder.begin([3, 2]);
    expect(() => builder.values(Float32Array.from([1, 1, 2, 2, 0.5, 2]))).toThrow(
      'tissue class at row 1, column 1 is 0.5; expected an integer 0–8',
    );
    const short = new ColumnMajorRunBuilder('map.mat', 'pclass', 2);
    short.begin([3, 2]);
    short.values(Float32Array.from([1, 1, 2, 2]));
    expect(() => short.finish()).toThrow(/truncated: 'pclass' ends at column 1 of 2/);
  });
});

describe('readTissueRuns on a compressed map larger than one inflate chunk', () => {
  it('streams it to the same cells as the grid reader', async () => {
    const width = 700;
    const height = 900;
    const cells = new Uint8Array(width * height);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) cells[r * width + c] = (Math.floor(r / 36) + Math.floor(c / 36)) % 9;
    const path = join(temp.dir, 'big.mat');
    writeFileSync(
      path,
      encodeMatV5([{ name: 'pclass', array: Float32Array.from(cells), rows: height, cols: width }], { compress: true }),
    );
    const runs = await readTissueRuns(path);
    expect(JSON.stringify(asRows(runs))).toBe(JSON.stringify(naiveRuns(width, height, cells)));
    expect(Buffer.from((await readTissueMap(path)).classes).equals(Buffer.from(cells))).toBe(true);
  });
});
