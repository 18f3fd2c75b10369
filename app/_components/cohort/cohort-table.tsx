'use client';
import type { CohortColumn } from '@/lib/cohort/cohort-columns';
import type { CohortState } from '@/lib/cohort/cohort-state';
import type { SlideRow } from '@/lib/cohort/table-model';
import { formatCell } from './format';
import { useVirtualRows } from './use-virtual-rows';

const ROW_HEIGHT = 32;
const MAX_VIEWPORT_HEIGHT = 520;

/** Props of the cohort table: rows already filtered and sorted, the columns to show and row actions. */
export interface CohortTableProps {
  readonly rows: readonly SlideRow[];
  readonly columns: readonly CohortColumn[];
  readonly sort: CohortState['sort'];
  readonly selected: ReadonlySet<string>;
  readonly onSort: (column: string) => void;
  readonly onToggle: (slideId: string) => void;
  readonly onToggleAll: () => void;
  readonly hrefOf: (slideId: string) => string;
}

function headerTitle(column: CohortColumn): string {
  return `${column.label}${column.unit ? ` (${column.unit})` : ''} — ${column.description}`;
}

/** The virtualised, sortable cohort table: only the rows in view (plus overscan) are in the DOM. */
export function CohortTable({
  rows,
  columns,
  sort,
  selected,
  onSort,
  onToggle,
  onToggleAll,
  hrefOf,
}: CohortTableProps) {
  // Short tables shrink to their rows; long ones scroll inside a fixed viewport.
  const viewportHeight = Math.min(MAX_VIEWPORT_HEIGHT, (rows.length + 1) * ROW_HEIGHT + 16);
  const { start, end, padTop, padBottom, onScroll } = useVirtualRows(rows.length, ROW_HEIGHT, viewportHeight);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(String(r.slide_id)));
  return (
    <div
      className="overflow-auto rounded border border-slate-200 bg-white"
      style={{ height: viewportHeight }}
      onScroll={onScroll}
      data-testid="slides-table-viewport"
    >
      <table className="w-full border-collapse text-sm" data-testid="slides-table" data-row-count={rows.length}>
        <thead>
          <tr className="text-left">
            <th className="sticky top-0 z-10 w-8 border-b border-slate-300 bg-slate-100 px-2 py-1">
              <input
                type="checkbox"
                aria-label="Select all shown slides"
                checked={allSelected}
                onChange={onToggleAll}
              />
            </th>
            {columns.map((c) => {
              const active = sort?.column === c.id;
              return (
                <th
                  key={c.id}
                  title={headerTitle(c)}
                  aria-sort={active ? (sort?.descending ? 'descending' : 'ascending') : 'none'}
                  className="sticky top-0 z-10 border-b border-slate-300 bg-slate-100 px-2 py-1 font-medium whitespace-nowrap"
                >
                  <button
                    type="button"
                    className="hover:text-sky-700"
                    data-testid={`sort-${c.id}`}
                    onClick={() => onSort(c.id)}
                  >
                    {c.label}
                    {c.unit && <span className="ml-1 font-normal text-slate-500">({c.unit})</span>}
                    <span className="ml-1 text-slate-400">{active ? (sort?.descending ? '▼' : '▲') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden style={{ height: padTop }} />}
          {rows.slice(start, end).map((row) => {
            const id = String(row.slide_id);
            return (
              <tr
                key={id}
                data-slide-id={id}
                className="border-b border-slate-100 hover:bg-sky-50"
                style={{ height: ROW_HEIGHT }}
              >
                <td className="px-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${id}`}
                    checked={selected.has(id)}
                    onChange={() => onToggle(id)}
                  />
                </td>
                {columns.map((c) => (
                  <td key={c.id} data-column={c.id} className="px-2 whitespace-nowrap tabular-nums">
                    {c.id === 'slide_id' ? (
                      <a href={hrefOf(id)} className="font-mono text-xs text-sky-700 hover:underline">
                        {id}
                      </a>
                    ) : (
                      formatCell(row[c.id])
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }} />}
        </tbody>
      </table>
      {rows.length === 0 && <p className="p-4 text-sm text-slate-500">No slide matches these filters.</p>}
    </div>
  );
}
