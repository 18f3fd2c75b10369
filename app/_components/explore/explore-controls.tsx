'use client';
import { SURVIVAL_SPLITS, withGroupBy, type ExploreState } from '@/lib/explore/explore-state';
import {
  CLINICAL_NUMERIC_IDS,
  describeVariable,
  ENDPOINT_IDS,
  ENDPOINTS,
  GROUP_VARIABLE_IDS,
  groupLevels,
  IMAGE_FEATURE_IDS,
  axisLabel,
  type EndpointId,
  type GroupVariableId,
} from '@/lib/explore/variables';
import { useState } from 'react';

const select = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-sm';

/** A select of numeric variables (image features, biomarkers, optionally age), labelled with units. */
function NumericSelect(props: {
  state: ExploreState;
  value: string;
  withAge: boolean;
  testId: string;
  label: string;
  onChange: (id: string) => void;
}) {
  const option = (id: string) => {
    const info = describeVariable(id, props.state.biomarkers);
    return (
      <option key={id} value={id} title={info?.description}>
        {info ? axisLabel(info) : id}
      </option>
    );
  };
  return (
    <label className="flex items-center gap-1 text-sm">
      {props.label}
      <select
        aria-label={props.label}
        data-testid={props.testId}
        className={`${select} max-w-md`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.state.biomarkers.length > 0 && (
          <optgroup label="Your biomarkers">{props.state.biomarkers.map((b) => option(b.id))}</optgroup>
        )}
        <optgroup label="Slide image features">{IMAGE_FEATURE_IDS.map(option)}</optgroup>
        {props.withAge && <optgroup label="Clinical">{CLINICAL_NUMERIC_IDS.map(option)}</optgroup>}
      </select>
    </label>
  );
}

/** Controls of the current view; every change becomes a new URL through `onChange`. */
export function ExploreControls({ state, onChange }: { state: ExploreState; onChange: (next: ExploreState) => void }) {
  const [cut, setCut] = useState(state.threshold === undefined ? '' : String(state.threshold));
  const levels = groupLevels(state.groupBy);
  const chosen = state.levels ?? levels;
  const toggleLevel = (level: string) => {
    const next = chosen.includes(level)
      ? chosen.filter((l) => l !== level)
      : levels.filter((l) => l === level || chosen.includes(l));
    if (next.length === 0) return;
    const { levels: _old, ...rest } = state;
    onChange(next.length === levels.length ? rest : { ...rest, levels: next });
  };
  const showGroup = state.view === 'groups' || (state.view === 'survival' && state.split === 'group');
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded border border-slate-200 bg-white p-3">
      <NumericSelect
        state={state}
        value={state.feature}
        withAge={state.view !== 'survival'}
        testId="feature-select"
        label="Feature"
        onChange={(feature) => onChange({ ...state, feature })}
      />
      {state.view === 'correlation' && (
        <NumericSelect
          state={state}
          value={state.versus}
          withAge
          testId="versus-select"
          label="against"
          onChange={(versus) => onChange({ ...state, versus })}
        />
      )}
      {state.view === 'survival' && (
        <>
          <label className="flex items-center gap-1 text-sm">
            Endpoint
            <select
              aria-label="Endpoint"
              data-testid="endpoint-select"
              className={select}
              value={state.endpoint}
              onChange={(e) => onChange({ ...state, endpoint: e.target.value as EndpointId })}
            >
              {ENDPOINT_IDS.map((id) => (
                <option key={id} value={id}>
                  {ENDPOINTS[id].label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1 text-sm">
            Split by
            <select
              aria-label="Split"
              data-testid="split-select"
              className={select}
              value={state.split}
              onChange={(e) => onChange({ ...state, split: e.target.value as ExploreState['split'] })}
            >
              {SURVIVAL_SPLITS.map((s) => (
                <option key={s} value={s}>
                  {s === 'group' ? 'clinical group' : s === 'threshold' ? 'feature threshold' : `feature ${s}`}
                </option>
              ))}
            </select>
          </label>
          {state.split === 'threshold' && (
            <form
              className="flex items-center gap-1 text-sm"
              onSubmit={(e) => {
                e.preventDefault();
                const value = Number(cut);
                if (cut.trim() !== '' && Number.isFinite(value)) onChange({ ...state, threshold: value });
              }}
            >
              <input
                aria-label="Threshold"
                data-testid="threshold-input"
                className="w-24 rounded border border-slate-300 px-1"
                value={cut}
                onChange={(e) => setCut(e.target.value)}
              />
              <button type="submit" className="rounded bg-slate-700 px-2 py-0.5 text-xs text-white">
                Apply
              </button>
            </form>
          )}
        </>
      )}
      {showGroup && (
        <>
          <label className="flex items-center gap-1 text-sm">
            {state.view === 'groups' ? 'compared across' : 'Group'}
            <select
              aria-label="Clinical variable"
              data-testid="groupby-select"
              className={select}
              value={state.groupBy}
              onChange={(e) => onChange(withGroupBy(state, e.target.value as GroupVariableId))}
            >
              {GROUP_VARIABLE_IDS.map((id) => (
                <option key={id} value={id}>
                  {describeVariable(id, [])?.label ?? id}
                </option>
              ))}
            </select>
          </label>
          <span className="flex items-center gap-1 text-xs">
            {levels.map((level) => (
              <button
                key={level}
                type="button"
                aria-pressed={chosen.includes(level)}
                data-testid={`level-${level}`}
                onClick={() => toggleLevel(level)}
                className={`rounded px-1.5 py-0.5 ${chosen.includes(level) ? 'bg-sky-100' : 'bg-slate-100 text-slate-400 line-through'}`}
              >
                {level}
              </button>
            ))}
          </span>
        </>
      )}
    </div>
  );
}
