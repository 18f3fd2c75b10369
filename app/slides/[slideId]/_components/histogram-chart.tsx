'use client';
/** A feature's cross-filtered histogram over the slide with a two-handle range (values in the feature's unit). */
import type { FeatureRange } from '@/lib/filters';
import type { FeatureHistogram } from '@/lib/viewer/histogram-data';

const WIDTH = 240;
const HEIGHT = 44;

/** Formats a feature value compactly (3 significant digits). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return value.toLocaleString('en-US');
  return Number(value.toPrecision(3)).toLocaleString('en-US');
}

/** Bars of `histogram` (bins outside `range` greyed) and, when `onRange` is given, range sliders. */
export function HistogramChart(props: {
  readonly testId: string;
  readonly histogram: FeatureHistogram | undefined;
  readonly range?: FeatureRange;
  readonly unit: string;
  readonly onRange?: (min: number | undefined, max: number | undefined, final: boolean) => void;
}) {
  const { histogram, range } = props;
  if (!histogram) return <div className="h-11 animate-pulse rounded bg-slate-100" data-testid={props.testId} />;
  const [lo, hi] = histogram.domain;
  const max = Math.max(1, ...histogram.counts);
  const binWidth = (hi - lo) / histogram.counts.length;
  const min = range?.min ?? lo;
  const upper = range?.max ?? hi;
  const step = (hi - lo) / 200 || 1;
  return (
    <div>
      <svg
        width={WIDTH}
        height={HEIGHT}
        data-testid={props.testId}
        data-counts={histogram.counts.join(',')}
        className="block"
      >
        {histogram.counts.map((count, i) => {
          const h = (HEIGHT - 2) * Math.sqrt(count / max);
          const inside = lo + (i + 1) * binWidth > min && lo + i * binWidth < upper;
          return (
            <rect
              key={i}
              x={(i * WIDTH) / histogram.counts.length}
              y={HEIGHT - h}
              width={WIDTH / histogram.counts.length - 1}
              height={h}
              className={inside ? 'fill-sky-700' : 'fill-slate-300'}
            >
              <title>{`${formatNumber(lo + i * binWidth)}–${formatNumber(lo + (i + 1) * binWidth)} ${props.unit}: ${count.toLocaleString('en-US')}`}</title>
            </rect>
          );
        })}
      </svg>
      {props.onRange && (
        <div className="mt-1 grid grid-cols-2 gap-2 text-xs text-slate-600">
          {(['min', 'max'] as const).map((end) => (
            <label key={end} className="flex flex-col">
              <span>
                {end} {formatNumber(end === 'min' ? min : upper)} {props.unit}
              </span>
              <input
                type="range"
                aria-label={`${props.testId} ${end}`}
                min={lo}
                max={hi}
                step={step}
                value={end === 'min' ? min : upper}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  if (end === 'min') props.onRange!(v <= lo ? undefined : Math.min(v, upper), range?.max, false);
                  else props.onRange!(range?.min, v >= hi ? undefined : Math.max(v, min), false);
                }}
                onPointerUp={() => props.onRange!(range?.min, range?.max, true)}
              />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
