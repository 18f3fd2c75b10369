import 'server-only';
import { QueryError } from '../../db/query-error';

/** Machine-readable reasons an API request fails. */
export type ApiErrorCode = 'bad_request' | 'unknown_slide' | 'no_dataset' | 'internal';

const STATUS: Readonly<Record<ApiErrorCode, number>> = {
  bad_request: 400,
  unknown_slide: 400,
  no_dataset: 503,
  internal: 500,
};

/** A failed API request with a clear message for the client (STYLE.md §6). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON error response `{ ok: false, error: { code, message } }` with this error's status. */
  toResponse(): Response {
    return Response.json(
      { ok: false, error: { code: this.code, message: this.message } },
      { status: STATUS[this.code] },
    );
  }
}

/** Turns any thrown value into a response; DuckDB and unexpected errors are logged in full, never sent. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof QueryError) console.error(`[api] ${error.message}\n${error.sql}`);
  else console.error('[api] unexpected error', error);
  return new ApiError('internal', 'the server could not answer this request').toResponse();
}
