'use client';
/** Filters of one object kind: class and tissue toggles, inside/outside gland, and feature ranges with cross-filtered histograms. */
import { filterableFeatures, normalizeFilter, type FeatureRange, type ObjectFilter } from '@/lib/filters';
import { CLASS_DICTIONARIES, findColumn, type ObjectKind } from '@/lib/registry';
import { HistogramChart } from './histogram-chart';
import { useHistograms } from './use-histograms';

const DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;
const TITLE: Record<ObjectKind, string> = { nuclei: 'Nuclei', glands: 'Glands', lumina: 'Lumina' };

function toggle(list: readonly number[] | undefined, all: readonly number[], id: number): number[] | undefined {
  const current = list ?? all;
  const next = current.includes(id) ? current.filter((v) => v !== id) : [...current, id].sort((a, b) => a - b);
  return next.length === all.length ? undefined : next;
}

function withoutKey<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/** The filter panel of `kind`; `onChange(filter, final)` — final changes go to history, drags replace. */
export function FilterPanel(props: {
  readonly slideId: string;
  readonly kind: ObjectKind;
  readonly filter: ObjectFilter;
  readonly colorFeature: string | null;
  readonly onChange: (filter: ObjectFilter, final: boolean) => void;
}) {
  const { kind, filter } = props;
  const ranges = filter.ranges ?? [];
  const features = [...new Set([...ranges.map((r) => r.feature), ...(props.colorFeature ? [props.colorFeature] : [])])];
  const { data, error } = useHistograms(props.slideId, filter, features);
  const classes = CLASS_DICTIONARIES[DICTIONARY[kind]];
  const classIds = classes.map((c) => c.id);
  const tissueIds = CLASS_DICTIONARIES.tissue.map((c) => c.id);
  const prefix = kind[0];
  const set = (next: ObjectFilter, final = true) => props.onChange(normalizeFilter(next), final);
  const setRanges = (next: FeatureRange[], final: boolean) =>
    set(next.length ? { ...filter, ranges: next } : withoutKey(filter, 'ranges'), final);
  const setList = (key: 'classes' | 'tissue', value: number[] | undefined) =>
    set(value === undefined ? withoutKey(filter, key) : { ...filter, [key]: value });
  return (
    <section className="border-b border-slate-200 py-2" data-testid={`filters-${kind}`}>
      <h3 className="flex items-baseline justify-between text-sm font-semibold">
        {TITLE[kind]}
        <span
          className="text-xs font-normal tabular-nums text-slate-600"
          data-testid={`count-${kind}`}
          data-filtered={data?.filtered}
          data-total={data?.total}
        >
          {data ? `${data.filtered.toLocaleString('en-US')} of ${data.total.toLocaleString('en-US')} ${kind}` : '…'}
        </span>
      </h3>
      {error && <p className="text-xs text-red-700">Counts unavailable: {error}</p>}
      <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
        {classes.map((c) => (
          <label key={c.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              data-testid={`${prefix}-class-${c.id}`}
              checked={filter.classes?.includes(c.id) ?? true}
              onChange={() => setList('classes', toggle(filter.classes, classIds, c.id))}
            />
            <span
              className="inline-block h-2.5 w-2.5 rounded-sm border border-slate-400"
              style={{ background: c.color }}
            />
            {c.name}
          </label>
        ))}
      </div>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-slate-600">
          Tissue under the {kind === 'nuclei' ? 'nucleus' : 'object'}
          {filter.tissue ? ` (${filter.tissue.length} of ${tissueIds.length})` : ''}
        </summary>
        <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
          {CLASS_DICTIONARIES.tissue.map((c) => (
            <label key={c.id} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={filter.tissue?.includes(c.id) ?? true}
                onChange={() => setList('tissue', toggle(filter.tissue, tissueIds, c.id))}
              />
              <span
                className="inline-block h-2.5 w-2.5 rounded-sm border border-slate-400"
                style={{ background: c.color }}
              />
              {c.name}
            </label>
          ))}
        </div>
      </details>
      {kind !== 'glands' && (
        <label className="mt-1 flex items-center gap-2 text-xs">
          Gland
          <select
            data-testid={`${prefix}-gland`}
            className="rounded border border-slate-300 px-1"
            value={filter.inGland === undefined ? 'any' : filter.inGland ? 'in' : 'out'}
            onChange={(e) =>
              set(
                e.target.value === 'any'
                  ? withoutKey(filter, 'inGland')
                  : { ...filter, inGland: e.target.value === 'in' },
              )
            }
          >
            <option value="any">inside or outside</option>
            <option value="in">inside a gland</option>
            <option value="out">outside every gland</option>
          </select>
        </label>
      )}
      {features.map((feature) => {
        const column = findColumn(kind, feature);
        const range = ranges.find((r) => r.feature === feature);
        const histogram = data?.histograms.find((h) => h.feature === feature);
        return (
          <div key={feature} className="mt-2">
            <div className="flex items-baseline justify-between text-xs">
              <span title={column?.description}>
                {column?.label ?? feature} {column?.unit && <span className="text-slate-500">({column.unit})</span>}
              </span>
              {range && (
                <button
                  type="button"
                  className="text-slate-500 hover:text-red-700"
                  onClick={() =>
                    setRanges(
                      ranges.filter((r) => r.feature !== feature),
                      true,
                    )
                  }
                >
                  remove
                </button>
              )}
            </div>
            <HistogramChart
              testId={`hist-${kind}-${feature}`}
              histogram={histogram}
              range={range}
              unit={column?.unit ?? ''}
              onRange={
                range
                  ? (min, max, final) =>
                      setRanges(
                        ranges.map((r) =>
                          r.feature === feature
                            ? { feature, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }
                            : r,
                        ),
                        final,
                      )
                  : undefined
              }
            />
          </div>
        );
      })}
      <select
        className="mt-2 w-full rounded border border-slate-300 px-1 text-xs"
        data-testid={`${prefix}-add-range`}
        value=""
        onChange={(e) => e.target.value && setRanges([...ranges, { feature: e.target.value }], true)}
      >
        <option value="">+ range filter on a feature…</option>
        {filterableFeatures(kind)
          .filter((f) => !ranges.some((r) => r.feature === f))
          .map((f) => (
            <option key={f} value={f}>
              {findColumn(kind, f)?.label ?? f}
            </option>
          ))}
      </select>
    </section>
  );
}
