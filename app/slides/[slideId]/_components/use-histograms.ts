'use client';
/** Counts and cross-filtered histograms of one kind on the slide, refetched (debounced, abortable) when the filter changes. */
import { useEffect, useState } from 'react';
import type { ObjectFilter } from '@/lib/filters';
import { viewerApiUrl } from '@/lib/viewer/api-params';
import type { HistogramsResult } from '@/lib/viewer/histogram-data';
import { fetchJson, isAbort } from './viewer-api';

/** Fetches counts and histograms of `features` under `filter`; keeps the last answer while the next loads. */
export function useHistograms(
  slideId: string,
  filter: ObjectFilter,
  features: readonly string[],
): { data: HistogramsResult | null; error: string | null } {
  const [data, setData] = useState<HistogramsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = viewerApiUrl(
    slideId,
    'histograms',
    { kind: filter.kind, features: features.join(','), bins: 40 },
    filter,
  );
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchJson<HistogramsResult>(url, controller.signal).then(
        (answer) => {
          setData(answer);
          setError(null);
        },
        (failure: unknown) => {
          if (!isAbort(failure)) setError((failure as Error).message);
        },
      );
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [url]);
  return { data, error };
}
