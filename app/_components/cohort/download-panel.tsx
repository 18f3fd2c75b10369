'use client';
import { useState } from 'react';
import type { CohortState } from '@/lib/cohort/cohort-state';
import {
  columnChoiceLabel,
  exportColumnChoices,
  objectExportQuery,
  slideTableUrl,
  type ObjectExportOptions,
} from '@/lib/cohort/download-urls';
import { OBJECT_KINDS, type ObjectKind } from '@/lib/registry';

/** Props: the page state, the slides shown and the selected ones. */
export interface DownloadPanelProps {
  readonly state: CohortState;
  readonly shownSlides: readonly string[];
  readonly selected: readonly string[];
  readonly simulated: boolean;
}

/** Props of the column chooser: the kind and its chosen columns (undefined = all). */
interface ColumnChooserProps {
  readonly kind: ObjectKind;
  readonly chosen: readonly string[] | undefined;
  readonly onChange: (chosen: readonly string[] | undefined) => void;
}

/** "All columns" or a chosen set, from the registry with units; slide_id and object_id always come. */
function ColumnChooser({ kind, chosen, onChange }: ColumnChooserProps) {
  const choices = exportColumnChoices(kind);
  const isChosen = (name: string) => chosen === undefined || chosen.includes(name);
  const toggle = (name: string, on: boolean) => {
    const next = choices.filter((c) => (c.name === name ? on : isChosen(c.name))).map((c) => c.name);
    onChange(next.length === choices.length ? undefined : next);
  };
  return (
    <details className="relative text-xs" data-testid="download-columns">
      <summary className="cursor-pointer rounded border border-slate-300 px-1">
        {chosen === undefined ? `all ${choices.length} columns` : `${chosen.length} of ${choices.length} columns`}
      </summary>
      <div className="absolute z-10 mt-1 flex max-h-72 w-72 flex-col gap-0.5 overflow-y-auto rounded border border-slate-300 bg-white p-2 shadow">
        <label className="flex items-center gap-1 font-medium">
          <input
            type="checkbox"
            data-testid="download-columns-all"
            checked={chosen === undefined}
            onChange={(e) => onChange(e.target.checked ? undefined : [])}
          />
          All columns
        </label>
        <span className="text-slate-500">slide_id and object_id are always included.</span>
        {choices.map((c) => (
          <label key={c.name} className="flex items-center gap-1" title={c.description}>
            <input
              type="checkbox"
              data-column={c.name}
              checked={isChosen(c.name)}
              onChange={(e) => toggle(c.name, e.target.checked)}
            />
            {columnChoiceLabel(c)} <span className="text-slate-400">{c.name}</span>
          </label>
        ))}
      </div>
    </details>
  );
}

/** Downloads of exactly what is filtered: objects (CSV, Parquet, GeoJSON) with their manifest, and the slide table. */
export function DownloadPanel({ state, shownSlides, selected, simulated }: DownloadPanelProps) {
  const [format, setFormat] = useState<ObjectExportOptions['format']>('csv');
  const [contours, setContours] = useState(false);
  const [gzip, setGzip] = useState(false);
  const [chosenKind, setKind] = useState<ObjectKind>('nuclei');
  const [columnsByKind, setColumnsByKind] = useState<Partial<Record<ObjectKind, readonly string[]>>>({});
  const kind = state.objectFilter?.kind ?? chosenKind;
  const columns = columnsByKind[kind];
  const useSelection = selected.length > 0;
  const scopeSlides = useSelection ? selected : shownSlides;
  const geojsonOk = scopeSlides.length === 1;
  const effectiveFormat = format === 'geojson' && !geojsonOk ? 'csv' : format;
  const query = objectExportQuery(state, {
    format: effectiveFormat,
    kind,
    filter: state.objectFilter,
    ...(useSelection ? { slides: [...selected].sort() } : {}),
    ...(columns ? { columns } : {}),
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
      <ColumnChooser
        kind={kind}
        chosen={columns}
        onChange={(chosen) => setColumnsByKind((previous) => ({ ...previous, [kind]: chosen }))}
      />
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
