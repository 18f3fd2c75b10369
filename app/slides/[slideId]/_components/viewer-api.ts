/** Browser-side fetch helpers for the viewer's route handlers: Arrow or JSON, abortable, with readable errors. */
import { decodeArrowColumns, type ArrowColumns } from '@/lib/arrow/arrow-columns';

/** The message of a failed response: the handler's `message` field when JSON, else the status text. */
async function failureMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `${response.status} ${response.statusText}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

/** Fetches an Arrow IPC stream and decodes it into typed columns; rejects with the server's reason. */
export async function fetchArrow(url: string, signal: AbortSignal): Promise<ArrowColumns> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(await failureMessage(response));
  return decodeArrowColumns(new Uint8Array(await response.arrayBuffer()));
}

/** Fetches JSON; resolves null on 404, rejects with the server's reason otherwise. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T | null> {
  const response = await fetch(url, { signal });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(await failureMessage(response));
  return (await response.json()) as T;
}

/** True for the error an aborted fetch rejects with (a superseded request, not a failure). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
