import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permuted, rowsOfBand, toCellRowOrder } from '../../../lib/viewer/row-bands';

describe('cell-row order', () => {
  it('is a stable sort by cell row whose bands hold exactly their rows (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 300 }), (rows) => {
        const cellY = Int16Array.from(rows);
        const { order, firstCellRow, rowStart } = toCellRowOrder(cellY);
        const expected = rows.map((row, i) => ({ row, i })).sort((a, b) => a.row - b.row || a.i - b.i);
        expect(Array.from(order)).toEqual(expected.map((e) => e.i));
        expect(Array.from(permuted(cellY, order))).toEqual(expected.map((e) => e.row));
        for (let j = 0; j + 1 < rowStart.length; j++)
          for (let k = rowStart[j]!; k < rowStart[j + 1]!; k++) expect(cellY[order[k]!]).toBe(firstCellRow + j);
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it('gives the rows of the bands a y span touches (16 µm cell rows)', () => {
    const bands = toCellRowOrder(Int16Array.from([5, 2, 3, 3, 7]));
    expect(rowsOfBand(bands, 3 * 16, 3 * 16 + 1)).toEqual([1, 3]);
    expect(rowsOfBand(bands, 3 * 16, 5 * 16)).toEqual([1, 4]);
    expect(rowsOfBand(bands, -100, 1000)).toEqual([0, 5]);
    expect(rowsOfBand(bands, 1000, 2000)).toEqual([5, 5]);
    expect(rowsOfBand(toCellRowOrder(new Int16Array(0)), 0, 100)).toEqual([0, 0]);
  });
});
