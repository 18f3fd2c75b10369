'use client';
import { useState } from 'react';
import { COHORT_COLUMNS, findCohortColumn } from '@/lib/cohort/cohort-columns';
import type { CohortState, ColumnRange } from '@/lib/cohort/cohort-state';

const CATEGORY_FILTERS = ['project', 'msi_status', 'stage', 'cms', 'sex', 'side', 'os_event'];
const NUMERIC = COHORT_COLUMNS.filter((c) => c.kind === 'number');
const GROUPS = [
  ['identity', 'Identity'],
  ['clinical', 'Clinical'],
  ['image', 'Slide image features'],
] as const;

/** Props: the state and a patch function. */
export interface TableControlsProps {
  readonly state: CohortState;
  readonly onChange: (patch: Partial<CohortState>) => void;
}

function toggle(list: readonly string[] | undefined, level: string, all: readonly string[]): string[] | undefined {
  const current = list ?? all;
  const next = current.includes(level) ? current.filter((l) => l !== level) : [...current, level];
  return next.length === all.length ? undefined : all.filter((l) => next.includes(l));
}

/** Search box, category level toggles, numeric range filters and the column chooser. */
export function TableControls({ state, onChange }: TableControlsProps) {
  const [rangeColumn, setRangeColumn] = useState('age_years');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const setCategory = (id: string, levels: string[] | undefined) => {
    const { [id]: _removed, ...rest } = state.categories;
    onChange({ categories: levels ? { ...rest, [id]: levels } : rest });
  };
  const addRange = () => {
    const range: ColumnRange = {
      ...(min !== '' ? { min: Number(min) } : {}),
      ...(max !== '' ? { max: Number(max) } : {}),
    };
    if (Object.values(range).some((v) => !Number.isFinite(v))) return;
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) return;
    onChange({ ranges: { ...state.ranges, [rangeColumn]: range } });
  };
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          placeholder="Search slide or patient id"
          aria-label="Search slides"
          data-testid="slide-search"
          className="w-64 rounded border border-slate-300 px-2 py-1"
          value={state.search}
          onChange={(e) => onChange({ search: e.target.value })}
        />
        <details className="relative">
          <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1" data-testid="column-chooser">
            Columns ({state.columns.length})
          </summary>
          <div className="absolute z-20 mt-1 max-h-96 w-96 overflow-auto rounded border border-slate-300 bg-white p-2 shadow-lg">
            {GROUPS.map(([group, title]) => (
              <fieldset key={group} className="mb-2">
                <legend className="font-medium text-slate-600">{title}</legend>
                {COHORT_COLUMNS.filter((c) => c.group === group).map((c) => (
                  <label key={c.id} className="flex items-center gap-1 text-xs" title={c.description}>
                    <input
                      type="checkbox"
                      data-testid={`column-${c.id}`}
                      checked={state.columns.includes(c.id)}
                      onChange={() =>
                        onChange({
                          columns: state.columns.includes(c.id)
                            ? state.columns.filter((id) => id !== c.id)
                            : COHORT_COLUMNS.map((d) => d.id).filter((id) => id === c.id || state.columns.includes(id)),
                        })
                      }
                    />
                    {c.label}
                    {c.unit && <span className="text-slate-400">({c.unit})</span>}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </details>
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {CATEGORY_FILTERS.map((id) => {
          const column = findCohortColumn(id);
          const levels = column?.levels ?? [];
          return (
            <div key={id} className="flex items-center gap-1" title={column?.description}>
              <span className="text-xs text-slate-500">{column?.label}:</span>
              {levels.map((level) => {
                const on = state.categories[id]?.includes(level) ?? true;
                return (
                  <button
                    key={level}
                    type="button"
                    data-testid={`level-${id}-${level}`}
                    aria-pressed={on}
                    onClick={() => setCategory(id, toggle(state.categories[id], level, levels))}
                    className={`rounded px-1.5 py-0.5 text-xs ${on ? 'bg-sky-100 text-sky-900' : 'bg-slate-100 text-slate-400 line-through'}`}
                  >
                    {level}
                  </button>
                );
              })}
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <select
          aria-label="Range filter column"
          className="rounded border border-slate-300 px-1 py-0.5 text-xs"
          value={rangeColumn}
          onChange={(e) => setRangeColumn(e.target.value)}
        >
          {NUMERIC.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
              {c.unit ? ` (${c.unit})` : ''}
            </option>
          ))}
        </select>
        <input
          aria-label="Range minimum"
          className="w-20 rounded border border-slate-300 px-1 py-0.5 text-xs"
          placeholder="min"
          value={min}
          onChange={(e) => setMin(e.target.value)}
        />
        <input
          aria-label="Range maximum"
          className="w-20 rounded border border-slate-300 px-1 py-0.5 text-xs"
          placeholder="max"
          value={max}
          onChange={(e) => setMax(e.target.value)}
        />
        <button type="button" className="rounded bg-slate-700 px-2 py-0.5 text-xs text-white" onClick={addRange}>
          Add range
        </button>
        {Object.entries(state.ranges).map(([id, range]) => (
          <button
            key={id}
            type="button"
            title="Remove this filter"
            className="rounded bg-amber-100 px-1.5 py-0.5 text-xs"
            onClick={() => {
              const { [id]: _removed, ...rest } = state.ranges;
              onChange({ ranges: rest });
            }}
          >
            {findCohortColumn(id)?.label} {range.min ?? '−∞'} – {range.max ?? '∞'} ✕
          </button>
        ))}
      </div>
    </div>
  );
}
