import { CohortBrowser } from '@/app/_components/cohort/cohort-browser';
import { toBiomarkerColumn } from '@/lib/cohort/cohort-columns';
import { parseCohortState } from '@/lib/cohort/cohort-state';
import { loadBiomarkerValues } from '@/lib/server/explore/biomarker-values';
import { loadCohortRows } from '@/lib/server/cohort/load-cohort-rows';
import { getServedDataset } from '@/lib/server/served-dataset';
import { NoDataset } from '@/app/_components/no-dataset';
import { toSearchParams } from '@/lib/url/search-params';

export const dynamic = 'force-dynamic';

/** Home: the cohort browser over the served dataset (state from the URL), or how to build a dataset. */
export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const served = await getServedDataset();
  if (!served.ok) {
    return <NoDataset reason={served.reason} />;
  }
  const { manifest } = served.dataset;
  const params = toSearchParams(await searchParams);
  const { state, errors } = parseCohortState(params);
  const baseRows = await loadCohortRows(served.dataset);
  // User-defined biomarkers (the explorer's b1=… parameters) become numeric columns.
  const biomarkerValues = await Promise.all(state.biomarkers.map((b) => loadBiomarkerValues(served.dataset, b)));
  const rows = baseRows.map((row) => {
    const extra: Record<string, number | null> = {};
    state.biomarkers.forEach((b, i) => (extra[b.id] = biomarkerValues[i]!.get(String(row.slide_id)) ?? null));
    return { ...row, ...extra };
  });
  const biomarkerColumns = state.biomarkers.map(toBiomarkerColumn);
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
      {errors.length > 0 && (
        <p className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs" data-testid="url-errors">
          Ignored parts of the address: {errors.join('; ')}
        </p>
      )}
      <CohortBrowser
        rows={rows}
        initialState={state}
        simulated={manifest.source.simulated}
        biomarkerColumns={biomarkerColumns}
      />
    </section>
  );
}
