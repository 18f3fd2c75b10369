/**
 * Opens DuckDB through @duckdb/node-api with settings that never touch the network
 * (extensions cannot be downloaded here; parquet and json are built in). Node-only.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { literal } from './sql';

/** Options for a DuckDB instance. */
export interface OpenOptions {
  /** Database file; ':memory:' (default) for an in-memory catalogue over Parquet files. */
  readonly path?: string;
  readonly threads?: number;
  /** e.g. '4GB'. */
  readonly memoryLimit?: string;
  /**
   * Sandbox for servers: only these folders (absolute paths) can be read or written, every other
   * file, URL, ATTACH and extension load is refused, and the configuration is locked so no later
   * `SET` can undo it. Off for the pipelines, which write anywhere they are told to.
   */
  readonly sandbox?: { readonly allowedDirectories: readonly string[] };
}

/** An open DuckDB instance and one connection to it. */
export interface OpenDatabase {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** Closes the connection and the instance. */
  readonly close: () => void;
}

/**
 * Applies the sandbox. DuckDB 1.5 order matters: `allowed_directories` can only be set while
 * external access is still enabled, and `lock_configuration` must come last.
 */
async function applySandbox(connection: DuckDBConnection, allowed: readonly string[]): Promise<void> {
  if (allowed.length === 0 || allowed.some((dir) => !dir.startsWith('/')))
    throw new Error(`sandbox needs absolute allowed directories, got ${JSON.stringify(allowed)}`);
  await connection.run(`SET allowed_directories = [${allowed.map((dir) => literal(dir)).join(', ')}]`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

/**
 * DuckDB 1.5 reads a GeoParquet column (the glands' and lumina's `geometry`, lib/contract/geoparquet.ts)
 * as its GEOMETRY type; we keep it the registry's BLOB of WKB bytes, which every code path and
 * export format handles. The setting belongs to the built-in parquet extension, loaded first.
 */
async function keepGeometryAsWkb(connection: DuckDBConnection): Promise<void> {
  await connection.run('LOAD parquet');
  await connection.run('SET GLOBAL enable_geoparquet_conversion = false');
}

/** Opens an instance with extension auto-install/auto-load disabled and one connection. */
export async function openDuckDB(options: OpenOptions = {}): Promise<OpenDatabase> {
  const settings: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', settings);
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await keepGeometryAsWkb(connection);
    if (options.sandbox) await applySandbox(connection, options.sandbox.allowedDirectories);
  } catch (error) {
    close();
    throw error;
  }
  return { instance, connection, close };
}
