'use client';
/** Overlays drawn over the map canvas: scale bar (µm), legend (classes or the continuous scale with units) and the overview minimap. */
import { useEffect, useRef } from 'react';
import { CLASS_DICTIONARIES, findColumn } from '@/lib/registry';
import { rampGradientCss } from '@/lib/viewer/color-scale';
import { buildScaleBar } from '@/lib/viewer/scale-bar';
import type { Box } from '@/lib/viewer/level-of-detail';
import { formatNumber } from './histogram-chart';
import type { MapBitmap } from './raster-images';

/** A scale bar for `zoom` (log2 screen px per µm). */
export function ScaleBarOverlay(props: { readonly zoom: number }) {
  const bar = buildScaleBar(2 ** props.zoom);
  return (
    <div
      className="pointer-events-none absolute bottom-2 left-2 rounded bg-white/85 px-2 py-1 text-xs"
      data-testid="scale-bar"
      data-um={bar.um}
    >
      <div className="h-1.5 border-x-2 border-b-2 border-slate-900" style={{ width: bar.px }} />
      {bar.label}
    </div>
  );
}

/** Legend of the nuclei colouring (class swatches or the feature ramp over `domain`), plus the tissue classes. */
export function LegendOverlay(props: {
  readonly colorBy: string;
  readonly domain: [number, number] | null;
  readonly showTissue: boolean;
}) {
  const column = props.colorBy === 'class' ? undefined : findColumn('nuclei', props.colorBy);
  return (
    <div className="absolute right-2 top-2 max-w-56 rounded bg-white/90 p-2 text-xs shadow" data-testid="legend">
      <div className="font-semibold">Nuclei</div>
      {column ? (
        <div data-testid="legend-ramp">
          <div>
            {column.label} {column.unit && `(${column.unit})`}
          </div>
          <div className="mt-1 h-2 w-44 rounded" style={{ background: rampGradientCss() }} />
          <div className="flex w-44 justify-between tabular-nums">
            <span>{props.domain ? formatNumber(props.domain[0]) : '…'}</span>
            <span className="text-slate-500">2–98 %</span>
            <span>{props.domain ? formatNumber(props.domain[1]) : '…'}</span>
          </div>
        </div>
      ) : (
        CLASS_DICTIONARIES.nucleus.map((c) => (
          <div key={c.id} className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: c.color }} />
            {c.name}
          </div>
        ))
      )}
      {props.showTissue && (
        <details className="mt-1">
          <summary className="cursor-pointer font-semibold">Tissue</summary>
          {CLASS_DICTIONARIES.tissue.slice(1).map((c) => (
            <div key={c.id} className="flex items-center gap-1">
              <span className="inline-block h-2.5 w-2.5" style={{ background: c.color }} />
              {c.name}
            </div>
          ))}
        </details>
      )}
    </div>
  );
}

const MINIMAP_WIDTH = 150;

/** The whole slide at thumbnail size with the current view outlined; a click recentres the map there (µm). */
export function Minimap(props: {
  readonly widthUm: number;
  readonly heightUm: number;
  readonly tissue: MapBitmap | null;
  readonly view: Box;
  readonly onCenter: (x: number, y: number) => void;
}) {
  const scale = MINIMAP_WIDTH / props.widthUm;
  const height = Math.max(20, Math.round(props.heightUm * scale));
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#f8fafc';
    context.fillRect(0, 0, MINIMAP_WIDTH, height);
    const tissue = props.tissue;
    if (tissue) {
      const [left, bottom, right, top] = tissue.bounds;
      context.imageSmoothingEnabled = false;
      context.drawImage(tissue.canvas, left * scale, top * scale, (right - left) * scale, (bottom - top) * scale);
    }
  }, [props.tissue, scale, height]);
  const v = props.view;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  const x0 = clamp(v.minX * scale, MINIMAP_WIDTH);
  const y0 = clamp(v.minY * scale, height);
  return (
    <div
      className="absolute bottom-2 right-2 rounded border border-slate-400 bg-white shadow"
      data-testid="minimap"
      style={{ width: MINIMAP_WIDTH, height }}
    >
      <canvas
        ref={canvasRef}
        width={MINIMAP_WIDTH}
        height={height}
        className="cursor-pointer"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          props.onCenter((e.clientX - rect.left) / scale, (e.clientY - rect.top) / scale);
        }}
      />
      <div
        className="pointer-events-none absolute border-2 border-sky-700"
        style={{
          left: x0,
          top: y0,
          width: Math.max(2, clamp(v.maxX * scale, MINIMAP_WIDTH) - x0),
          height: Math.max(2, clamp(v.maxY * scale, height) - y0),
        }}
      />
    </div>
  );
}
