/**
 * Opens an Atlas dataset folder for querying: validates `manifest.json` and creates one DuckDB
 * view per registry table over its Parquet files. Node-only (file system + DuckDB).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_FILE, tableGlob } from '../contract/layout';
import { ManifestSchema, type Manifest } from '../contract/manifest';
import { openDuckDB, type OpenDatabase } from '../db/open-duckdb';
import { identifier, literal } from '../db/sql';
import { DATA_MODEL_VERSION, PARTITIONED_TABLES, TABLES } from '../registry';

/** A data file listed in the manifest that is missing or has the wrong size on disk. */
export interface DamagedFile {
  readonly path: string;
  /** The slide whose partition it is (undefined for `slides.parquet`). */
  readonly slideId?: string;
  readonly problem: string;
}

/** An opened dataset: its folder, validated manifest and a DuckDB connection with the views. */
export interface OpenedDataset extends OpenDatabase {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Damaged partitions, left out of the views so the other slides stay queryable. */
  readonly damaged: readonly DamagedFile[];
}

/** How to open a dataset. */
export interface OpenDatasetOptions {
  readonly threads?: number;
  readonly memoryLimit?: string;
  /**
   * Server sandbox (lib/db/open-duckdb.ts): DuckDB may touch only the dataset folder and these
   * extra folders (e.g. a scratch folder for exports); configuration locked afterwards.
   */
  readonly sandbox?: { readonly extraDirectories: readonly string[] };
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

/** Manifest files that are missing or whose size differs from the manifest (a cheap stat each). */
export function findDamagedFiles(root: string, manifest: Manifest): DamagedFile[] {
  const damaged: DamagedFile[] = [];
  for (const file of manifest.files) {
    const slideId = /\/slide_id=([^/]+)\//.exec(file.path)?.[1];
    let problem: string | undefined;
    try {
      const bytes = statSync(join(root, file.path)).size;
      if (bytes !== file.bytes) problem = `${bytes} bytes on disk, the manifest says ${file.bytes}`;
    } catch {
      problem = 'missing';
    }
    if (problem) damaged.push({ path: file.path, ...(slideId ? { slideId } : {}), problem });
  }
  return damaged;
}

/** Opens `dir` as a dataset; tables without any intact file get no view. */
export async function openDataset(dir: string, options: OpenDatasetOptions = {}): Promise<OpenedDataset> {
  const root = resolve(dir);
  const manifest = readManifest(root);
  if (manifest.dataModelVersion !== DATA_MODEL_VERSION)
    throw new DatasetError(
      root,
      `data model ${manifest.dataModelVersion}, but this Atlas reads data model ${DATA_MODEL_VERSION} (docs/data-model.md, lib/registry/version.ts): rebuild it with \`npm run pipeline -- ingest\` on the model results`,
    );
  const damaged = findDamagedFiles(root, manifest);
  const bad = new Set(damaged.map((d) => d.path));
  if (bad.has(TABLES.slides.path))
    throw new DatasetError(
      root,
      `${TABLES.slides.path} is damaged (${damaged.find((d) => d.path === TABLES.slides.path)?.problem})`,
    );
  const database = await openDuckDB({
    threads: options.threads,
    memoryLimit: options.memoryLimit,
    ...(options.sandbox ? { sandbox: { allowedDirectories: [root, ...options.sandbox.extraDirectories] } } : {}),
  });
  const files = manifest.files.map((f) => f.path);
  try {
    if (files.includes(TABLES.slides.path)) {
      await database.connection.run(
        `CREATE VIEW slides AS SELECT * FROM read_parquet(${literal(join(root, TABLES.slides.path))})`,
      );
    }
    for (const table of PARTITIONED_TABLES) {
      const listed = files.filter((f) => f.startsWith(`${TABLES[table].path}/`));
      const intact = listed.filter((f) => !bad.has(f));
      if (intact.length === 0) continue;
      // All intact: the glob (short SQL). Otherwise the explicit list of intact files, so one damaged
      // slide does not break cohort-wide queries; its own per-slide queries still fail.
      const source =
        intact.length === listed.length
          ? literal(join(root, tableGlob(table)))
          : `[${intact.map((f) => literal(join(root, f))).join(', ')}]`;
      await database.connection.run(
        `CREATE VIEW ${identifier(table)} AS SELECT * FROM read_parquet(${source}, hive_partitioning = true, hive_types = {'slide_id': VARCHAR})`,
      );
    }
  } catch (error) {
    database.close();
    throw new DatasetError(root, `cannot open its tables (${(error as Error).message})`);
  }
  return { ...database, dir: root, manifest, damaged };
}
