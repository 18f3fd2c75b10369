/**
 * Pure construction of the map's deck.gl layers (stable ids, binary attributes, no per-object
 * JavaScript objects) from decoded viewport data. Positions are µm, slide frame, y down.
 */
import { BitmapLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { listColumn, numericColumn, vec2Column, type ArrowColumns } from '@/lib/arrow/arrow-columns';
import { classColorTable, colorsFromCodes, valueColorTable } from '@/lib/viewer/color-scale';
import { perVertexColors, toClosedRings } from '@/lib/viewer/polygon-buffers';
import type { ViewState } from '@/lib/viewer/view-state';
import type { MapBitmap } from './raster-images';

/** Everything the layers are built from. */
export interface LayerInputs {
  readonly state: ViewState;
  readonly tissueOverview: MapBitmap | null;
  readonly tissueDetail: MapBitmap | null;
  readonly glands: ArrowColumns | null;
  readonly lumina: ArrowColumns | null;
  readonly nuclei: ArrowColumns | null;
  readonly gridBitmap: MapBitmap | null;
  /** Outline of the selected object (x,y µm pairs), or null. */
  readonly selection: readonly number[] | null;
}

const NEAREST = { minFilter: 'nearest', magFilter: 'nearest' } as const;

function objectColors(table: ArrowColumns, colorBy: string, alpha: number): Uint8Array {
  if (colorBy !== 'class' && table.columns.value)
    return colorsFromCodes(numericColumn(table, 'value'), valueColorTable(alpha));
  return colorsFromCodes(numericColumn(table, 'class_id'), classColorTable('nucleus', alpha));
}

function polygonLayers(
  id: string,
  table: ArrowColumns,
  colors: Uint8Array,
  fill: boolean,
  lineWidthPx: number,
): Layer[] {
  const { offsets, values } = listColumn(table, 'polygon');
  const rings = toClosedRings(offsets, values);
  const vertexColors = perVertexColors(rings, colors);
  const data = {
    length: rings.length,
    startIndices: rings.startIndices,
    attributes: { getPolygon: { value: rings.positions, size: 2 } },
  };
  const layers: Layer[] = [];
  if (fill) {
    layers.push(
      new SolidPolygonLayer({
        id: `${id}-fill`,
        data: {
          ...data,
          attributes: { ...data.attributes, getFillColor: { value: vertexColors, size: 4, normalized: true } },
        },
        _normalize: false,
        pickable: true,
        opacity: 0.55,
      }) as unknown as Layer,
    );
  }
  layers.push(
    new PathLayer({
      id: `${id}-outline`,
      data: {
        length: rings.length,
        startIndices: rings.startIndices,
        attributes: {
          getPath: { value: rings.positions, size: 2 },
          getColor: { value: vertexColors, size: 4, normalized: true },
        },
      },
      _pathType: 'open',
      widthUnits: 'pixels',
      getWidth: lineWidthPx,
      pickable: !fill,
    }) as unknown as Layer,
  );
  return layers;
}

function kindColors(table: ArrowColumns, dictionary: 'gland' | 'lumen'): Uint8Array {
  return colorsFromCodes(numericColumn(table, 'class_id'), classColorTable(dictionary));
}

/** The map's layers, bottom to top: tissue, glands, lumina, nuclei (grid, points or contours), selection. */
export function buildLayers(inputs: LayerInputs): Layer[] {
  const { state } = inputs;
  const visible = new Set(state.layers);
  const layers: Layer[] = [];
  if (visible.has('tissue')) {
    for (const [id, bitmap] of [
      ['tissue-overview', inputs.tissueOverview],
      ['tissue-detail', inputs.tissueDetail],
    ] as const) {
      if (bitmap)
        layers.push(
          new BitmapLayer({
            id,
            image: bitmap.canvas,
            bounds: bitmap.bounds,
            opacity: state.opacity,
            textureParameters: NEAREST,
          }) as unknown as Layer,
        );
    }
  }
  const fill = state.polygonStyle === 'fill';
  if (visible.has('glands') && inputs.glands)
    layers.push(...polygonLayers('glands', inputs.glands, kindColors(inputs.glands, 'gland'), fill, 2));
  if (visible.has('lumina') && inputs.lumina)
    layers.push(...polygonLayers('lumina', inputs.lumina, kindColors(inputs.lumina, 'lumen'), fill, 1.5));
  const nuclei = inputs.nuclei;
  if (visible.has('nuclei') && nuclei) {
    const lod = nuclei.metadata.lod;
    if (lod === 'grid' && inputs.gridBitmap) {
      layers.push(
        new BitmapLayer({
          id: 'nuclei-grid',
          image: inputs.gridBitmap.canvas,
          bounds: inputs.gridBitmap.bounds,
          pickable: true,
          textureParameters: NEAREST,
        }) as unknown as Layer,
      );
    } else if (lod === 'points') {
      layers.push(
        new ScatterplotLayer({
          id: 'nuclei-points',
          data: {
            length: nuclei.length,
            attributes: {
              getPosition: { value: vec2Column(nuclei, 'position'), size: 2 },
              getFillColor: { value: objectColors(nuclei, state.colorBy, 255), size: 4, normalized: true },
            },
          },
          radiusUnits: 'common',
          getRadius: 3.5,
          radiusMinPixels: 1.2,
          pickable: true,
        }) as unknown as Layer,
      );
    } else if (lod === 'contours') {
      layers.push(...polygonLayers('nuclei-contours', nuclei, objectColors(nuclei, state.colorBy, 255), true, 1));
    }
  }
  if (inputs.selection && inputs.selection.length >= 6) {
    const path = [...inputs.selection, inputs.selection[0]!, inputs.selection[1]!];
    const points = Array.from(
      { length: path.length / 2 },
      (_, i) => [path[2 * i]!, path[2 * i + 1]!] as [number, number],
    );
    layers.push(
      new PathLayer<[number, number][]>({
        id: 'selection-halo',
        data: [points],
        getPath: (d) => d,
        getColor: [255, 255, 255, 255],
        getWidth: 6,
        widthUnits: 'pixels',
      }) as unknown as Layer,
      new PathLayer<[number, number][]>({
        id: 'selection',
        data: [points],
        getPath: (d) => d,
        getColor: [0, 0, 0, 255],
        getWidth: 2.5,
        widthUnits: 'pixels',
      }) as unknown as Layer,
    );
  }
  return layers;
}
