import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { isSlideId } from '@/lib/contract/layout';
import { findColumn, SLIDE_CLINICAL_COLUMNS, type ColumnDef } from '@/lib/registry';
import { getServedDataset, slideDamage } from '@/lib/server/served-dataset';
import { preloadSlide } from '@/lib/server/viewer/warm-slide';
import type { DetailValue } from '@/lib/server/viewer/object-detail';
import { loadSlideRow } from '@/lib/server/viewer/slide-detail';
import { ViewerLoader } from './_components/viewer-loader';
import type { SlideInfo } from './_components/slide-info';
import { NoDataset } from '@/app/_components/no-dataset';

export const dynamic = 'force-dynamic';

/** Slide-level features shown in the header, by registry column. */
const SUMMARY_FEATURES = [
  'tissue_area_mm2',
  'nuclei_density_per_mm2',
  'til_ratio_tumour',
  'tissue_tumour_fraction',
  'gland_count',
  'lumen_count',
] as const;

function formatValue(column: ColumnDef | undefined, value: DetailValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? value.toLocaleString('en-US')
      : Number(value.toPrecision(3)).toLocaleString('en-US');
  return column?.levels || typeof value === 'string' ? value : String(value);
}

function Fact(props: { name: string; row: Record<string, DetailValue> }) {
  const column = findColumn('slides', props.name);
  const value = props.row[props.name];
  return (
    <div className="flex flex-col" title={column?.description} data-testid={`slide-${props.name}`}>
      <dt className="text-xs text-slate-500">{column?.label ?? props.name}</dt>
      <dd className="tabular-nums">
        {formatValue(column, value)}
        {column?.unit && column.unit !== 'count' && value !== null && (
          <span className="ml-1 text-xs text-slate-500">{column.unit}</span>
        )}
      </dd>
    </div>
  );
}

/** Page title: the slide id. */
export async function generateMetadata({ params }: { params: Promise<{ slideId: string }> }): Promise<Metadata> {
  const { slideId } = await params;
  return { title: `${isSlideId(slideId) ? slideId : 'Slide'} — Cerberus Atlas` };
}

/** One slide: identity, counts and clinical summary from DuckDB, and the map (a client island). */
export default async function SlidePage({ params }: { params: Promise<{ slideId: string }> }) {
  const { slideId } = await params;
  if (!isSlideId(slideId)) notFound();
  const served = await getServedDataset();
  if (!served.ok) {
    return <NoDataset reason={served.reason} />;
  }
  const row = await loadSlideRow(served.dataset, slideId);
  if (!row) notFound();
  // Warm the slide's in-memory columns and feature domains while the browser loads the viewer.
  if (!slideDamage(served.dataset, slideId))
    preloadSlide(served.dataset, { dir: served.dataset.dir, slideId }, served.dataset.manifest.version);
  const number = (name: string): number | null => (typeof row[name] === 'number' ? (row[name] as number) : null);
  const [cellUm, tissueWidth, tissueHeight] = [
    number('tissue_cell_um'),
    number('tissue_width'),
    number('tissue_height'),
  ];
  const slide: SlideInfo = {
    slideId,
    widthUm: number('width_um') ?? 0,
    heightUm: number('height_um') ?? 0,
    tissue: cellUm && tissueWidth && tissueHeight ? { cellUm, width: tissueWidth, height: tissueHeight } : null,
    counts: {
      nuclei: number('nuclei_count') ?? 0,
      glands: number('gland_count') ?? 0,
      lumina: number('lumen_count') ?? 0,
    },
  };
  return (
    <section>
      <nav className="text-sm">
        <Link href="/" className="text-sky-700 hover:underline">
          ← Cohort
        </Link>
      </nav>
      <h1 className="mt-1 text-2xl font-semibold" data-testid="slide-title">
        {slideId}
        {served.dataset.manifest.source.simulated && (
          <span className="ml-3 align-middle text-sm font-normal text-amber-700">
            simulated objects — not real model output
          </span>
        )}
      </h1>
      <p className="text-sm text-slate-600">
        Patient {String(row.patient_id)} · {formatValue(undefined, row.project)} ·{' '}
        {slide.widthUm.toLocaleString('en-US')} × {slide.heightUm.toLocaleString('en-US')} µm ·{' '}
        <span data-testid="slide-counts">
          {slide.counts.nuclei.toLocaleString('en-US')} nuclei, {(number('gland_count') ?? 0).toLocaleString('en-US')}{' '}
          glands, {slide.counts.lumina.toLocaleString('en-US')} lumina
        </span>
      </p>
      <dl className="mt-3 grid grid-cols-4 gap-x-6 gap-y-2 text-sm md:grid-cols-8" data-testid="clinical-summary">
        {SLIDE_CLINICAL_COLUMNS.filter((c) => !c.name.endsWith('_event')).map((c) => (
          <Fact key={c.name} name={c.name} row={row} />
        ))}
        {SUMMARY_FEATURES.map((name) => (
          <Fact key={name} name={name} row={row} />
        ))}
      </dl>
      <div className="mt-4">
        <ViewerLoader slide={slide} />
      </div>
    </section>
  );
}
