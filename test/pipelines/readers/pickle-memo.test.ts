import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Memo, U32List, UNSET } from '@/pipelines/readers/pickle/memo';
import { CONSUMED } from '@/pipelines/readers/pickle/values';

function list(values: number[]): U32List {
  const out = new U32List();
  for (const value of values) out.push(value);
  return out;
}

describe('Memo', () => {
  const bytes = Buffer.from('..abc..déf..', 'utf8');

  it('stores dense, sparse and fast-path run slots as the pickle VM expects', () => {
    const memo = new Memo(bytes);
    memo.put(0, 'zero');
    memo.put(5, 'sparse');
    expect(memo.length).toBe(1);
    // slots 1..4 from a fast-path run: id strings at 1 and 3 (byte ranges of `bytes`), the rest consumed
    memo.putRun(4, list([1, 3]), list([2, 7]), list([3, 4]));
    expect(memo.length).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => memo.at(i))).toEqual(['zero', 'abc', CONSUMED, 'déf', CONSUMED]);
    expect(memo.at(5)).toBe('sparse');
    // never stored: UNSET, or undefined once sparse slots exist (the VM refuses both on GET)
    expect([UNSET, undefined]).toContain(memo.at(6));
    memo.put(5, 'dense');
    expect(memo.at(5)).toBe('dense');
  });

  it('changes its generation whenever a slot below its length changes, never when it grows', () => {
    const memo = new Memo(bytes);
    const wrapper = {};
    memo.put(0, wrapper);
    memo.putRun(2, list([]), list([]), list([]));
    const grown = memo.generation;
    memo.put(3, 'next');
    expect(memo.generation).toBe(grown);
    memo.consume(0, wrapper);
    expect(memo.at(0)).toBe(CONSUMED);
    expect(memo.generation).toBeGreaterThan(grown);
    const consumed = memo.generation;
    memo.put(1, 'overwrites a run slot');
    expect(memo.at(1)).toBe('overwrites a run slot');
    expect(memo.at(2)).toBe(CONSUMED);
    expect(memo.generation).toBeGreaterThan(consumed);
  });
});
