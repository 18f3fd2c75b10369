import { isPresent, type MaybeNumber } from './result';

/** Event indicator: true/1 = event observed, false/0 = right-censored; anything else counts as missing. */
export type EventFlag = boolean | number | null | undefined;

/** One complete right-censored observation: follow-up time (caller's unit, ≥ 0) and event indicator. */
export interface SurvivalRecord {
  time: number;
  event: boolean;
  /** Position in the caller's arrays. */
  index: number;
}

/** Parses an event flag, returning null when it is missing or not 0/1/boolean. */
export function toEvent(flag: EventFlag): boolean | null {
  if (flag === true || flag === 1) return true;
  if (flag === false || flag === 0) return false;
  return null;
}

/** Keeps rows whose time is finite and ≥ 0, whose event flag is valid and whose extra columns are present. */
export function toSurvivalRecords(
  time: readonly MaybeNumber[],
  event: readonly EventFlag[],
  extraColumns: readonly (readonly MaybeNumber[])[] = [],
): { records: SurvivalRecord[]; excluded: number } {
  if (event.length !== time.length || extraColumns.some((column) => column.length !== time.length)) {
    throw new RangeError('time, event and every covariate must have the same length.');
  }
  const records: SurvivalRecord[] = [];
  time.forEach((value, index) => {
    const flag = toEvent(event[index]);
    const complete = extraColumns.every((column) => isPresent(column[index]));
    if (isPresent(value) && value >= 0 && flag !== null && complete) records.push({ time: value, event: flag, index });
  });
  return { records, excluded: time.length - records.length };
}

/** Groups records sharing a time, in ascending time order. */
export function groupByTime<T extends SurvivalRecord>(records: readonly T[]): { time: number; members: T[] }[] {
  const sorted = [...records].sort((left, right) => left.time - right.time);
  const groups: { time: number; members: T[] }[] = [];
  for (const record of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.time === record.time) last.members.push(record);
    else groups.push({ time: record.time, members: [record] });
  }
  return groups;
}
