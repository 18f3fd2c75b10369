'use client';
import { useState } from 'react';
import { filterableFeatures, type ObjectFilter } from '@/lib/filters';
import { findColumn } from '@/lib/registry';

/** Toggles a class id in an "absent = all" list; returns undefined when every id is on again. */
export function toggleId(
  list: readonly number[] | undefined,
  id: number,
  all: readonly number[],
): number[] | undefined {
  const current = list ?? all;
  const next = current.includes(id) ? current.filter((v) => v !== id) : [...current, id];
  return next.length === all.length ? undefined : all.filter((v) => next.includes(v));
}

/** `filter` with `key` set to `value`, or removed when `value` is undefined. */
export function withPart<K extends keyof ObjectFilter>(
  filter: ObjectFilter,
  key: K,
  value: ObjectFilter[K] | undefined,
): ObjectFilter {
  const { [key]: _old, ...rest } = filter;
  return (value === undefined ? rest : { ...rest, [key]: value }) as ObjectFilter;
}

/** Toggle buttons for a set of classes (on = kept), with an optional colour dot. */
export function IdToggles(props: {
  readonly label: string;
  readonly items: readonly { id: number; name: string; color?: string }[];
  readonly value: readonly number[] | undefined;
  readonly all: readonly number[];
  readonly testIdPrefix: string;
  readonly onChange: (next: number[] | undefined) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      <span className="text-xs text-slate-500">{props.label}:</span>
      {props.items.map((item) => {
        const on = props.value?.includes(item.id) ?? true;
        return (
          <button
            key={item.id}
            type="button"
            aria-pressed={on}
            data-testid={`${props.testIdPrefix}-${item.id}`}
            onClick={() => props.onChange(toggleId(props.value, item.id, props.all))}
            className={`rounded px-1.5 py-0.5 text-xs ${on ? 'bg-sky-100' : 'bg-slate-100 text-slate-400 line-through'}`}
          >
            {item.color && (
              <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: item.color }} />
            )}
            {item.name}
          </button>
        );
      })}
    </div>
  );
}

/** Adds, replaces and removes feature ranges of an object filter (registry features, units in the options). */
export function RangeEditor({ filter, onChange }: { filter: ObjectFilter; onChange: (filter: ObjectFilter) => void }) {
  const [feature, setFeature] = useState('area_um2');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const features = filterableFeatures(filter.kind);
  const add = () => {
    if (!features.includes(feature)) return;
    const range = { feature, ...(min !== '' ? { min: Number(min) } : {}), ...(max !== '' ? { max: Number(max) } : {}) };
    if ([range.min, range.max].some((v) => v !== undefined && !Number.isFinite(v))) return;
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) return;
    onChange({ ...filter, ranges: [...(filter.ranges ?? []).filter((r) => r.feature !== feature), range] });
  };
  const input = 'w-16 rounded border border-slate-300 px-1 text-xs';
  return (
    <div className="flex flex-wrap items-center gap-1">
      <select
        aria-label="Object feature range"
        data-testid="object-range-feature"
        className="rounded border border-slate-300 px-1 text-xs"
        value={feature}
        onChange={(e) => setFeature(e.target.value)}
      >
        {features.map((f) => {
          const def = findColumn(filter.kind, f);
          return (
            <option key={f} value={f} title={def?.description}>
              {def?.label} {def?.unit ? `(${def.unit})` : ''}
            </option>
          );
        })}
      </select>
      <input
        aria-label="Object range minimum"
        data-testid="object-range-min"
        className={input}
        placeholder="min"
        value={min}
        onChange={(e) => setMin(e.target.value)}
      />
      <input
        aria-label="Object range maximum"
        data-testid="object-range-max"
        className={input}
        placeholder="max"
        value={max}
        onChange={(e) => setMax(e.target.value)}
      />
      <button
        type="button"
        data-testid="object-range-add"
        className="rounded bg-slate-700 px-2 py-0.5 text-xs text-white"
        onClick={add}
      >
        Add
      </button>
      {(filter.ranges ?? []).map((r) => (
        <button
          key={r.feature}
          type="button"
          className="rounded bg-amber-100 px-1.5 py-0.5 text-xs"
          title="Remove this range"
          onClick={() =>
            onChange(
              withPart(
                filter,
                'ranges',
                (filter.ranges ?? []).filter((q) => q.feature !== r.feature),
              ),
            )
          }
        >
          {r.feature} {r.min ?? '−∞'} – {r.max ?? '∞'} ✕
        </button>
      ))}
    </div>
  );
}
