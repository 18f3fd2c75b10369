/**
 * The viewer's state and its URL form (the URL is the source of truth, STYLE.md §3). Keys:
 * x, y (view centre, µm, slide frame, y down), z (zoom, log2 screen px per µm), layers, opacity
 * (tissue map), poly (outline|fill), color (class or a nucleus feature), sel (kind:object_id),
 * and the object filters under prefixes n, g, l (lib/filters). Pure.
 */
import { filterableFeatures, readFilterParams, writeFilterParams, type ObjectFilter } from '../filters';
import { OBJECT_KINDS, type ObjectKind } from '../registry';

/** Layers the map can show, bottom to top. */
export const LAYER_IDS = ['tissue', 'glands', 'lumina', 'nuclei'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** Zoom limits, log2 screen px per µm (−10: 1 px per 1024 µm; 6: 64 px per µm). */
export const ZOOM_RANGE = [-10, 6] as const;

/** URL prefix of each kind's filter. */
export const FILTER_PREFIX: Readonly<Record<ObjectKind, string>> = { nuclei: 'n', glands: 'g', lumina: 'l' };

/** The map camera: centre in µm (slide frame) and zoom (log2 px per µm). */
export interface MapView {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Everything the URL holds about one slide's view. `view` null = fit the slide. */
export interface ViewState {
  readonly view: MapView | null;
  readonly layers: readonly LayerId[];
  /** Tissue-map opacity, 0–1. */
  readonly opacity: number;
  readonly polygonStyle: 'outline' | 'fill';
  /** 'class' or a numeric nucleus feature column. */
  readonly colorBy: string;
  readonly filters: Readonly<Record<ObjectKind, ObjectFilter>>;
  readonly selected: { readonly kind: ObjectKind; readonly id: number } | null;
}

/** The state of a freshly opened slide. */
export const DEFAULT_VIEW_STATE: ViewState = {
  view: null,
  layers: LAYER_IDS,
  opacity: 0.35,
  polygonStyle: 'outline',
  colorBy: 'class',
  filters: { nuclei: { kind: 'nuclei' }, glands: { kind: 'glands' }, lumina: { kind: 'lumina' } },
  selected: null,
};

/** A state read from a URL plus one notice per part that was malformed and fell back to its default. */
export interface ReadViewState {
  readonly state: ViewState;
  readonly notices: readonly string[];
}

const round = (value: number, step: number): number => Math.round(value / step) * step;

function readView(params: URLSearchParams, notices: string[]): MapView | null {
  const raw = ['x', 'y', 'z'].map((key) => params.get(key));
  if (raw.every((v) => v === null)) return null;
  const [x, y, zoom] = raw.map((v) => (v === null || v.trim() === '' ? NaN : Number(v))) as [number, number, number];
  if (![x, y, zoom].every(Number.isFinite) || Math.abs(x) > 1e7 || Math.abs(y) > 1e7) {
    notices.push('The view (x, y, z) in the link is not valid; showing the whole slide.');
    return null;
  }
  if (zoom < ZOOM_RANGE[0] || zoom > ZOOM_RANGE[1]) {
    notices.push(`Zoom ${zoom} is outside ${ZOOM_RANGE[0]}…${ZOOM_RANGE[1]}; showing the whole slide.`);
    return null;
  }
  return { x, y, zoom };
}

function readLayers(params: URLSearchParams, notices: string[]): readonly LayerId[] {
  const text = params.get('layers');
  if (text === null) return DEFAULT_VIEW_STATE.layers;
  const parts = text === '' ? [] : text.split(',');
  if (parts.every((p): p is LayerId => (LAYER_IDS as readonly string[]).includes(p)))
    return LAYER_IDS.filter((id) => parts.includes(id));
  notices.push(`Unknown layer in "${text}"; showing the default layers.`);
  return DEFAULT_VIEW_STATE.layers;
}

function readSelected(params: URLSearchParams, notices: string[]): ViewState['selected'] {
  const text = params.get('sel');
  if (text === null) return null;
  const match = /^(nuclei|glands|lumina):(\d{1,10})$/.exec(text);
  if (!match) {
    notices.push(`The selected object "${text}" is not valid; nothing is selected.`);
    return null;
  }
  return { kind: match[1] as ObjectKind, id: Number(match[2]) };
}

/** Reads a view state from URL parameters; every malformed part falls back to its default with a notice. */
export function readViewState(params: URLSearchParams): ReadViewState {
  const notices: string[] = [];
  const opacityText = params.get('opacity');
  const opacity = opacityText === null ? DEFAULT_VIEW_STATE.opacity : Number(opacityText);
  const opacityOk = opacityText === null || (opacityText.trim() !== '' && opacity >= 0 && opacity <= 1);
  if (!opacityOk) notices.push(`Tissue opacity "${opacityText}" is not in 0–1; using the default.`);
  const poly = params.get('poly');
  if (poly !== null && poly !== 'outline' && poly !== 'fill') notices.push(`Polygon style "${poly}" is unknown.`);
  const color = params.get('color');
  const colorOk = color === null || color === 'class' || filterableFeatures('nuclei').includes(color);
  if (!colorOk) notices.push(`Cannot colour by "${color}"; colouring by class.`);
  const filters = { ...DEFAULT_VIEW_STATE.filters };
  for (const kind of OBJECT_KINDS) {
    const result = readFilterParams(kind, FILTER_PREFIX[kind], params);
    if (result.ok) filters[kind] = result.filter;
    else notices.push(`Ignored the ${kind} filter in the link (${result.error}).`);
  }
  const state: ViewState = {
    view: readView(params, notices),
    layers: readLayers(params, notices),
    opacity: opacityOk ? opacity : DEFAULT_VIEW_STATE.opacity,
    polygonStyle: poly === 'fill' ? 'fill' : 'outline',
    colorBy: colorOk && color !== null ? color : 'class',
    filters,
    selected: readSelected(params, notices),
  };
  return { state, notices };
}

/** Writes a view state as URL parameters (defaults omitted; x, y rounded to 0.1 µm, z to 0.01). */
export function writeViewState(state: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view) {
    params.set('x', round(state.view.x, 0.1).toFixed(1));
    params.set('y', round(state.view.y, 0.1).toFixed(1));
    params.set('z', round(state.view.zoom, 0.01).toFixed(2));
  }
  if (state.layers.join(',') !== DEFAULT_VIEW_STATE.layers.join(',')) params.set('layers', state.layers.join(','));
  if (state.opacity !== DEFAULT_VIEW_STATE.opacity) params.set('opacity', String(state.opacity));
  if (state.polygonStyle !== 'outline') params.set('poly', state.polygonStyle);
  if (state.colorBy !== 'class') params.set('color', state.colorBy);
  if (state.selected) params.set('sel', `${state.selected.kind}:${state.selected.id}`);
  for (const kind of OBJECT_KINDS) writeFilterParams(state.filters[kind], FILTER_PREFIX[kind], params);
  return params;
}
