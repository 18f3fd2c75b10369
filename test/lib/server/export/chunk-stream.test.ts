import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { streamQuery, type ChunkEncoder } from '../../../../lib/server/export/chunk-stream';
import { openRequestConnections } from '../../../../lib/server/export/connection';
import { readAll } from '../../../support/export-dataset';
import { ensureTestDataset } from '../../../support/test-dataset';

const readText = async (stream: ReadableStream<Uint8Array>): Promise<string> =>
  (await readAll(stream)).toString('utf8');

/** One line per row: the first column. */
const lines: ChunkEncoder = {
  prefix: '[',
  encode: (chunk) => {
    const values = chunk.getColumnVector(0);
    let out = '';
    for (let i = 0; i < chunk.rowCount; i++) out += `${String(values.getItem(i))}\n`;
    return out;
  },
  suffix: ']',
};

describe('streamQuery (the GeoJSON export stream)', () => {
  let dataset: OpenedDataset;
  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset(), { threads: 2 });
  });
  afterAll(() => dataset.close());

  it('streams every row between prefix and suffix', async () => {
    const text = await readText(streamQuery(dataset, 'SELECT range AS n FROM range(5000)', lines));
    expect(text.startsWith('[0\n1\n')).toBe(true);
    expect(text.endsWith('4999\n]')).toBe(true);
    expect(openRequestConnections()).toBe(0);
  });

  it('a query that fails midway errors the stream: never a file that just ends early', async () => {
    // DuckDB reports this conversion error only once it reaches row 300,001, after chunks were sent.
    const failing = `SELECT CAST(CASE WHEN range > 300000 THEN 'x' ELSE '1' END AS INTEGER) AS n FROM range(1000000)`;
    await expect(readText(streamQuery(dataset, failing, lines))).rejects.toThrow(
      /query failed: .*(Conversion Error|stream ended after)/,
    );
    expect(openRequestConnections()).toBe(0);
  });
});
