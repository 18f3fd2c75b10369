import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listDatasetFiles, type KnownHash } from '@/pipelines/dataset/manifest-writer';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('listDatasetFiles', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a hash computed earlier only while the file keeps its size and modification time', () => {
    dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    mkdirSync(join(dir, 'nuclei', 'slide_id=a'), { recursive: true });
    const file = join(dir, 'nuclei', 'slide_id=a', 'data.parquet');
    writeFileSync(file, 'first');
    writeFileSync(join(dir, 'other.parquet'), 'other');
    const stat = statSync(file);
    // A stand-in hash shows which files were not read again.
    const known = new Map<string, KnownHash>([
      ['nuclei/slide_id=a/data.parquet', { bytes: stat.size, mtimeMs: stat.mtimeMs, sha256: 'recorded' }],
    ]);
    expect(listDatasetFiles(dir, known)).toEqual([
      { path: 'nuclei/slide_id=a/data.parquet', bytes: 5, sha256: 'recorded' },
      { path: 'other.parquet', bytes: 5, sha256: sha256('other') },
    ]);
    // Same size, new contents and time: hashed again.
    writeFileSync(file, 'again');
    utimesSync(file, new Date(stat.mtimeMs + 5_000), new Date(stat.mtimeMs + 5_000));
    expect(listDatasetFiles(dir, known)[0]).toEqual({
      path: 'nuclei/slide_id=a/data.parquet',
      bytes: 5,
      sha256: sha256('again'),
    });
    // Without earlier hashes every file is read.
    expect(listDatasetFiles(dir).map((f) => f.sha256)).toEqual([sha256('again'), sha256('other')]);
  });
});
