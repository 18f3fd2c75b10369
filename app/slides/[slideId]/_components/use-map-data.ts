'use client';
/**
 * Everything the map draws for the current camera: the nuclei layer at its level of detail,
 * glands, lumina and the tissue map — each fetched for the viewport only, abortable.
 */
import { useMemo } from 'react';
import { numericColumn, type ArrowColumns } from '@/lib/arrow/arrow-columns';
import { GRID_LEVELS_UM } from '@/lib/registry';
import { toBoxParams, viewerApiUrl } from '@/lib/viewer/api-params';
import {
  chooseNucleiLod,
  estimateCount,
  fetchBoxFor,
  snapUmFor,
  viewBox,
  type Box,
  type NucleiLod,
} from '@/lib/viewer/level-of-detail';
import type { MapView, ViewState } from '@/lib/viewer/view-state';
import { gridBitmap, tissueBitmap, type GridCells, type MapBitmap } from './raster-images';
import type { SlideInfo } from './slide-info';
import { useArrow, useFetchBox } from './use-arrow';

/** The decoded, drawable data of the current view and the state of its requests. */
export interface MapData {
  readonly lod: NucleiLod;
  readonly nuclei: ArrowColumns | null;
  readonly grid: { bitmap: MapBitmap; cells: GridCells } | null;
  readonly glands: ArrowColumns | null;
  readonly lumina: ArrowColumns | null;
  readonly tissueOverview: MapBitmap | null;
  readonly tissueDetail: MapBitmap | null;
  readonly loading: boolean;
  readonly errors: readonly string[];
}

const COARSEST = GRID_LEVELS_UM[GRID_LEVELS_UM.length - 1]!;
const boxArea = (b: Box): number => (b.maxX - b.minX) * (b.maxY - b.minY);
const TISSUE_SIZE = 1024;

/** Fetches and decodes the layers of `state` seen through `camera` on a `size` px canvas. */
export function useMapData(
  slide: SlideInfo,
  state: ViewState,
  camera: MapView,
  size: { width: number; height: number },
): MapData {
  const slideBox: Box = { minX: 0, minY: 0, maxX: slide.widthUm, maxY: slide.heightUm };
  const id = slide.slideId;
  const overview = useArrow(viewerApiUrl(id, 'nuclei', { lod: 'grid', level: COARSEST, ...toBoxParams(slideBox) }));
  const view = viewBox(camera.x, camera.y, camera.zoom, size.width, size.height);
  const box = fetchBoxFor(view, snapUmFor(camera.zoom));
  // Until the coarse counts arrive, estimate from the slide's mean density (so the first fetch need not wait).
  const estimate = overview.data
    ? estimateCount(
        box,
        COARSEST,
        numericColumn(overview.data, 'col'),
        numericColumn(overview.data, 'row'),
        numericColumn(overview.data, 'count'),
      )
    : Math.min(slide.counts.nuclei, (slide.counts.nuclei * boxArea(box)) / Math.max(1, slide.widthUm * slide.heightUm));
  const lod = chooseNucleiLod(camera.zoom, estimate);
  const filter = state.filters.nuclei;
  const nucleiKey = JSON.stringify([lod, filter, state.colorBy]);
  const nucleiBox = useFetchBox(view, camera.zoom, nucleiKey);
  const visible = new Set(state.layers);
  const nucleiUrl = visible.has('nuclei')
    ? viewerApiUrl(
        id,
        'nuclei',
        {
          lod: lod.kind,
          level: lod.kind === 'grid' ? lod.levelUm : undefined,
          color: state.colorBy === 'class' ? undefined : state.colorBy,
          ...toBoxParams(nucleiBox),
        },
        filter,
      )
    : null;
  const nuclei = useArrow(nucleiUrl);
  const glandsBox = useFetchBox(view, camera.zoom, JSON.stringify(state.filters.glands));
  const luminaBox = useFetchBox(view, camera.zoom, JSON.stringify(state.filters.lumina));
  const glands = useArrow(
    visible.has('glands')
      ? viewerApiUrl(id, 'polygons', { kind: 'glands', ...toBoxParams(glandsBox) }, state.filters.glands)
      : null,
  );
  const lumina = useArrow(
    visible.has('lumina')
      ? viewerApiUrl(id, 'polygons', { kind: 'lumina', ...toBoxParams(luminaBox) }, state.filters.lumina)
      : null,
  );
  const tissueOn = visible.has('tissue') && slide.tissue !== null;
  const tissueOverview = useArrow(tissueOn ? viewerApiUrl(id, 'tissue', { size: TISSUE_SIZE }) : null);
  // A finer tissue raster of the viewport once an overview pixel would cover more than 2 screen px.
  const overviewPixelUm = slide.tissue
    ? slide.tissue.cellUm * Math.ceil(Math.max(slide.tissue.width, slide.tissue.height) / TISSUE_SIZE)
    : Infinity;
  const detailOn = tissueOn && overviewPixelUm * 2 ** camera.zoom > 2;
  const tissueBox = useFetchBox(view, camera.zoom, 'tissue');
  const tissueDetail = useArrow(
    detailOn ? viewerApiUrl(id, 'tissue', { size: TISSUE_SIZE, ...toBoxParams(tissueBox) }) : null,
  );

  const nucleiData = nucleiUrl ? nuclei.data : null;
  const grid = useMemo(() => {
    if (!nucleiData || nucleiData.metadata.lod !== 'grid') return null;
    const domain = nucleiData.metadata.value_domain
      ? (JSON.parse(nucleiData.metadata.value_domain) as [number, number])
      : null;
    return gridBitmap(nucleiData, Number(nucleiData.metadata.level_um), domain);
  }, [nucleiData]);
  const overviewBitmap = useMemo(
    () => (tissueOverview.data ? tissueBitmap(tissueOverview.data) : null),
    [tissueOverview.data],
  );
  const detailBitmap = useMemo(
    () => (detailOn && tissueDetail.data ? tissueBitmap(tissueDetail.data) : null),
    [detailOn, tissueDetail.data],
  );
  const requests = [overview, nuclei, glands, lumina, tissueOverview, tissueDetail];
  const labels = ['nucleus overview', 'nuclei', 'glands', 'lumina', 'tissue map', 'tissue map'];
  return {
    lod,
    nuclei: nucleiData,
    grid,
    glands: visible.has('glands') ? glands.data : null,
    lumina: visible.has('lumina') ? lumina.data : null,
    tissueOverview: tissueOn ? overviewBitmap : null,
    tissueDetail: detailBitmap,
    loading: requests.some((r) => r.loading),
    errors: requests.flatMap((r, i) => (r.error ? [`Could not load ${labels[i]}: ${r.error}`] : [])),
  };
}
