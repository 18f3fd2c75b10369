'use client';
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import { downloadBlob, exportPng, exportSvg } from './export-figure';

/** Shared look of every explorer chart (the class marks charts for export). */
export const PLOT_DEFAULTS = {
  className: 'explore-plot',
  style: { fontSize: '12px', fontFamily: 'system-ui, sans-serif', background: 'white', overflow: 'visible' },
} as const;

/** Renders Observable Plot charts (stacked) with SVG, PNG and CSV downloads; `data-rendered` flags a finished render. */
export function PlotFigure(props: {
  readonly name: string;
  readonly plots: readonly Plot.PlotOptions[];
  readonly csv: () => string;
  readonly testId: string;
  readonly caption?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState(0);
  const { plots } = props;
  useEffect(() => {
    const host = container.current;
    if (!host) return;
    const charts = plots.map((options) => Plot.plot({ ...PLOT_DEFAULTS, ...options }));
    host.replaceChildren(...charts);
    setRendered((n) => n + 1);
    return () => charts.forEach((chart) => chart.remove());
  }, [plots]);
  const button = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100';
  return (
    <figure className="rounded border border-slate-200 bg-white p-3">
      <div
        ref={container}
        data-testid={props.testId}
        data-rendered={rendered > 0 ? 'true' : 'false'}
        className="overflow-x-auto"
      />
      <figcaption className="mt-2 flex items-start gap-2 text-xs text-slate-600">
        <span className="mr-auto">{props.caption}</span>
        <button
          type="button"
          className={button}
          onClick={() => container.current && exportSvg(container.current, props.name)}
        >
          SVG
        </button>
        <button
          type="button"
          className={button}
          onClick={() => container.current && void exportPng(container.current, props.name)}
        >
          PNG
        </button>
        <button
          type="button"
          data-testid={`${props.testId}-csv`}
          className={button}
          onClick={() => downloadBlob(`${props.name}.csv`, new Blob([props.csv()], { type: 'text/csv' }))}
        >
          CSV (data)
        </button>
      </figcaption>
    </figure>
  );
}
