'use client';
import { useState } from 'react';
import { IdToggles, RangeEditor, withPart } from '@/app/_components/cohort/object-filter-controls';
import {
  BIOMARKER_IDS,
  BIOMARKER_MEASURES,
  biomarkerLabel,
  KIND_DICTIONARY,
  type BiomarkerDef,
  type BiomarkerMeasure,
  writeBiomarkerParams,
} from '@/lib/explore/biomarker';
import type { ExploreState } from '@/lib/explore/explore-state';
import type { ObjectFilter } from '@/lib/filters';
import { CLASS_DICTIONARIES, OBJECT_KINDS, type ObjectKind } from '@/lib/registry';

/** The cohort page URL with these biomarkers as table columns (same b1=… encoding). */
function cohortHref(biomarkers: readonly BiomarkerDef[]): string {
  const params = new URLSearchParams();
  writeBiomarkerParams(biomarkers, params);
  return `/?${params.toString()}`;
}

const select = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-xs';
const MEASURE_LABEL: Record<BiomarkerMeasure, string> = {
  count: 'count per slide',
  density: 'density per mm² of tissue',
  fraction: 'fraction of',
};

/** Defines user biomarkers from an object filter (count, density per mm² tissue, fraction) and lists/removes them. */
export function BiomarkerPanel({ state, onChange }: { state: ExploreState; onChange: (next: ExploreState) => void }) {
  const [filter, setFilter] = useState<ObjectFilter>({ kind: 'nuclei' });
  const [measure, setMeasure] = useState<BiomarkerMeasure>('density');
  const [denominator, setDenominator] = useState('');
  const classes = CLASS_DICTIONARIES[KIND_DICTIONARY[filter.kind]];
  const free = BIOMARKER_IDS.find((id) => !state.biomarkers.some((b) => b.id === id));
  const add = () => {
    if (!free) return;
    const biomarker: BiomarkerDef = {
      id: free,
      measure,
      filter,
      ...(measure === 'fraction' && denominator !== '' ? { denominatorClass: Number(denominator) } : {}),
    };
    onChange({ ...state, biomarkers: [...state.biomarkers, biomarker], feature: free });
  };
  const remove = (id: string) => {
    const d = { feature: 'nuclei_lymphocyte_density_in_tumour_per_mm2', versus: 'age_years' };
    onChange({
      ...state,
      biomarkers: state.biomarkers.filter((b) => b.id !== id),
      feature: state.feature === id ? d.feature : state.feature,
      versus: state.versus === id ? d.versus : state.versus,
    });
  };
  return (
    <details
      className="rounded border border-slate-200 bg-white p-3"
      open={state.biomarkers.length === 0 ? undefined : true}
    >
      <summary className="cursor-pointer text-sm font-semibold" data-testid="biomarker-toggle">
        Your biomarkers ({state.biomarkers.length}) — define one from an object filter
      </summary>
      <ul className="mt-2 space-y-1 text-xs" data-testid="biomarker-list">
        {state.biomarkers.map((b) => (
          <li key={b.id} data-biomarker={b.id} className="flex items-center gap-2">
            <span>{biomarkerLabel(b)}</span>
            <button type="button" className="text-red-700" onClick={() => remove(b.id)} aria-label={`Remove ${b.id}`}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      {state.biomarkers.length > 0 && (
        <a
          href={cohortHref(state.biomarkers)}
          className="mt-1 inline-block text-xs text-sky-700 underline"
          data-testid="biomarkers-in-cohort"
        >
          Show these biomarkers as columns of the cohort table →
        </a>
      )}
      <div className="mt-2 space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <select
            aria-label="Object kind"
            data-testid="bm-kind"
            className={select}
            value={filter.kind}
            onChange={(e) => {
              setFilter({ kind: e.target.value as ObjectKind });
              setDenominator('');
            }}
          >
            {OBJECT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <select
            aria-label="Measure"
            data-testid="bm-measure"
            className={select}
            value={measure}
            onChange={(e) => setMeasure(e.target.value as BiomarkerMeasure)}
          >
            {BIOMARKER_MEASURES.map((m) => (
              <option key={m} value={m}>
                {MEASURE_LABEL[m]}
              </option>
            ))}
          </select>
          {measure === 'fraction' && (
            <select
              aria-label="Denominator"
              data-testid="bm-denominator"
              className={select}
              value={denominator}
              onChange={(e) => setDenominator(e.target.value)}
            >
              <option value="">all {filter.kind}</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  all {c.name} {filter.kind}
                </option>
              ))}
            </select>
          )}
        </div>
        <IdToggles
          label="Class"
          items={classes}
          value={filter.classes}
          all={classes.map((c) => c.id)}
          testIdPrefix="bm-class"
          onChange={(v) => setFilter(withPart(filter, 'classes', v))}
        />
        <IdToggles
          label="Tissue"
          items={CLASS_DICTIONARIES.tissue}
          value={filter.tissue}
          all={CLASS_DICTIONARIES.tissue.map((c) => c.id)}
          testIdPrefix="bm-tissue"
          onChange={(v) => setFilter(withPart(filter, 'tissue', v))}
        />
        {filter.kind !== 'glands' && (
          <select
            aria-label="Inside glands"
            data-testid="bm-gland"
            className={select}
            value={filter.inGland === undefined ? '' : filter.inGland ? 'in' : 'out'}
            onChange={(e) =>
              setFilter(withPart(filter, 'inGland', e.target.value === '' ? undefined : e.target.value === 'in'))
            }
          >
            <option value="">inside or outside glands</option>
            <option value="in">inside glands</option>
            <option value="out">outside glands</option>
          </select>
        )}
        <RangeEditor filter={filter} onChange={setFilter} />
        <button
          type="button"
          data-testid="bm-add"
          disabled={!free}
          onClick={add}
          className="rounded bg-sky-700 px-3 py-1 text-xs text-white disabled:opacity-50"
        >
          Add as biomarker {free ?? '(limit reached)'}
        </button>
      </div>
    </details>
  );
}
