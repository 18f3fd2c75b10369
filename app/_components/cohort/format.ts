import type { CellValue } from '@/lib/cohort/table-model';

/** A table cell for people: thousands separators for integers, 3 significant digits below 100, '—' when missing. */
export function formatCell(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** Axis tick label: compact number. */
export function formatTick(value: number): string {
  if (Math.abs(value) >= 10_000) return `${Math.round(value / 1000)}k`;
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return Number(value.toPrecision(2)).toString();
}
