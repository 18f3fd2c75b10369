import { formatP, formatValue } from '@/lib/explore/format';
import { rankingToCsv } from '@/lib/explore/csv';
import type { Outcome, RankingResult } from '@/lib/explore/results';
import { downloadBlob } from './export-figure';
import { Unavailable } from './stat-notes';

const METHOD: Record<RankingResult['method'], string> = {
  spearman: 'Spearman ρ',
  'mann-whitney': 'Mann–Whitney U (effect: rank-biserial r)',
  'kruskal-wallis': 'Kruskal–Wallis (effect: ε²)',
};

/** Every feature tested against the chosen variable, sorted by p, with Benjamini–Hochberg q; a click selects the feature. */
export function RankingTable({
  ranking,
  current,
  onSelect,
}: {
  ranking: Outcome<RankingResult>;
  current: string;
  onSelect: (id: string) => void;
}) {
  if (!ranking.ok) return <Unavailable what="Feature ranking" reason={ranking.reason} />;
  return (
    <section className="rounded border border-slate-200 bg-white p-3" data-testid="ranking">
      <div className="flex items-baseline gap-2">
        <h3 className="text-sm font-semibold">All features against {ranking.against}</h3>
        <span className="text-xs text-slate-500">
          {METHOD[ranking.method]}; q = Benjamini–Hochberg over {ranking.rows.length} features (patient means).
        </span>
        <button
          type="button"
          className="ml-auto rounded border border-slate-300 px-2 py-0.5 text-xs"
          onClick={() => downloadBlob('feature-ranking.csv', new Blob([rankingToCsv(ranking)], { type: 'text/csv' }))}
        >
          CSV
        </button>
      </div>
      <div className="mt-2 max-h-80 overflow-y-auto">
        <table className="w-full text-xs">
          <thead className="sticky top-0 bg-white text-left text-slate-500">
            <tr>
              <th className="py-1 pr-2 text-right">#</th>
              <th>Feature</th>
              <th className="text-right">Patients</th>
              <th className="text-right">
                {ranking.method === 'spearman' ? 'ρ' : ranking.method === 'mann-whitney' ? 'r' : 'ε²'}
              </th>
              <th className="text-right">p</th>
              <th className="text-right">q (BH)</th>
            </tr>
          </thead>
          <tbody>
            {ranking.rows.map((row, index) => (
              <tr
                key={row.id}
                data-feature={row.id}
                onClick={() => onSelect(row.id)}
                className={`cursor-pointer border-t border-slate-100 hover:bg-sky-50 ${row.id === current ? 'bg-sky-100' : ''} ${row.q < 0.05 ? 'font-medium' : 'text-slate-500'}`}
              >
                <td className="py-0.5 pr-2 text-right">{index + 1}</td>
                <td title={row.id}>
                  {row.label}
                  {row.unit && <span className="text-slate-400"> ({row.unit})</span>}
                </td>
                <td className="text-right">{row.n}</td>
                <td className="text-right">{formatValue(row.effect, 2)}</td>
                <td className="text-right">{formatP(row.p)}</td>
                <td className="text-right">{formatP(row.q)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ranking.skipped.length > 0 && (
          <p className="mt-2 text-xs text-slate-500">
            Not tested: {ranking.skipped.map((s) => `${s.label} (${s.reason})`).join('; ')}
          </p>
        )}
      </div>
    </section>
  );
}
