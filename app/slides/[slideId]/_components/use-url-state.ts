'use client';
/** The view state lives in the URL: read on load and on back/forward, written by push (discrete changes) or replace (camera moves). */
import { useCallback, useEffect, useState } from 'react';
import { readViewState, writeViewState, type ViewState } from '@/lib/viewer/view-state';

/** The current state, notices about malformed URL parts, a commit function and a counter bumped on back/forward. */
export interface UrlViewState {
  readonly state: ViewState;
  readonly notices: readonly string[];
  readonly commit: (next: ViewState, mode: 'push' | 'replace') => void;
  readonly dismissNotices: () => void;
  /** Increments whenever the state was re-read from the URL (back/forward). */
  readonly revision: number;
}

function readLocation(): ReturnType<typeof readViewState> {
  return readViewState(new URLSearchParams(window.location.search));
}

/** Binds the viewer state to `window.location` (client only). */
export function useUrlViewState(): UrlViewState {
  const [read, setRead] = useState(readLocation);
  const [notices, setNotices] = useState(read.notices);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const onPopState = () => {
      const next = readLocation();
      setRead(next);
      setNotices(next.notices);
      setRevision((r) => r + 1);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const commit = useCallback((next: ViewState, mode: 'push' | 'replace') => {
    const query = writeViewState(next).toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    setRead({ state: next, notices: [] });
  }, []);

  return { state: read.state, notices, commit, dismissNotices: () => setNotices([]), revision };
}
