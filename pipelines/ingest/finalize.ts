/**
 * Finishes a dataset from its per-slide records: the `slides` table (identity, clinical columns
 * from the slide table, slide features) and `manifest.json` (sha256 of every file).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Manifest } from '../../lib/contract/manifest';
import { DATA_MODEL_VERSION, SLIDE_CLINICAL_COLUMNS, TABLES, type ColumnDef } from '../../lib/registry';
import { tempPathFor } from '../dataset/atomic-write';
import { listDatasetFiles, writeManifest } from '../dataset/manifest-writer';
import { writeTableParquet } from './parquet-writer';
import { INT32_NULL, type ColumnValues } from './staging-parquet';
import { STATE_DIR } from './process-slide';
import type { SlideTableRow } from './slide-table';
import type { SlideRecord } from './slide-task';

/** Reads every per-slide record of a dataset folder, sorted by slide id. */
export function readSlideRecords(outDir: string): SlideRecord[] {
  const dir = join(outDir, STATE_DIR, 'slides');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SlideRecord);
}

type Value = string | number | boolean | null;

function toColumn(def: ColumnDef, values: readonly Value[]): ColumnValues {
  switch (def.type) {
    case 'VARCHAR':
      return values.map((v) => (v === null ? null : String(v)));
    case 'BOOLEAN':
      return values.map((v) => (v === null ? null : Boolean(v)));
    case 'FLOAT':
      return Float32Array.from(values, (v) => (v === null ? NaN : Number(v)));
    case 'DOUBLE':
      return Float64Array.from(values, (v) => (v === null ? NaN : Number(v)));
    default:
      return Int32Array.from(values, (v) => (v === null ? INT32_NULL : Number(v)));
  }
}

/** One `slides` row (registry column name → value) from a record and its slide-table row. */
export function slideRow(record: SlideRecord, row: SlideTableRow | undefined): Record<string, Value> {
  const tcga = /^TCGA-[A-Z0-9]{2}-[A-Z0-9]{4}/.exec(record.slideId);
  const out: Record<string, Value> = {
    slide_id: record.slideId,
    patient_id: row?.patientId ?? (tcga ? tcga[0] : record.slideId),
    file_name: row?.fileName ?? null,
    gdc_file_id: row?.gdcFileId ?? null,
    mpp: record.mpp,
    width_um: record.widthUm,
    height_um: record.heightUm,
    tissue_cell_um: record.tissue?.cellUm ?? null,
    tissue_width: record.tissue?.width ?? null,
    tissue_height: record.tissue?.height ?? null,
    source: record.source,
  };
  for (const def of SLIDE_CLINICAL_COLUMNS) out[def.name] = row?.clinical[def.name] ?? null;
  for (const [name, value] of Object.entries(record.features)) out[name] = value;
  return out;
}

/** Dataset identity for the manifest. */
export interface DatasetIdentity {
  readonly datasetId: string;
  readonly source: Manifest['source'];
}

/** Writes `slides.parquet` and `manifest.json` for every record in `outDir`; returns the manifest. */
export async function finalizeDataset(
  outDir: string,
  rows: readonly SlideTableRow[],
  identity: DatasetIdentity,
  connection: DuckDBConnection,
): Promise<Manifest> {
  const records = readSlideRecords(outDir);
  const byId = new Map(rows.map((r) => [r.slideId, r]));
  const slideRows = records.map((r) => slideRow(r, byId.get(r.slideId)));
  const columns: Record<string, ColumnValues> = {};
  for (const def of TABLES.slides.columns)
    columns[def.name] = toColumn(
      def,
      slideRows.map((r) => r[def.name] ?? null),
    );
  const target = join(outDir, TABLES.slides.path);
  mkdirSync(outDir, { recursive: true });
  const temp = tempPathFor(target);
  await writeTableParquet(connection, 'slides', columns, slideRows.length, temp);
  renameSync(temp, target);

  const epoch = process.env.SOURCE_DATE_EPOCH;
  const newestInput = Math.max(0, ...records.flatMap((r) => r.inputs.map((i) => i.mtimeMs)));
  const createdAt = new Date(epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : newestInput).toISOString();
  const known = new Map(records.flatMap((r) => (r.outputs ?? []).map((f) => [f.path, f] as const)));
  const files = listDatasetFiles(outDir, known);
  const version = createHash('sha256')
    .update(files.map((f) => `${f.path} ${f.sha256}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const sum = (key: 'nuclei' | 'glands' | 'lumina'): number => records.reduce((a, r) => a + r.counts[key], 0);
  return writeManifest(
    outDir,
    {
      datasetId: identity.datasetId,
      version,
      dataModelVersion: DATA_MODEL_VERSION,
      source: identity.source,
      createdAt,
      counts: { slides: records.length, nuclei: sum('nuclei'), glands: sum('glands'), lumina: sum('lumina') },
    },
    files,
  );
}
