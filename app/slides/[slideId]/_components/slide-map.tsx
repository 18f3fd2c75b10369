'use client';
/**
 * The deck.gl canvas: an OrthographicView in µm (slide frame, y down), the layers of the current
 * view, hover tooltip and click-to-select, and the frame-rendered signal tests wait on
 * (`window.__atlasFrames`, and `data-frame-lod` / `data-frame-rows` on the container).
 */
import DeckGL from '@deck.gl/react';
import { OrthographicView, type PickingInfo } from '@deck.gl/core';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { numericColumn, vec2Column } from '@/lib/arrow/arrow-columns';
import { findClass, type ObjectKind } from '@/lib/registry';
import { viewerApiUrl } from '@/lib/viewer/api-params';
import { ZOOM_RANGE, type MapView, type ViewState } from '@/lib/viewer/view-state';
import { buildLayers } from './build-layers';
import { formatNumber } from './histogram-chart';
import type { ObjectDetailData } from './inspector-panel';
import type { MapData } from './use-map-data';
import { fetchJson } from './viewer-api';

declare global {
  interface Window {
    /** Frames deck.gl has drawn since the page loaded (the test signal). */
    __atlasFrames?: number;
  }
}

const VIEW = new OrthographicView({ id: 'slide', flipY: true });
const CONTROLLER = { inertia: false, dragRotate: false } as const;

