/**
 * Opens DuckDB through @duckdb/node-api with settings that never touch the network
 * (extensions cannot be downloaded here; parquet and json are built in). Node-only.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Options for a DuckDB instance. */
export interface OpenOptions {
  /** Database file; ':memory:' (default) for an in-memory catalogue over Parquet files. */
  readonly path?: string;
  readonly threads?: number;
  /** e.g. '4GB'. */
  readonly memoryLimit?: string;
}

/** An open DuckDB instance and one connection to it. */
export interface OpenDatabase {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** Closes the connection and the instance. */
  readonly close: () => void;
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
  return {
    instance,
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
