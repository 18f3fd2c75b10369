'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { EXPLORE_VIEWS, exploreHref, type ExploreState, type ExploreView } from '@/lib/explore/explore-state';
import type { ExploreResult } from '@/lib/explore/results';
import { BiomarkerPanel } from './biomarker-panel';
import { CorrelationView } from './correlation-view';
import { ExploreControls } from './explore-controls';
import { GroupView } from './group-view';
import { RankingTable } from './ranking-table';
import { SurvivalView } from './survival-view';

const VIEW_LABEL: Record<ExploreView, string> = {
  groups: 'Group comparison',
  correlation: 'Correlation',
  survival: 'Survival',
};

/** The explorer island: view tabs, controls, biomarker panel and the current view; state lives in the URL. */
export function ExploreApp({ state, result }: { state: ExploreState; result: ExploreResult }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const navigate = (next: ExploreState) =>
    startTransition(() => router.replace(exploreHref(next).replace('/explore', pathname), { scroll: false }));
  const selectFeature = (feature: string) => navigate({ ...state, feature });
  return (
    <div
      className="mt-4 space-y-3"
      data-testid="explore-root"
      data-state={pending ? 'loading' : 'ready'}
      data-view={result.view}
    >
      <nav className="flex gap-1" aria-label="Explorer views">
        {EXPLORE_VIEWS.map((view) => (
          <button
            key={view}
            type="button"
            data-testid={`view-${view}`}
            aria-pressed={state.view === view}
            onClick={() => navigate({ ...state, view })}
            className={`rounded-t border-b-2 px-3 py-1 text-sm ${state.view === view ? 'border-sky-700 font-semibold text-sky-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {VIEW_LABEL[view]}
          </button>
        ))}
        {pending && <span className="ml-3 self-center text-xs text-slate-500">Computing…</span>}
      </nav>
      <ExploreControls key={exploreHref(state)} state={state} onChange={navigate} />
      <BiomarkerPanel state={state} onChange={navigate} />
      <div
        className={`grid gap-3 ${result.view === 'survival' ? '' : 'lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]'} ${pending ? 'opacity-60' : ''}`}
      >
        <div>
          {result.view === 'groups' && <GroupView result={result} />}
          {result.view === 'correlation' && <CorrelationView result={result} />}
          {result.view === 'survival' && <SurvivalView result={result} />}
        </div>
        {result.view !== 'survival' && (
          <RankingTable ranking={result.ranking} current={state.feature} onSelect={selectFeature} />
        )}
      </div>
    </div>
  );
}
