import { readdirSync, statSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { openRequestConnections } from '../../../../lib/server/export/connection';
import type { ResolvedExport } from '../../../../lib/server/export/export-request';
import { exportColumns, exportSelectSql, type ExportSpec } from '../../../../lib/server/export/export-spec';
import { streamCsv } from '../../../../lib/server/export/csv-export';
import { exportStream } from '../../../../lib/server/export/export-stream';
import { streamCopy } from '../../../../lib/server/export/copy-stream';
import { exportScratchDir } from '../../../../lib/server/export/scratch-dir';
import {
  closeExportTestDataset,
  openExportTestDataset,
  readAll,
  resolvedExport,
} from '../../../support/export-dataset';

const scratchEntries = (): string[] => readdirSync(exportScratchDir());

describe('COPY through a FIFO (sandboxed like the server, real test dataset)', () => {
  let dataset: OpenedDataset;
  let slides: string[];
  const resolved = (spec: ExportSpec, format: 'csv' | 'parquet'): ResolvedExport =>
    resolvedExport(spec, format, slides);
  const all: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true };
  // A filter keeping every nucleus: Parquet goes through COPY (an unfiltered export is spliced, parquet-splice.ts).
  const copied: ExportSpec = { ...all, filter: { kind: 'nuclei', ranges: [{ feature: 'area_um2', min: 0 }] } };

  beforeAll(async () => {
    ({ dataset, slides } = await openExportTestDataset());
  });
  afterAll(() => closeExportTestDataset(dataset));

  it('the scratch folder is private (0700) and holds nothing once an export has been read', async () => {
    expect(statSync(exportScratchDir()).mode & 0o777).toBe(0o700);
    const bytes = await readAll(exportStream(dataset, resolved(copied, 'parquet')));
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(scratchEntries()).toEqual([]);
    expect(openRequestConnections()).toBe(0);
  });

  it('Parquet of chosen columns: hyparquet reads back exactly those columns and values', async () => {
    const spec: ExportSpec = { ...copied, contours: false, columns: ['area_um2', 'eccentricity', 'class_id'] };
    const bytes = await readAll(exportStream(dataset, resolved(spec, 'parquet')));
    const rows = (await parquetReadObjects({ file: new Uint8Array(bytes).buffer, compressors })) as Record<
      string,
      unknown
    >[];
    const expected = (
      await dataset.connection.runAndReadAll(exportSelectSql(spec, { ordered: true }))
    ).getRowObjectsJS();
    expect(Object.keys(rows[0] ?? {})).toEqual(['slide_id', 'object_id', 'class_id', 'area_um2', 'eccentricity']);
    expect(rows.length).toBe(expected.length);
    for (const index of [0, Math.floor(rows.length / 3), rows.length - 1])
      expect({ ...rows[index], object_id: BigInt(rows[index]?.object_id as number) }).toEqual({
        ...expected[index],
        object_id: BigInt(expected[index]?.object_id as number),
      });
  });

  it('back-pressure: a stalled client leaves DuckDB blocked at the FIFO; cancelling frees the connection and the FIFO', async () => {
    // Object CSV exports are formatted in worker threads (csv-stream.test.ts); COPY CSV remains for the slide table.
    const csvCopy = () =>
      streamCsv(
        dataset,
        [exportSelectSql({ ...copied, contours: false })],
        exportColumns({ ...copied, contours: false }),
      );
    for (const open of [csvCopy, () => exportStream(dataset, resolved(copied, 'parquet'))]) {
      const stream = open();
      const reader = stream.getReader();
      expect((await reader.read()).done).toBe(false);
      // The client stalls: DuckDB fills the pipe and blocks in write(); nothing else piles up.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Still running (the whole file is megabytes, the pipe 64 KiB): blocked, not buffered.
      expect(scratchEntries()).toHaveLength(1);
      expect(openRequestConnections()).toBe(1);
      const started = performance.now();
      await reader.cancel();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(openRequestConnections()).toBe(0);
      expect(scratchEntries()).toEqual([]);
    }
  });

  it('a stream cancelled before its first read starts nothing; one cancelled at once cleans up', async () => {
    await exportStream(dataset, resolved(all, 'csv')).cancel();
    expect(scratchEntries()).toEqual([]);
    const reader = exportStream(dataset, resolved(copied, 'parquet')).getReader();
    const first = reader.read();
    await reader.cancel();
    await first;
    expect(openRequestConnections()).toBe(0);
    expect(scratchEntries()).toEqual([]);
    const again = await readAll(exportStream(dataset, resolved({ ...all, slides: [slides[0] as string] }, 'csv')));
    expect(again.toString('utf8').startsWith('slide_id,object_id,')).toBe(true);
  });

  it('an empty export is its header; a COPY failing midway errors the stream and still cleans up', async () => {
    const spec: ExportSpec = { ...all, columns: ['area_um2'], bbox: [0, 0, 10, 10], slides: ['no-such-slide'] };
    const bytes = await readAll(exportStream(dataset, resolved(spec, 'csv')));
    expect(bytes.toString('utf8')).toBe('slide_id,object_id,area_um2,contour_unit_um,contour\n');
    // A conversion error after ≈ 300,000 rows: some bytes have already left when the COPY fails.
    const failing = `SELECT CAST(CASE WHEN range > 300000 THEN 'x' ELSE '1' END AS INTEGER) AS n FROM range(1000000)`;
    const broken = streamCopy(dataset, [failing], 'FORMAT csv');
    await expect(readAll(broken)).rejects.toThrow();
    expect(openRequestConnections()).toBe(0);
    expect(scratchEntries()).toEqual([]);
  });
});
