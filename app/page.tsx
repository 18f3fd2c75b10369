import { getServedDataset } from '@/lib/server/served-dataset';
import { loadSlideSummaries, summaryColumnDefs } from '@/lib/server/slide-summaries';

export const dynamic = 'force-dynamic';

function formatValue(value: string | number | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
  return value;
}

/** Home: the cohort's slides from the served dataset, or how to build one. */
export default async function HomePage() {
  const served = await getServedDataset();
  if (!served.ok) {
    return (
      <section data-testid="no-dataset" className="rounded border border-amber-300 bg-amber-50 p-4">
        <h1 className="text-xl font-semibold">No dataset loaded</h1>
        <p className="mt-2 text-sm">{served.reason}</p>
        <p className="mt-2 text-sm">
          Build the demo dataset with <code>npm start</code>, or point <code>ATLAS_DATASET</code> at a dataset folder
          made by <code>npm run pipeline -- ingest</code>.
        </p>
      </section>
    );
  }
  const { manifest } = served.dataset;
  const slides = await loadSlideSummaries(served.dataset);
  const columns = summaryColumnDefs();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Cohort</h1>
      <p className="mt-1 text-sm text-slate-600" data-testid="dataset-summary">
        Dataset <strong>{manifest.datasetId}</strong> v{manifest.version}:{' '}
        {manifest.counts.slides.toLocaleString('en-US')} slides, {manifest.counts.nuclei.toLocaleString('en-US')}{' '}
        nuclei, {manifest.counts.glands.toLocaleString('en-US')} glands,{' '}
        {manifest.counts.lumina.toLocaleString('en-US')} lumina.
        {manifest.source.simulated && (
          <strong className="ml-2 text-amber-700">Simulated objects — not real model output.</strong>
        )}
      </p>
      <table className="mt-4 w-full border-collapse text-sm" data-testid="slides-table">
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {columns.map((c) => (
              <th key={c.name} title={c.description} className="px-2 py-1 font-medium">
                {c.label}
                {c.unit && <span className="ml-1 text-slate-400">({c.unit})</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {slides.map((slide) => (
            <tr key={String(slide.slide_id)} className="border-b border-slate-100">
              {columns.map((c) => (
                <td key={c.name} className="px-2 py-1 tabular-nums">
                  {formatValue(slide[c.name as keyof typeof slide])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
