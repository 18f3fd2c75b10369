'use client';
/** React hooks that fetch viewport data: one abortable request per URL, and fetch boxes that only change when needed. */
import { useEffect, useState } from 'react';
import type { ArrowColumns } from '@/lib/arrow/arrow-columns';
import { containsBox, fetchBoxFor, snapUmFor, type Box } from '@/lib/viewer/level-of-detail';
import { fetchArrow, isAbort } from './viewer-api';

/** State of one Arrow request: the last data received (kept while the next loads), error and loading flag. */
export interface ArrowRequest {
  readonly data: ArrowColumns | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/** Fetches `url` (null = nothing) and aborts the previous request whenever the URL changes. */
export function useArrow(url: string | null): ArrowRequest {
  const [answer, setAnswer] = useState<{ url: string; data: ArrowColumns | null; error: string | null } | null>(null);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    fetchArrow(url, controller.signal).then(
      (data) => setAnswer({ url, data, error: null }),
      (error: unknown) => {
        if (!isAbort(error))
          setAnswer((previous) => ({ url, data: previous?.data ?? null, error: (error as Error).message }));
      },
    );
    return () => controller.abort();
  }, [url]);
  if (url === null) return { data: null, error: null, loading: false };
  return { data: answer?.data ?? null, error: answer?.url === url ? answer.error : null, loading: answer?.url !== url };
}

/** A fetch box (µm) around `view` that stays put while the view stays inside it and `key` is unchanged. */
export function useFetchBox(view: Box, zoom: number, key: string): Box {
  const [held, setHeld] = useState(() => ({ box: fetchBoxFor(view, snapUmFor(zoom)), key }));
  if (held.key !== key || !containsBox(held.box, view)) {
    const next = { box: fetchBoxFor(view, snapUmFor(zoom)), key };
    setHeld(next);
    return next.box;
  }
  return held.box;
}
