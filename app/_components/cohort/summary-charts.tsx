'use client';
import { COHORT_COLUMNS, findCohortColumn } from '@/lib/cohort/cohort-columns';
import { composition, histogram, type SlideRow } from '@/lib/cohort/table-model';
import { SvgHistogram, SvgLevelBars } from './svg-histogram';

const NUMERIC = COHORT_COLUMNS.filter((c) => c.kind === 'number');
const CATEGORICAL = COHORT_COLUMNS.filter((c) => c.levels !== undefined);

/** Props: the rows the table shows and the chosen chart columns. */
export interface SummaryChartsProps {
  readonly rows: readonly SlideRow[];
  readonly chartFeature: string;
  readonly groupBy: string;
  readonly onChange: (patch: { chartFeature?: string; groupBy?: string }) => void;
}

/** Distribution of a chosen slide feature and composition by a chosen category, over the shown slides. */
export function SummaryCharts({ rows, chartFeature, groupBy, onChange }: SummaryChartsProps) {
  const feature = findCohortColumn(chartFeature);
  const hist = histogram(
    rows.map((r) => r[chartFeature]),
    24,
  );
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <figure className="rounded border border-slate-200 bg-white p-3">
        <figcaption className="mb-1 flex items-center gap-2 text-sm">
          <span className="font-medium">Distribution</span>
          <select
            aria-label="Slide feature of the distribution chart"
            className="rounded border border-slate-300 px-1 py-0.5 text-xs"
            value={chartFeature}
            onChange={(e) => onChange({ chartFeature: e.target.value })}
          >
            {NUMERIC.map((c) => (
              <option key={c.id} value={c.id} title={c.description}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="text-xs text-slate-500">
            {rows.length - hist.missing} slides{hist.missing > 0 ? `, ${hist.missing} missing` : ''}
          </span>
        </figcaption>
        <SvgHistogram
          lo={hist.lo}
          width={hist.width}
          counts={hist.counts}
          label={`${feature?.label ?? chartFeature}${feature?.unit ? ` (${feature.unit})` : ''}`}
          testId="slide-feature-histogram"
        />
      </figure>
      <figure className="rounded border border-slate-200 bg-white p-3">
        <figcaption className="mb-1 flex items-center gap-2 text-sm">
          <span className="font-medium">Composition by</span>
          <select
            aria-label="Category of the composition chart"
            className="rounded border border-slate-300 px-1 py-0.5 text-xs"
            value={groupBy}
            onChange={(e) => onChange({ groupBy: e.target.value })}
          >
            {CATEGORICAL.map((c) => (
              <option key={c.id} value={c.id} title={c.description}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="text-xs text-slate-500">{rows.length} slides</span>
        </figcaption>
        <SvgLevelBars items={composition(rows, groupBy)} testId="composition-chart" />
      </figure>
    </div>
  );
}
