'use client';
import { useState } from 'react';
import type { CohortState } from '@/lib/cohort/cohort-state';
import { objectExportQuery, slideTableUrl, type ObjectExportOptions } from '@/lib/cohort/download-urls';
import { OBJECT_KINDS, type ObjectKind } from '@/lib/registry';

/** Props: the page state, the slides shown and the selected ones. */
export interface DownloadPanelProps {
  readonly state: CohortState;
  readonly shownSlides: readonly string[];
  readonly selected: readonly string[];
  readonly simulated: boolean;
}

/** Downloads of exactly what is filtered: objects (CSV, Parquet, GeoJSON) with their manifest, and the slide table. */
export function DownloadPanel({ state, shownSlides, selected, simulated }: DownloadPanelProps) {
  const [format, setFormat] = useState<ObjectExportOptions['format']>('csv');
  const [contours, setContours] = useState(false);
  const [gzip, setGzip] = useState(false);
  const [chosenKind, setKind] = useState<ObjectKind>('nuclei');
  const kind = state.objectFilter?.kind ?? chosenKind;
  const useSelection = selected.length > 0;
  const scopeSlides = useSelection ? selected : shownSlides;
  const geojsonOk = scopeSlides.length === 1;
  const effectiveFormat = format === 'geojson' && !geojsonOk ? 'csv' : format;
  const query = objectExportQuery(state, {
    format: effectiveFormat,
    kind,
    filter: state.objectFilter,
    ...(useSelection ? { slides: [...selected].sort() } : {}),
    contours,
    gzip,
  });
  return (
    <section
      className="flex flex-wrap items-center gap-2 rounded border border-slate-200 bg-white p-3 text-sm"
      data-testid="downloads"
    >
      <span className="font-medium">Download</span>
      {!state.objectFilter && (
        <select
          aria-label="Object kind to download"
          className="rounded border border-slate-300 px-1 text-xs"
          value={kind}
          onChange={(e) => setKind(e.target.value as ObjectKind)}
        >
          {OBJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      )}
      <span className="text-xs text-slate-600">
        {state.objectFilter ? `filtered ${kind}` : `all ${kind}`} of{' '}
        {useSelection ? `${selected.length} selected` : `${shownSlides.length} shown`} slide(s) as
      </span>
      <select
        aria-label="Download format"
        data-testid="download-format"
        className="rounded border border-slate-300 px-1 text-xs"
        value={effectiveFormat}
        onChange={(e) => setFormat(e.target.value as ObjectExportOptions['format'])}
      >
        <option value="csv">CSV</option>
        <option value="parquet">Parquet</option>
        <option value="geojson" disabled={!geojsonOk}>
          GeoJSON (QuPath, one slide)
        </option>
      </select>
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={contours} onChange={(e) => setContours(e.target.checked)} />
        contours
      </label>
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={gzip} onChange={(e) => setGzip(e.target.checked)} />
        gzip
      </label>
      <a
        className="rounded bg-sky-700 px-2 py-0.5 text-xs text-white"
        href={`/api/export?${query}`}
        download
        data-testid="download-objects"
      >
        Objects
      </a>
      <a
        className="rounded border border-sky-700 px-2 py-0.5 text-xs text-sky-800"
        href={`/api/export/manifest?${query}`}
        download
        data-testid="download-manifest"
      >
        Manifest + snippet
      </a>
      <span className="ml-4 text-xs text-slate-600">Slide table:</span>
      <a
        className="rounded border border-slate-400 px-2 py-0.5 text-xs"
        href={slideTableUrl(state, 'csv')}
        download
        data-testid="download-slide-table-csv"
      >
        CSV
      </a>
      <a
        className="rounded border border-slate-400 px-2 py-0.5 text-xs"
        href={slideTableUrl(state, 'parquet')}
        download
        data-testid="download-slide-table-parquet"
      >
        Parquet
      </a>
      {simulated && (
        <span className="text-xs text-amber-700">Exports of simulated objects say so in their manifest.</span>
      )}
    </section>
  );
}
