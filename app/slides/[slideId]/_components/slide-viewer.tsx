'use client';
/**
 * The slide viewer island (loaded with next/dynamic, ssr: false): URL-bound state, the map,
 * filter panels, legend, scale bar, minimap and inspector. Camera moves replace the URL
 * (debounced); every other change pushes a history entry, so back/forward step through them.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { OBJECT_KINDS, type ObjectKind } from '@/lib/registry';
import { viewerApiUrl } from '@/lib/viewer/api-params';
import { viewBox } from '@/lib/viewer/level-of-detail';
import type { MapView, ViewState } from '@/lib/viewer/view-state';
import { DisplayControls } from './display-controls';
import { FilterPanel } from './filter-panel';
import { InspectorPanel, type ObjectDetailData } from './inspector-panel';
import { LegendOverlay, Minimap, ScaleBarOverlay } from './map-overlays';
import { SlideMap } from './slide-map';
import type { SlideInfo } from './slide-info';
import { useMapData } from './use-map-data';
import { useUrlViewState } from './use-url-state';
import { fetchJson, isAbort } from './viewer-api';

/** The camera that shows the whole slide in a `size` px canvas (5 % margin). */
export function fitView(slide: SlideInfo, size: { width: number; height: number }): MapView {
  const scale = Math.min(size.width / slide.widthUm, size.height / slide.heightUm) * 0.95;
  return { x: slide.widthUm / 2, y: slide.heightUm / 2, zoom: scale > 0 ? Math.log2(scale) : 0 };
}

function useSelectedDetail(
  slideId: string,
  selected: ViewState['selected'],
): { detail: ObjectDetailData | null; error: string | null } {
  const key = selected ? `${selected.kind}:${selected.id}` : null;
  const [answer, setAnswer] = useState<{ key: string; detail: ObjectDetailData | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    if (!selected || key === null) return;
    const controller = new AbortController();
    fetchJson<ObjectDetailData>(
      viewerApiUrl(slideId, 'objects', { kind: selected.kind, id: selected.id }),
      controller.signal,
    ).then(
      (detail) =>
        setAnswer({ key, detail, error: detail ? null : `No ${selected.kind} object ${selected.id} on this slide.` }),
      (error: unknown) => !isAbort(error) && setAnswer({ key, detail: null, error: (error as Error).message }),
    );
    return () => controller.abort();
  }, [slideId, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return answer && answer.key === key ? answer : { detail: null, error: null };
}

/** The whole viewer for `slide`. */
export default function SlideViewer({ slide }: { readonly slide: SlideInfo }) {
  const { state, notices, commit, dismissNotices, revision } = useUrlViewState();
  const wrapper = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [camera, setCamera] = useState<MapView | null>(state.view);
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });

  useLayoutEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    setSize({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, []);
  useEffect(() => setCamera(stateRef.current.view), [revision]);
  useEffect(() => {
    if (!camera) return;
    const timer = setTimeout(() => commit({ ...stateRef.current, view: camera }, 'replace'), 300);
    return () => clearTimeout(timer);
  }, [camera, commit]);

  const fit = useMemo(() => fitView(slide, size), [slide, size]);
  const current = camera ?? fit;
  const data = useMapData(slide, state, current, size);
  const selected = useSelectedDetail(slide.slideId, state.selected);
  const update = (next: ViewState, final: boolean) => commit({ ...next, view: camera }, final ? 'push' : 'replace');
  const valueDomain = data.nuclei?.metadata.value_domain
    ? (JSON.parse(data.nuclei.metadata.value_domain) as [number, number])
    : null;

  return (
    <div>
      {notices.length > 0 && (
        <div
          className="mb-2 flex items-start justify-between gap-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm"
          data-testid="url-notice"
          role="status"
        >
          <ul>
            {notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
          <button type="button" className="text-xs text-slate-600" onClick={dismissNotices}>
            dismiss
          </button>
        </div>
      )}
      <div className="flex h-[640px] overflow-hidden rounded border border-slate-300 bg-white" data-testid="viewer">
        <aside className="w-72 shrink-0 overflow-y-auto border-r border-slate-200 p-3">
          <DisplayControls state={state} onChange={update} onFit={() => setCamera(fit)} />
          {OBJECT_KINDS.map((kind: ObjectKind) => (
            <FilterPanel
              key={kind}
              slideId={slide.slideId}
              kind={kind}
              filter={state.filters[kind]}
              colorFeature={kind === 'nuclei' && state.colorBy !== 'class' ? state.colorBy : null}
              onChange={(filter, final) => update({ ...state, filters: { ...state.filters, [kind]: filter } }, final)}
            />
          ))}
        </aside>
        <div ref={wrapper} className="relative min-w-0 flex-1 bg-slate-100">
          {size.width > 0 && (
            <SlideMap
              slideId={slide.slideId}
              state={state}
              camera={current}
              data={data}
              selection={selected.detail?.polygon ?? null}
              onCamera={setCamera}
              onSelect={(kind, id) => update({ ...state, selected: { kind, id } }, true)}
            />
          )}
          {data.errors.length > 0 && (
            <div
              className="absolute left-2 top-2 z-10 max-w-md rounded border border-red-300 bg-red-50 p-2 text-xs text-red-800"
              data-testid="map-error"
              role="alert"
            >
              {data.errors.map((error) => (
                <div key={error}>{error}</div>
              ))}
            </div>
          )}
          <LegendOverlay colorBy={state.colorBy} domain={valueDomain} showTissue={state.layers.includes('tissue')} />
          <ScaleBarOverlay zoom={current.zoom} />
          <Minimap
            widthUm={slide.widthUm}
            heightUm={slide.heightUm}
            tissue={data.tissueOverview}
            view={viewBox(current.x, current.y, current.zoom, size.width, size.height)}
            onCenter={(x, y) => setCamera({ ...current, x, y })}
          />
        </div>
        {state.selected && (
          <InspectorPanel
            detail={selected.detail}
            error={selected.error}
            onClose={() => update({ ...state, selected: null }, true)}
          />
        )}
      </div>
    </div>
  );
}
