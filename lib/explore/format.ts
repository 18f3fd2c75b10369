/** Number formatting for the explorer's statistics (never prints NaN). Pure. */

/** A p- or q-value for people: 3 significant digits, scientific below 0.001, "< 1e-300" on underflow. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p <= 0) return '< 1e-300';
  if (p >= 0.001) return Number(p.toPrecision(2)).toString();
  const [mantissa = '', exponent = ''] = p.toExponential(1).split('e');
  return `${mantissa}e${exponent}`;
}

/** A statistic or value with `digits` significant digits and thousands separators; '—' when not finite. */
export function formatValue(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumSignificantDigits: digits });
}

/** "1 patient" / "12 patients". */
export function patients(count: number): string {
  return `${count.toLocaleString('en-US')} patient${count === 1 ? '' : 's'}`;
}
