'use client';
import { filterableFeatures, type ObjectFilter } from '@/lib/filters';
import { CLASS_DICTIONARIES, findColumn, OBJECT_KINDS, type ClassDef, type ObjectKind } from '@/lib/registry';
import { IdToggles, RangeEditor, withPart } from './object-filter-controls';
import { SvgHistogram } from './svg-histogram';
import type { QueryState } from './use-cohort-queries';

const DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;
const TISSUE = CLASS_DICTIONARIES.tissue.filter((t) => t.id !== 0);
const TISSUE_IDS = CLASS_DICTIONARIES.tissue.map((t) => t.id);

/** Props: the current object filter (undefined = off), its histogram feature and the server answers. */
export interface ObjectFilterPanelProps {
  readonly filter: ObjectFilter | undefined;
  readonly feature: string | undefined;
  readonly counts: QueryState<{ source: string; ms: number; slides: { count: number }[] }>;
  readonly histogram: QueryState<{ lo: number; width: number; counts: number[]; unit: string }>;
  readonly onChange: (filter: ObjectFilter | undefined, feature: string | undefined) => void;
}

/** The cohort-wide object filter (same model as the viewer): kind, classes, tissue, gland relation, ranges; and its histogram. */
export function ObjectFilterPanel({ filter, feature, counts, histogram, onChange }: ObjectFilterPanelProps) {
  const kind = filter?.kind;
  const classes: readonly ClassDef[] = kind ? CLASS_DICTIONARIES[DICTIONARY[kind]] : [];
  const total = counts.status === 'ready' ? counts.data.slides.reduce((a, s) => a + s.count, 0) : undefined;
  const featureDef = kind && feature ? findColumn(kind, feature) : undefined;
  const select = 'rounded border border-slate-300 px-1 py-0.5 text-xs';
  return (
    <section className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="object-filter">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Cohort object filter</span>
        <select
          aria-label="Object kind"
          data-testid="object-filter-kind"
          className={select}
          value={kind ?? ''}
          onChange={(e) => {
            const next = e.target.value as ObjectKind | '';
            onChange(next === '' ? undefined : { kind: next }, undefined);
          }}
        >
          <option value="">off</option>
          {OBJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <span className="text-xs text-slate-500" data-testid="counts-status" data-state={counts.status}>
          {counts.status === 'idle' && 'choose a kind to count objects on every slide'}
          {counts.status === 'loading' && 'counting every slide…'}
          {counts.status === 'ready' &&
            `${total?.toLocaleString('en-US')} objects pass · exact (${counts.data.source}) in ${counts.data.ms} ms`}
          {counts.status === 'error' && <span className="text-red-700">{counts.message}</span>}
        </span>
      </div>
      {filter && (
        <div className="mt-2 grid gap-3 md:grid-cols-2">
          <div className="space-y-1">
            <IdToggles
              label="Class"
              items={classes}
              value={filter.classes}
              all={classes.map((c) => c.id)}
              testIdPrefix="object-class"
              onChange={(next) => onChange(withPart(filter, 'classes', next), feature)}
            />
            <IdToggles
              label="Tissue under centroid"
              items={TISSUE}
              value={filter.tissue}
              all={TISSUE_IDS}
              testIdPrefix="object-tissue"
              onChange={(next) => onChange(withPart(filter, 'tissue', next), feature)}
            />
            {kind !== 'glands' && (
              <label className="flex items-center gap-1 text-xs">
                <span className="text-slate-500">Gland:</span>
                <select
                  className={select}
                  value={filter.inGland === undefined ? '' : filter.inGland ? 'in' : 'out'}
                  onChange={(e) =>
                    onChange(
                      withPart(filter, 'inGland', e.target.value === '' ? undefined : e.target.value === 'in'),
                      feature,
                    )
                  }
                >
                  <option value="">either</option>
                  <option value="in">inside a gland</option>
                  <option value="out">outside every gland</option>
                </select>
              </label>
            )}
            <RangeEditor filter={filter} onChange={(next) => onChange(next, feature)} />
          </div>
          <figure>
            <figcaption className="flex items-center gap-2 text-xs">
              Cohort histogram of
              <select
                aria-label="Object histogram feature"
                className={select}
                value={feature ?? ''}
                onChange={(e) => onChange(filter, e.target.value)}
              >
                {filterableFeatures(filter.kind).map((f) => (
                  <option key={f} value={f}>
                    {findColumn(filter.kind, f)?.label}
                  </option>
                ))}
              </select>
              {histogram.status === 'loading' && <span className="text-slate-400">…</span>}
              {histogram.status === 'error' && <span className="text-red-700">{histogram.message}</span>}
            </figcaption>
            {histogram.status === 'ready' && (
              <SvgHistogram
                lo={histogram.data.lo}
                width={histogram.data.width}
                counts={histogram.data.counts}
                color="#d55e00"
                label={`${featureDef?.label ?? feature}${histogram.data.unit ? ` (${histogram.data.unit})` : ''}, filtered ${kind}`}
                testId="object-histogram"
              />
            )}
          </figure>
        </div>
      )}
    </section>
  );
}
