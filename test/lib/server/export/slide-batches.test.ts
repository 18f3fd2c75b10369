import { describe, expect, it } from 'vitest';
import { partitionFile } from '../../../../lib/contract/layout';
import { slideBatches } from '../../../../lib/server/export/slide-batches';

const manifest = (sizes: Record<string, number>) => ({
  files: Object.entries(sizes).map(([slide, bytes]) => ({ path: partitionFile('nuclei', slide), bytes, sha256: '' })),
});

describe('slide batches of a CSV export', () => {
  it('cuts consecutive slides at the byte bound, keeps order, gives an oversized slide its own batch', () => {
    const sizes = { A: 10, B: 15, C: 40, D: 5, E: 5, F: 30 };
    expect(slideBatches(manifest(sizes), 'nuclei', ['A', 'B', 'C', 'D', 'E', 'F'], 30)).toEqual([
      ['A', 'B'],
      ['C'],
      ['D', 'E'],
      ['F'],
    ]);
  });

  it('every slide exactly once, in order, for any sizes; unknown sizes count as 0', () => {
    const slides = Array.from({ length: 50 }, (_, i) => `S${String(i).padStart(2, '0')}`);
    const sizes = Object.fromEntries(slides.slice(0, 40).map((s, i) => [s, (i * 7919) % 97]));
    for (const bound of [1, 50, 100, 1000, 1e9]) {
      const batches = slideBatches(manifest(sizes), 'nuclei', slides, bound);
      expect(batches.flat()).toEqual(slides);
      expect(batches.every((b) => b.length > 0)).toBe(true);
    }
    expect(slideBatches(manifest({}), 'glands', slides)).toEqual([slides]);
  });
});
