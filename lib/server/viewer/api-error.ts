import 'server-only';
import { QueryError } from '../../db/query-error';
import { QueryCancelledError, RowLimitError } from '../run-cancellable';

/** Error codes the viewer's route handlers answer with. */
export type ApiErrorCode =
  'bad_request' | 'not_found' | 'too_large' | 'cancelled' | 'no_dataset' | 'slide_damaged' | 'query_failed';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  too_large: 413,
  // nginx's "client closed request": nobody reads it, but logs and tests can tell it apart.
  cancelled: 499,
  no_dataset: 503,
  slide_damaged: 500,
  query_failed: 500,
};

/** An error a route handler turns into a JSON response with a status and a message for people. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The HTTP response: `{ error: code, message }` with the code's status. */
  toResponse(): Response {
    return Response.json({ error: this.code, message: this.message }, { status: STATUS[this.code] });
  }
}

/** Any error → a response: ApiErrors as they are; query errors logged in full and answered 500 without SQL. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof QueryCancelledError) return new ApiError('cancelled', 'The request was cancelled.').toResponse();
  if (error instanceof RowLimitError) return new ApiError('too_large', error.message).toResponse();
  if (error instanceof QueryError) {
    console.error(`[viewer] ${error.message}\n${error.sql}`);
    return new ApiError('query_failed', 'The query for this view failed; see the server log.').toResponse();
  }
  console.error('[viewer] unexpected error', error);
  return new ApiError('query_failed', 'Unexpected server error; see the server log.').toResponse();
}

/** Runs a route body and turns any thrown error into a response. */
export async function answer(body: () => Promise<Response>): Promise<Response> {
  try {
    return await body();
  } catch (error) {
    return toErrorResponse(error);
  }
}
