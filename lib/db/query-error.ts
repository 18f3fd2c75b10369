/** A failed DuckDB query: keeps the SQL and the engine's message for the server log, never for clients. */
export class QueryError extends Error {
  constructor(
    readonly cause: unknown,
    readonly sql: string,
  ) {
    super(`query failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'QueryError';
  }
}
