'use client';
import { useEffect, useMemo, useState } from 'react';
import { findAnyCohortColumn, OBJECT_COUNT_COLUMNS, type CohortColumn } from '@/lib/cohort/cohort-columns';
import { slideHref, writeCohortState, type CohortState } from '@/lib/cohort/cohort-state';
import { filterRows, sortRows, type SlideRow } from '@/lib/cohort/table-model';
import { CohortTable } from './cohort-table';
import { DownloadPanel } from './download-panel';
import { ObjectFilterPanel } from './object-filter-panel';
import { SummaryCharts } from './summary-charts';
import { TableControls } from './table-controls';
import { useCohortCounts, useObjectHistogram } from './use-cohort-queries';

/** Props: every slide row (cohort columns) and the state parsed from the URL on the server. */
export interface CohortBrowserProps {
  readonly rows: readonly SlideRow[];
  readonly initialState: CohortState;
  readonly simulated: boolean;
  /** Columns of the user-defined biomarkers in the URL (values are already in `rows`). */
  readonly biomarkerColumns?: readonly CohortColumn[];
}

/** The cohort page's client island: state ⇄ URL, table, charts, object filter and downloads. */
export function CohortBrowser({ rows, initialState, simulated, biomarkerColumns = [] }: CohortBrowserProps) {
  const [state, setState] = useState<CohortState>(initialState);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const patch = (change: Partial<CohortState>) => setState((s) => ({ ...s, ...change }));
  const counts = useCohortCounts(state.objectFilter);
  // Every object kind has an area, so it is the histogram's default feature.
  const objectFeature = state.objectFilter ? (state.objectFeature ?? 'area_um2') : undefined;
  const objectHistogram = useObjectHistogram(state.objectFilter, objectFeature);

  useEffect(() => {
    const query = writeCohortState(state).toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
  }, [state]);

  const merged = useMemo(() => {
    if (counts.status !== 'ready') return rows;
    const bySlide = new Map(counts.data.slides.map((s) => [s.slideId, s]));
    return rows.map((row) => {
      const c = bySlide.get(String(row.slide_id));
      return {
        ...row,
        filtered_count: c?.count ?? null,
        filtered_density_per_mm2: c?.densityPerMm2 ?? null,
        filtered_fraction: c?.fraction ?? null,
      };
    });
  }, [rows, counts]);
  const shown = useMemo(() => sortRows(filterRows(merged, state), state.sort), [merged, state]);
  // The object-filter columns come right after the slide id, where they are seen without scrolling.
  const chosen = state.columns.map((id) => findAnyCohortColumn(id)).filter((c): c is CohortColumn => c !== undefined);
  const leading = chosen.filter((c) => c.id === 'slide_id');
  const columns: CohortColumn[] = [
    ...leading,
    ...(state.objectFilter ? OBJECT_COUNT_COLUMNS : []),
    ...biomarkerColumns,
    ...chosen.filter((c) => c.id !== 'slide_id'),
  ];
  const shownIds = shown.map((r) => String(r.slide_id));

  return (
    <div className="mt-4 space-y-4">
      <SummaryCharts rows={shown} chartFeature={state.chartFeature} groupBy={state.groupBy} onChange={patch} />
      <ObjectFilterPanel
        filter={state.objectFilter}
        feature={objectFeature}
        counts={counts}
        histogram={objectHistogram}
        onChange={(objectFilter, objectFeature) => patch({ objectFilter, objectFeature })}
      />
      <TableControls state={state} onChange={patch} />
      <DownloadPanel
        state={state}
        shownSlides={shownIds}
        selected={[...selected].filter((id) => shownIds.includes(id))}
        simulated={simulated}
      />
      <p className="text-xs text-slate-500" data-testid="shown-count">
        {shown.length} of {rows.length} slides shown{selected.size > 0 ? ` · ${selected.size} selected` : ''} · click a
        slide id to open it in the viewer{state.objectFilter ? ' with this object filter' : ''}.
      </p>
      <CohortTable
        rows={shown}
        columns={columns}
        sort={state.sort}
        selected={selected}
        hrefOf={(id) => slideHref(id, state.objectFilter)}
        onSort={(column) =>
          patch({
            sort:
              state.sort?.column === column
                ? { column, descending: !state.sort.descending }
                : { column, descending: false },
          })
        }
        onToggle={(id) =>
          setSelected((s) => {
            const next = new Set(s);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          })
        }
        onToggleAll={() => setSelected((s) => (shownIds.every((id) => s.has(id)) ? new Set() : new Set(shownIds)))}
      />
    </div>
  );
}
