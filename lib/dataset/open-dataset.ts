/**
 * Opens an Atlas dataset folder for querying: validates `manifest.json` and creates one DuckDB
 * view per registry table over its Parquet files. Node-only (file system + DuckDB).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_FILE, tableGlob } from '../contract/layout';
import { ManifestSchema, type Manifest } from '../contract/manifest';
import { openDuckDB, type OpenDatabase } from '../db/open-duckdb';
import { identifier, literal } from '../db/sql';
import { PARTITIONED_TABLES, TABLES } from '../registry';

/** An opened dataset: its folder, validated manifest and a DuckDB connection with the views. */
export interface OpenedDataset extends OpenDatabase {
  readonly dir: string;
  readonly manifest: Manifest;
}

/** A dataset that could not be opened, with a message for people. */
export class DatasetError extends Error {
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super(`dataset ${dir}: ${message}`);
    this.name = 'DatasetError';
  }
}

/** Reads and validates `<dir>/manifest.json`. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new DatasetError(dir, `no ${MANIFEST_FILE} (not a dataset folder, or not built yet)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DatasetError(dir, `${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetError(dir, `${MANIFEST_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Opens `dir` as a dataset; tables without any file get no view. */
export async function openDataset(dir: string, options: { threads?: number } = {}): Promise<OpenedDataset> {
  const root = resolve(dir);
  const manifest = readManifest(root);
  const database = await openDuckDB({ threads: options.threads });
  const files = new Set(manifest.files.map((f) => f.path));
  try {
    if (files.has(TABLES.slides.path)) {
      await database.connection.run(
        `CREATE VIEW slides AS SELECT * FROM read_parquet(${literal(join(root, TABLES.slides.path))})`,
      );
    }
    for (const table of PARTITIONED_TABLES) {
      if (![...files].some((f) => f.startsWith(`${TABLES[table].path}/`))) continue;
      const glob = join(root, tableGlob(table));
      await database.connection.run(
        `CREATE VIEW ${identifier(table)} AS SELECT * FROM read_parquet(${literal(glob)}, hive_partitioning = true, hive_types = {'slide_id': VARCHAR})`,
      );
    }
  } catch (error) {
    database.close();
    throw new DatasetError(root, `cannot open its tables (${(error as Error).message})`);
  }
  return { ...database, dir: root, manifest };
}
