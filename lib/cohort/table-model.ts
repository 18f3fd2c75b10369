/**
 * The cohort table's row model: search, category and range filters, sorting, and the summary
 * chart aggregates. Pure; the same rules are expressed in SQL by lib/server/cohort/slide-table-sql.ts.
 */
import { findAnyCohortColumn } from './cohort-columns';
import type { CohortState } from './cohort-state';

/** One cell: text, number, boolean or missing. */
export type CellValue = string | number | boolean | null;
/** One slide row: cohort column id → value. */
export type SlideRow = Readonly<Record<string, CellValue>>;

/** Category filter form of a cell ('true'/'false' for booleans, null for missing). */
export function levelOf(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** True when `row` passes the search text (case-insensitive, slide or patient id). */
export function matchesSearch(row: SlideRow, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return [row.slide_id, row.patient_id].some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

/** Rows passing the search, category and range filters of `state` (missing values fail an active filter). */
export function filterRows(rows: readonly SlideRow[], state: CohortState): SlideRow[] {
  const categories = Object.entries(state.categories);
  const ranges = Object.entries(state.ranges);
  return rows.filter((row) => {
    if (!matchesSearch(row, state.search)) return false;
    for (const [id, levels] of categories) {
      const level = levelOf(row[id]);
      if (level === null || !levels.includes(level)) return false;
    }
    for (const [id, range] of ranges) {
      const value = row[id];
      if (range.min === undefined && range.max === undefined) continue;
      if (typeof value !== 'number') return false;
      if (range.min !== undefined && value < range.min) return false;
      if (range.max !== undefined && value > range.max) return false;
    }
    return true;
  });
}

function compareValues(a: CellValue | undefined, b: CellValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en');
}

/** Rows sorted by `sort` (stable; missing values always last), else by slide id. */
export function sortRows(rows: readonly SlideRow[], sort: CohortState['sort']): SlideRow[] {
  const column = sort?.column ?? 'slide_id';
  const sign = sort?.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = a[column];
    const vb = b[column];
    const missingA = va === null || va === undefined;
    const missingB = vb === null || vb === undefined;
    if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
    return sign * compareValues(va, vb);
  });
}

/** Equal-width histogram: bin i covers [lo + i·width, lo + (i+1)·width); the last bin includes hi. */
export interface Histogram {
  readonly lo: number;
  readonly width: number;
  readonly counts: readonly number[];
  /** Values that were missing (null). */
  readonly missing: number;
}

/** Histogram of the finite numbers among `values` in `bins` equal bins over their range. */
export function histogram(values: readonly (CellValue | undefined)[], bins: number): Histogram {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const missing = values.length - numbers.length;
  if (numbers.length === 0) return { lo: 0, width: 1, counts: new Array<number>(bins).fill(0), missing };
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of numbers) {
    const bin = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { lo, width, counts, missing };
}

/** Rows per level of a category column (levels in registry order, then "missing"). */
export function composition(rows: readonly SlideRow[], columnId: string): { level: string; count: number }[] {
  const levels = findAnyCohortColumn(columnId)?.levels ?? [];
  const counts = new Map<string, number>(levels.map((l) => [l, 0]));
  let missing = 0;
  for (const row of rows) {
    const level = levelOf(row[columnId]);
    if (level === null) missing += 1;
    else counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const out = [...counts].map(([level, count]) => ({ level, count }));
  if (missing > 0) out.push({ level: 'missing', count: missing });
  return out;
}