interface Tooltip {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

/** What a pick on a layer points at: an object by id, a nucleus by position, or a grid cell. */
type PickTarget =
  | { kind: ObjectKind; id: number }
  | { kind: 'nuclei'; x: number; y: number }
  | { cell: number; levelUm: number }
  | null;

function pickTarget(info: PickingInfo, data: MapData): PickTarget {
  const id = info.layer?.id ?? '';
  if (info.index < 0) return null;
  if (id === 'nuclei-points' && data.nuclei) {
    const xy = vec2Column(data.nuclei, 'position');
    return { kind: 'nuclei', x: xy[2 * info.index]!, y: xy[2 * info.index + 1]! };
  }
  const table = id.startsWith('nuclei-contours')
    ? data.nuclei
    : id.startsWith('glands')
      ? data.glands
      : id.startsWith('lumina')
        ? data.lumina
        : null;
  if (table)
    return {
      kind: id.startsWith('nuclei') ? 'nuclei' : id.startsWith('glands') ? 'glands' : 'lumina',
      id: numericColumn(table, 'object_id')[info.index]!,
    };
  const pixel = (info as PickingInfo & { bitmap?: { pixel: [number, number] } }).bitmap?.pixel;
  if (id === 'nuclei-grid' && data.grid && pixel)
    return { cell: pixel[1] * data.grid.cells.width + pixel[0], levelUm: data.grid.cells.levelUm };
  return null;
}

/** The map of one slide; `onSelect` receives the picked object's kind and id. */
export function SlideMap(props: {
  readonly slideId: string;
  readonly state: ViewState;
  readonly camera: MapView;
  readonly data: MapData;
  readonly selection: readonly number[] | null;
  readonly onCamera: (view: MapView) => void;
  readonly onSelect: (kind: ObjectKind, id: number) => void;
}) {
  const { data, state } = props;
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const hoverRequest = useRef<AbortController | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const drawn = useRef({ lod: 'none', rows: 0 });
  const layers = useMemo(
    () =>
      buildLayers({
        state,
        tissueOverview: data.tissueOverview,
        tissueDetail: data.tissueDetail,
        glands: data.glands,
        lumina: data.lumina,
        nuclei: data.nuclei,
        gridBitmap: data.grid?.bitmap ?? null,
        selection: props.selection,
      }),
    [state, data.tissueOverview, data.tissueDetail, data.glands, data.lumina, data.nuclei, data.grid, props.selection],
  );
  useLayoutEffect(() => {
    drawn.current = { lod: data.nuclei?.metadata.lod ?? 'none', rows: data.nuclei?.length ?? 0 };
  }, [data.nuclei]);

  const resolve = async (target: PickTarget, signal?: AbortSignal): Promise<ObjectDetailData | null> => {
    if (!target || 'cell' in target) return null;
    const url =
      'id' in target
        ? viewerApiUrl(props.slideId, 'objects', { kind: target.kind, id: target.id })
        : viewerApiUrl(
            props.slideId,
            'objects',
            { kind: 'nuclei', x: target.x, y: target.y, r: 1 },
            state.filters.nuclei,
          );
    return fetchJson<ObjectDetailData>(url, signal);
  };

  const onHover = (info: PickingInfo) => {
    hoverRequest.current?.abort();
    const target = pickTarget(info, data);
    if (!target) return setTooltip(null);
    if ('cell' in target) {
      const n = data.grid?.cells.totals[target.cell] ?? 0;
      return setTooltip({
        x: info.x,
        y: info.y,
        lines: [`${n.toLocaleString('en-US')} nuclei in this ${target.levelUm} µm cell`],
      });
    }
    setTooltip({ x: info.x, y: info.y, lines: ['…'] });
    const controller = new AbortController();
    hoverRequest.current = controller;
    setTimeout(() => {
      if (controller.signal.aborted) return;
      resolve(target, controller.signal).then(
        (detail) => {
          if (!detail || controller.signal.aborted) return;
          const v = detail.values;
          const dictionary = detail.kind === 'nuclei' ? 'nucleus' : detail.kind === 'glands' ? 'gland' : 'lumen';
          const lines = [
            `${findClass(dictionary, Number(v.class_id))?.name ?? 'Object'} ${detail.objectId}`,
            `area ${formatNumber(Number(v.area_um2))} µm² · eccentricity ${formatNumber(Number(v.eccentricity))}`,
            ...(state.colorBy !== 'class' && detail.kind === 'nuclei'
              ? [`${state.colorBy} ${formatNumber(Number(v[state.colorBy]))}`]
              : []),
          ];
          setTooltip({ x: info.x, y: info.y, lines });
        },
        () => undefined,
      );
    }, 120);
  };

  const onClick = (info: PickingInfo) => {
    const target = pickTarget(info, data);
    if (!target || 'cell' in target) return;
    if ('id' in target) return props.onSelect(target.kind, target.id);
    resolve(target).then(
      (detail) => detail && props.onSelect('nuclei', detail.objectId),
      () => undefined,
    );
  };

  return (
    <div
      ref={container}
      className="absolute inset-0"
      data-testid="slide-map"
      data-lod={data.lod.kind}
      data-grid-level={data.lod.kind === 'grid' ? data.lod.levelUm : undefined}
      data-loading={String(data.loading)}
      data-nuclei-rows={data.nuclei?.length ?? 0}
      data-zoom={props.camera.zoom.toFixed(2)}
    >
      <DeckGL
        views={VIEW}
        controller={CONTROLLER}
        viewState={{
          target: [props.camera.x, props.camera.y, 0],
          zoom: props.camera.zoom,
          minZoom: ZOOM_RANGE[0],
          maxZoom: ZOOM_RANGE[1],
        }}
        onViewStateChange={({ viewState }) => {
          const vs = viewState as { target: [number, number, number]; zoom: number };
          props.onCamera({ x: vs.target[0], y: vs.target[1], zoom: vs.zoom });
        }}
        layers={layers}
        onHover={onHover}
        onClick={onClick}
        getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
        onAfterRender={() => {
          window.__atlasFrames = (window.__atlasFrames ?? 0) + 1;
          const element = container.current;
          if (element) {
            element.dataset.frameLod = drawn.current.lod;
            element.dataset.frameRows = String(drawn.current.rows);
            element.dataset.frames = String(window.__atlasFrames);
          }
        }}
      />
      {tooltip && (
        <div
          className="pointer-events-none absolute z-10 rounded bg-slate-900/90 px-2 py-1 text-xs text-white"
          style={{ left: tooltip.x + 12, top: tooltip.y + 12 }}
          data-testid="map-tooltip"
        >
          {tooltip.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}
