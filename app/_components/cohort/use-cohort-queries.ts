'use client';
import { useEffect, useState } from 'react';
import { OBJECT_FILTER_PREFIX } from '@/lib/cohort/cohort-state';
import { writeFilterParams, type ObjectFilter } from '@/lib/filters';

/** Per-slide counts of the cohort object filter as /api/cohort/counts returns them. */
export interface SlideCountJson {
  readonly slideId: string;
  readonly count: number;
  readonly total: number;
  readonly fraction: number | null;
  readonly densityPerMm2: number | null;
}

/** The state of a server query: idle (nothing asked), loading, ready with data, or failed with a reason. */
export type QueryState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly message: string };

function filterQuery(filter: ObjectFilter): URLSearchParams {
  const params = new URLSearchParams({ kind: filter.kind });
  writeFilterParams(filter, OBJECT_FILTER_PREFIX[filter.kind], params);
  return params;
}

/** Fetches JSON from `url` (debounced 250 ms, aborted when `url` changes); null url = idle. */
function useJson<T>(url: string | null): QueryState<T> {
  // The answer remembers its URL, so a changed URL reads as "loading" without a synchronous setState.
  const [answer, setAnswer] = useState<{ url: string; state: QueryState<T> } | undefined>(undefined);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(url, { signal: controller.signal });
        const body = (await response.json()) as T & { ok: boolean; error?: { message: string } };
        const state: QueryState<T> = response.ok
          ? { status: 'ready', data: body }
          : { status: 'error', message: body.error?.message ?? response.statusText };
        setAnswer({ url, state });
      } catch (error) {
        if (!controller.signal.aborted)
          setAnswer({ url, state: { status: 'error', message: (error as Error).message } });
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [url]);
  if (url === null) return { status: 'idle' };
  return answer?.url === url ? answer.state : { status: 'loading' };
}

/** Exact per-slide counts of `filter` from the server (idle without a filter). */
export function useCohortCounts(filter: ObjectFilter | undefined) {
  const url = filter ? `/api/cohort/counts?${filterQuery(filter).toString()}` : null;
  return useJson<{ slides: SlideCountJson[]; source: string; ms: number; sql: string }>(url);
}

/** The exact cohort histogram of `feature` under `filter` (idle without both). */
export function useObjectHistogram(filter: ObjectFilter | undefined, feature: string | undefined) {
  let url: string | null = null;
  if (filter && feature) {
    const params = filterQuery(filter);
    params.set('feature', feature);
    params.set('bins', '30');
    url = `/api/cohort/histogram?${params.toString()}`;
  }
  return useJson<{ lo: number; width: number; counts: number[]; unit: string; missing: number }>(url);
}
