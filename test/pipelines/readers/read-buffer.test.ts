import { describe, expect, it } from 'vitest';
import { ReadBuffer } from '@/pipelines/readers/read-buffer';

describe('ReadBuffer', () => {
  it('lends its memory to one read at a time and reuses it once reclaimed', () => {
    const pool = new ReadBuffer();
    const first = pool.take(100);
    expect(first.length).toBe(100);
    const second = pool.take(50);
    expect(second.buffer).not.toBe(first.buffer);
    pool.reclaim();
    const third = pool.take(80);
    expect(third.length).toBe(80);
    expect(third.buffer).toBe(first.buffer);
  });

  it('grows when a larger file comes and keeps the larger memory', () => {
    const pool = new ReadBuffer();
    const small = pool.take(10);
    pool.reclaim();
    const large = pool.take(1000);
    expect(large.buffer).not.toBe(small.buffer);
    pool.reclaim();
    expect(pool.take(10).buffer).toBe(large.buffer);
  });
});
