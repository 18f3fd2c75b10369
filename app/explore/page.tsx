import { ExploreApp } from '@/app/_components/explore/explore-app';
import { parseExploreState } from '@/lib/explore/explore-state';
import { analyseExplore } from '@/lib/server/explore/analyse-explore';
import { getServedDataset } from '@/lib/server/served-dataset';
import { NoDataset } from '@/app/_components/no-dataset';
import { toSearchParams } from '@/lib/url/search-params';

export const dynamic = 'force-dynamic';

/** /explore: biomarker explorer (groups, correlation, survival) over the served dataset, state from the URL. */
export default async function ExplorePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const served = await getServedDataset();
  if (!served.ok) {
    return <NoDataset reason={served.reason} />;
  }
  const params = toSearchParams(await searchParams);
  const { state, errors } = parseExploreState(params);
  const result = await analyseExplore(served.dataset, state);
  return (
    <section>
      <h1 className="text-2xl font-semibold">Biomarker explorer</h1>
      <p className="mt-1 max-w-4xl text-sm text-slate-600">
        Slide image features against clinical and molecular data. <strong>Unit of analysis: the patient</strong> — a
        patient&apos;s slides are averaged (mean of slide values) before any test, and n counts patients. Missing values
        are excluded and counted, never imputed.
        {served.dataset.manifest.source.simulated && (
          <strong className="ml-1 text-amber-700">Simulated objects — not real model output.</strong>
        )}
      </p>
      {errors.length > 0 && (
        <p className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs" data-testid="url-errors">
          Ignored parts of the address: {errors.join('; ')}
        </p>
      )}
      <ExploreApp state={state} result={result} />
    </section>
  );
}
