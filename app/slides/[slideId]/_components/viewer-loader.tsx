'use client';
/** Loads the deck.gl viewer in the browser only (WebGL has no server rendering). */
import dynamic from 'next/dynamic';
import type { SlideInfo } from './slide-info';

const SlideViewer = dynamic(() => import('./slide-viewer'), {
  ssr: false,
  loading: () => (
    <div className="flex h-[640px] items-center justify-center rounded border border-slate-300 bg-white text-sm text-slate-500">
      Loading the map…
    </div>
  ),
});

/** The client island of the slide page. */
export function ViewerLoader({ slide }: { readonly slide: SlideInfo }) {
  return <SlideViewer slide={slide} />;
}
