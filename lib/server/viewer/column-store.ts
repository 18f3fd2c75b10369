import 'server-only';
/**
 * A small LRU cache of open slides' columns in memory, so cross-filter histograms and the nuclei
 * layer's cells, points and contours are computed in JS in milliseconds instead of scanning
 * Parquet per request (docs/decisions/0002). Rows are sorted by 16 µm cell row
 * (lib/viewer/row-bands.ts). Per nucleus: x, y (Float32), 16 µm cell x, y (Int16), class, tissue,
 * in-gland (Uint8 each), the 15 filterable features (Float32) and the file row (Uint32) = 79 B,
 * plus 1 B per cached filter code column (at most MAX_MASKS), 1 B per binned (feature, domain,
 * bins) histogram column (at most MAX_BINNED) and attached values (contour blobs ≈ 60 B; at most
 * MAX_ATTACHED whole-slide grids of ≤ 21 B per (cell, class)): ≤ 159 B per nucleus + grids,
 * ≈ 110 MB for a 691 k-nucleus slide. All of it counts in the byte budget (ATLAS_VIEWER_CACHE_MB,
 * default 256); at most CAPACITY slides per process, fewer when their total exceeds the budget.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { identifier } from '../../db/sql';
import { filterableFeatures } from '../../filters';
import type { ObjectKind } from '../../registry';
import type { ObjectFilter } from '../../filters';
import {
  featureColumn,
  filterCodes,
  toBaseCells,
  toBinIndices,
  type BinSpec,
  type ColumnStore,
  type FilterCodes,
} from '../../viewer/cross-filter';
import { permuted, toCellRowOrder } from '../../viewer/row-bands';
import { readColumns } from './read-columns';
import { slideTableSql, type SlideSource } from './slide-source';

/** Slides (of any kind) kept in memory at once. */
export const CAPACITY = 6;
/** Filter codes kept per slide and kind (1 B per object each): panning and histograms under one filter reuse them. */
export const MAX_MASKS = 4;
/** Derived values kept per slide, kind and group (the key's text before "|": "grid", "contours"). */
export const MAX_ATTACHED = 8;
/** Binned histogram columns kept per slide and kind (1 B per object each). */
export const MAX_BINNED = 16;
const DEFAULT_BUDGET_MB = 256;

/** The database a store is read from: each load opens its own connection, so no request can interrupt it. */
export type StoreDatabase = { readonly instance: Pick<DuckDBInstance, 'connect'> };

interface Entry {
  readonly promise: Promise<ColumnStore>;
  store?: ColumnStore;
  bytes: number;
  readonly binned: Map<string, Uint8Array>;
  readonly masks: Map<string, FilterCodes>;
  readonly attached: Map<string, { value: unknown; bytes: number }>;
}

const cache = new Map<string, Entry>();

function budgetBytes(): number {
  const mb = Number(process.env.ATLAS_VIEWER_CACHE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_BUDGET_MB) * 2 ** 20;
}

/** Bytes held by a store's typed arrays. */
export function storeBytes(store: ColumnStore): number {
  const arrays = [
    store.fileRow,
    store.rowStart,
    store.x,
    store.y,
    store.cellX,
    store.cellY,
    store.classId,
    store.tissueClass,
    store.inGland,
    ...Object.values(store.features),
  ];
  return arrays.reduce((sum, a) => sum + a.byteLength, 0);
}

async function load(database: StoreDatabase, source: SlideSource, kind: ObjectKind): Promise<ColumnStore> {
  const features = filterableFeatures(kind);
  const gland = kind === 'glands' ? '0::UTINYINT' : '(gland_id IS NOT NULL)::UTINYINT';
  const columns = features.map((f) => `coalesce(CAST(${identifier(f)} AS FLOAT), 'NaN'::FLOAT) AS ${identifier(f)}`);
  const sql = `SELECT x_um, y_um, class_id, tissue_class, ${gland} AS in_gland, ${columns.join(', ')} FROM ${slideTableSql(source, kind)}`;
  const connection = await database.instance.connect();
  try {
    const result = await readColumns(connection, sql, { maxRows: Infinity });
    const { order, firstCellRow, rowStart } = toCellRowOrder(toBaseCells(result.numeric.y_um as Float32Array));
    // Sorted by 16 µm cell row, so a viewport pass reads only its bands (lib/viewer/row-bands.ts).
    const column = <T extends Float32Array | Int8Array | Uint8Array>(name: string) =>
      permuted(result.numeric[name] as T, order);
    const [x, y] = [column<Float32Array>('x_um'), column<Float32Array>('y_um')];
    const classId = column<Int8Array>('class_id');
    return {
      count: result.length,
      fileRow: order,
      firstCellRow,
      rowStart,
      x,
      y,
      cellX: toBaseCells(x),
      cellY: toBaseCells(y),
      classId,
      classCount: classId.reduce((most, c) => Math.max(most, c + 1), 1),
      tissueClass: column<Int8Array>('tissue_class'),
      inGland: column<Uint8Array>('in_gland'),
      features: Object.fromEntries(features.map((f) => [f, column<Float32Array>(f)])),
    };
  } finally {
    connection.closeSync();
  }
}

