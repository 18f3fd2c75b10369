/**
 * Rounds FLOAT columns to the registry's `significantBits` (round half up on the float32 mantissa)
 * so they compress; done before slide features are computed, so every derived number comes from
 * the stored values.
 */
import { TABLES, type TableId } from '../../lib/registry';
import type { ColumnValues } from './staging-parquet';

/** Rounds each float32 in place to `bits` significant mantissa bits; NaN and ±Infinity are kept. */
export function quantizeMantissa(values: Float32Array, bits: number): void {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const drop = 23 - bits;
  const half = 1 << (drop - 1);
  const mask = ~((1 << drop) - 1) >>> 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // Exponent all ones: NaN or Infinity, left untouched.
    if ((w & 0x7f800000) === 0x7f800000) continue;
    words[i] = ((w + half) & mask) >>> 0;
  }
}

/** Quantises, in place, every column of `columns` whose registry definition sets `significantBits`. */
export function quantizeColumns(table: TableId, columns: Record<string, ColumnValues>): void {
  for (const def of TABLES[table].columns) {
    const values = columns[def.name];
    if (def.significantBits !== undefined && values instanceof Float32Array)
      quantizeMantissa(values, def.significantBits);
  }
}
