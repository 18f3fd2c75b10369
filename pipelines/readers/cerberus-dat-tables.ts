/**
 * Turns one kind's dict of absorbed records ({hex id: RecordRef | RecordRun}) into a columnar ObjectTable:
 * kind-specific checks (type range, probability key, duplicate ids), pixels → µm for centroids.
 */
import type { ObjectKind, ObjectTable } from './types';
import { findFirstDuplicate } from './cerberus-dat-ids';
import { RecordColumns, RecordRef, RecordRun } from './cerberus-dat-records';
import { PyDict, describeValue } from './pickle/values';

/** Class-id range per kind (lumina have no type: always 1). */
const TYPE_RANGE: Record<ObjectKind, readonly [number, number]> = { nuclei: [0, 6], glands: [0, 2], lumina: [1, 1] };

/** Fails with a message about one object of one kind. */
export type ObjectFail = (detail: string, where: { kind: ObjectKind; id?: string }) => never;

/** An empty table of `kind`. */
export function emptyTable(kind: ObjectKind, coordUnitUm: number): ObjectTable {
  const none = new Float64Array(0);
  return {
    kind,
    count: 0,
    coordUnitUm,
    sourceIds: [],
    centroidX: none,
    centroidY: none,
    classId: new Int8Array(0),
    classProb: new Float32Array(0),
    ringOffsets: new Uint32Array(1),
    ringCoords: new Int32Array(0),
  };
}

/** Builds the table of `kind` from its dict (`value` of the "Nuclei"/"Gland"/"Lumen" key); procMpp in µm/px. */
export function buildTable(
  kind: ObjectKind,
  value: unknown,
  columns: RecordColumns,
  procMpp: number,
  fail: ObjectFail,
): ObjectTable {
  if (!(value instanceof PyDict)) return fail(`expected a dict of records, got ${describeValue(value)}`, { kind });
  const count = value.size;
  const entries = value.entries;
  const ids: string[] = new Array<string>(count);
  let firstBadId = count;
  for (let i = 0; i < count; i++) {
    const key = entries[2 * i];
    const id =
      typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'bigint' ? String(key) : undefined;
    if (id === undefined) {
      firstBadId = i;
      break;
    }
    ids[i] = id;
  }
  const duplicate = findFirstDuplicate(ids, firstBadId);
  const rows = new Uint32Array(count);
  let contiguous = true;
  for (let i = 0; i < count; i++) {
    if (i === firstBadId) return fail(`expected string ids, got ${describeValue(entries[2 * i])}`, { kind });
    const id = ids[i]!;
    if (i === duplicate) return fail('duplicate id', { kind, id });
    const record = entries[2 * i + 1];
    let row: number;
    if (record instanceof RecordRun && i - record.firstPair >= 0 && i - record.firstPair < record.count)
      row = record.firstRow + i - record.firstPair;
    else if (record instanceof RecordRef) row = record.row;
    else if (record instanceof PyDict) row = columns.absorb(record);
    else return fail(`expected a record dict, got ${describeValue(record)}`, { kind, id });
    const problem = columns.errors.size === 0 ? undefined : columns.errors.get(row);
    if (problem !== undefined) return fail(problem, { kind, id });
    rows[i] = row;
    if (i > 0 && row !== rows[i - 1]! + 1) contiguous = false;
  }
  const table = fillColumns(kind, rows, ids, columns, procMpp, fail);
  return { ...table, ...ringColumns(rows, columns, contiguous) };
}

function fillColumns(
  kind: ObjectKind,
  rows: Uint32Array,
  ids: string[],
  columns: RecordColumns,
  procMpp: number,
  fail: ObjectFail,
) {
  const count = rows.length;
  const centroidX = new Float64Array(count);
  const centroidY = new Float64Array(count);
  const classId = new Int8Array(count);
  const classProb = new Float32Array(count);
  const [low, high] = TYPE_RANGE[kind];
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    centroidX[i] = columns.centroidX[row]! * procMpp;
    centroidY[i] = columns.centroidY[row]! * procMpp;
    if (kind === 'lumina') {
      classId[i] = 1;
      classProb[i] = NaN;
      continue;
    }
    const type = columns.type[row]!;
    if (!(type >= low && type <= high)) {
      return fail(Number.isNaN(type) ? 'missing "type"' : `type ${type} is outside ${low}–${high}`, {
        kind,
        id: ids[i]!,
      });
    }
    const prob = columns.prob[row]!;
    if (Number.isNaN(prob)) return fail(`missing "${kind === 'nuclei' ? 'prob' : 'type_prob'}"`, { kind, id: ids[i]! });
    classId[i] = type;
    classProb[i] = prob;
  }
  return { kind, count, coordUnitUm: procMpp, sourceIds: ids, centroidX, centroidY, classId, classProb };
}

/** Ring offsets rebased to this table; coordinates shared (no copy) when the rows are contiguous. */
function ringColumns(rows: Uint32Array, columns: RecordColumns, contiguous: boolean) {
  const count = rows.length;
  const ringOffsets = new Uint32Array(count + 1);
  const starts = columns.vertexStart;
  if (count === 0) return { ringOffsets, ringCoords: new Int32Array(0) };
  if (contiguous) {
    const first = rows[0]!;
    const base = starts[first]!;
    for (let i = 0; i <= count; i++) ringOffsets[i] = starts[first + i]! - base;
    return { ringOffsets, ringCoords: columns.coords.subarray(base * 2, starts[first + count]! * 2) };
  }
  for (let i = 0; i < count; i++) ringOffsets[i + 1] = ringOffsets[i]! + starts[rows[i]! + 1]! - starts[rows[i]!]!;
  const ringCoords = new Int32Array(ringOffsets[count]! * 2);
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    ringCoords.set(columns.coords.subarray(starts[row]! * 2, starts[row + 1]! * 2), ringOffsets[i]! * 2);
  }
  return { ringOffsets, ringCoords };
}