function evict(): void {
  const budget = budgetBytes();
  let total = [...cache.values()].reduce((sum, e) => sum + e.bytes, 0);
  for (const [key, entry] of cache) {
    if (cache.size <= 1 || (cache.size <= CAPACITY && total <= budget)) break;
    cache.delete(key);
    total -= entry.bytes;
  }
}

const keyOf = (source: SlideSource, kind: ObjectKind, version: string) =>
  `${version}\u0000${source.dir}\u0000${source.slideId}\u0000${kind}`;

function entryOf(database: StoreDatabase, source: SlideSource, kind: ObjectKind, version: string): Entry {
  const key = keyOf(source, kind, version);
  const entry = cache.get(key);
  if (entry) {
    cache.delete(key);
    cache.set(key, entry);
    return entry;
  }
  const created: Entry = {
    promise: load(database, source, kind),
    bytes: 0,
    binned: new Map(),
    masks: new Map(),
    attached: new Map(),
  };
  created.promise.then(
    (store) => {
      created.store = store;
      created.bytes = storeBytes(store);
      evict();
    },
    () => {
      if (cache.get(key) === created) cache.delete(key);
    },
  );
  cache.set(key, created);
  evict();
  return created;
}

/** The column store of one slide's kind, loaded once (on its own connection) and kept while recently used. */
export function columnStore(
  database: StoreDatabase,
  source: SlideSource,
  kind: ObjectKind,
  version = '',
): Promise<ColumnStore> {
  return entryOf(database, source, kind, version).promise;
}

/** The column store when it is already in memory, else undefined (without starting a load). */
export function loadedColumnStore(source: SlideSource, kind: ObjectKind, version = ''): ColumnStore | undefined {
  return cache.get(keyOf(source, kind, version))?.store;
}

/**
 * The bin indices of `spec` over a loaded store (lib/viewer/cross-filter.ts `toBinIndices`),
 * computed once per (feature, domain, bins) and kept with the store (at most MAX_BINNED).
 */
export function binnedColumn(
  source: SlideSource,
  kind: ObjectKind,
  version: string,
  store: ColumnStore,
  spec: BinSpec,
): Uint8Array {
  const entry = cache.get(keyOf(source, kind, version));
  if (!entry || entry.store !== store) return toBinIndices(featureColumn(store, spec.feature), spec);
  const key = `${spec.feature}|${spec.lo}|${spec.hi}|${spec.bins}`;
  let bins = entry.binned.get(key);
  if (bins) {
    entry.binned.delete(key);
  } else {
    bins = toBinIndices(featureColumn(store, spec.feature), spec);
    entry.bytes += bins.byteLength;
  }
  entry.binned.set(key, bins);
  for (const [oldest, old] of entry.binned) {
    if (entry.binned.size <= MAX_BINNED) break;
    entry.binned.delete(oldest);
    entry.bytes -= old.byteLength;
  }
  evict();
  return bins;
}

/** filterCodes(store, filter) (lib/viewer/cross-filter.ts), kept for the last MAX_MASKS filters of a loaded store. */
export function filterMasks(
  source: SlideSource,
  kind: ObjectKind,
  version: string,
  store: ColumnStore,
  filter: ObjectFilter,
): FilterCodes {
  const entry = cache.get(keyOf(source, kind, version));
  if (!entry || entry.store !== store) return filterCodes(store, filter);
  const key = JSON.stringify(filter);
  let codes = entry.masks.get(key);
  if (codes) {
    entry.masks.delete(key);
  } else {
    codes = filterCodes(store, filter);
    entry.bytes += codes.byteLength;
  }
  entry.masks.set(key, codes);
  for (const [oldest, old] of entry.masks) {
    if (entry.masks.size <= MAX_MASKS) break;
    entry.masks.delete(oldest);
    entry.bytes -= old.byteLength;
  }
  evict();
  return codes;
}

/**
 * A value derived from a loaded store (a cached grid, the contour blobs), built once under `key`
 * and kept with the store (at most MAX_ATTACHED per key group, least recently used dropped), its `bytes`
 * counted in the cache budget (a promise's once it resolves). Unloaded stores get a fresh build.
 */
export function attached<T>(
  source: SlideSource,
  kind: ObjectKind,
  version: string,
  store: ColumnStore,
  key: string,
  build: () => T,
  bytes: (value: Awaited<T>) => number,
): T {
  const entry = cache.get(keyOf(source, kind, version));
  if (!entry || entry.store !== store) return build();
  const found = entry.attached.get(key);
  if (found) {
    entry.attached.delete(key);
    entry.attached.set(key, found);
    return found.value as T;
  }
  const value = build();
  const slot = { value: value as unknown, bytes: 0 };
  const count = (resolved: Awaited<T>) => {
    if (entry.attached.get(key) !== slot) return;
    slot.bytes = bytes(resolved);
    entry.bytes += slot.bytes;
    evict();
  };
  entry.attached.set(key, slot);
  const group = (k: string) => k.split('|', 1)[0];
  const kin = [...entry.attached.keys()].filter((k) => group(k) === group(key));
  for (const oldest of kin.slice(0, Math.max(0, kin.length - MAX_ATTACHED))) {
    entry.bytes -= entry.attached.get(oldest)!.bytes;
    entry.attached.delete(oldest);
  }
  if (value instanceof Promise)
    value.then(count, () => {
      if (entry.attached.get(key) === slot) entry.attached.delete(key);
    });
  else count(value as Awaited<T>);
  return value;
}
