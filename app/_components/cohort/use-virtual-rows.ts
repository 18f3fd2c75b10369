'use client';
import { useCallback, useState, type UIEvent } from 'react';

/** Which rows of a fixed-row-height list are on screen (plus `overscan` each side), and the spacer heights in px. */
export function useVirtualRows(count: number, rowHeight: number, viewportHeight: number, overscan = 8) {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((event: UIEvent<HTMLElement>) => setScrollTop(event.currentTarget.scrollTop), []);
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight, onScroll };
}
