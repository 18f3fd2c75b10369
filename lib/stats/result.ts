/** A possibly missing numeric observation; `null`, `undefined`, `NaN` and ±Infinity all count as missing. */
export type MaybeNumber = number | null | undefined;

/** A statistic that could be computed; `excluded` counts observations dropped as missing. */
export type StatSuccess<T> = { ok: true; excluded: number } & T;

/** A statistic that could not be computed, with a human-readable sentence saying why. */
export interface StatFailure {
  ok: false;
  reason: string;
  excluded: number;
}

/** Discriminated result of every test in `lib/stats`: never NaN, never a fake p-value. */
export type StatResult<T> = StatSuccess<T> | StatFailure;

/** Builds a successful result. */
export function succeed<T extends object>(excluded: number, value: T): StatSuccess<T> {
  return { ok: true, excluded, ...value };
}

/** Builds a failed result carrying a human-readable reason. */
export function fail(reason: string, excluded = 0): StatFailure {
  return { ok: false, reason, excluded };
}

/** True when a value is a usable (finite) number. */
export function isPresent(value: MaybeNumber): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Drops missing values from one sample and counts how many were dropped. */
export function dropMissing(values: readonly MaybeNumber[]): { values: number[]; excluded: number } {
  const kept = values.filter(isPresent);
  return { values: kept, excluded: values.length - kept.length };
}

/** Keeps only the rows where every column is present, for paired or multi-column data. */
export function dropMissingRows(columns: readonly (readonly MaybeNumber[])[]): {
  columns: number[][];
  excluded: number;
} {
  const length = columns[0]?.length ?? 0;
  if (columns.some((column) => column.length !== length)) {
    throw new RangeError('All columns must have the same length.');
  }
  const kept: number[][] = columns.map(() => []);
  for (let row = 0; row < length; row++) {
    const cells = columns.map((column) => column[row]);
    if (cells.every(isPresent)) cells.forEach((cell, index) => kept[index]!.push(cell as number));
  }
  return { columns: kept, excluded: length - (kept[0]?.length ?? 0) };
}
