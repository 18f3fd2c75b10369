import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, openDataset } from '../../../lib/dataset/open-dataset';
import { DATA_MODEL_VERSION } from '../../../lib/registry';
import { makeTempDir } from '../../support/temp-dir';
import { ensureTestDataset } from '../../support/test-dataset';

describe('openDataset', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('refuses a dataset of another data-model version with a message that says how to rebuild it', async () => {
    const manifest = JSON.parse(readFileSync(join(await ensureTestDataset(), 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const old = join(temp.dir, 'old');
    mkdirSync(old);
    writeFileSync(
      join(old, 'manifest.json'),
      JSON.stringify({ ...manifest, dataModelVersion: DATA_MODEL_VERSION - 1 }),
    );
    const opening = openDataset(old);
    await expect(opening).rejects.toBeInstanceOf(DatasetError);
    await expect(opening).rejects.toThrow(
      new RegExp(
        `data model ${DATA_MODEL_VERSION - 1}, but this Atlas reads data model ${DATA_MODEL_VERSION}.*npm run pipeline -- ingest`,
      ),
    );
  });
});
