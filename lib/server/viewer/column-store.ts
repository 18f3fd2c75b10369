import 'server-only';
/**
 * A small LRU cache of open slides' columns in memory, so cross-filter histograms and the nuclei
 * layer's cells and points are computed in JS in milliseconds instead of scanning Parquet per
 * request. Per nucleus: x, y (Float32), 16 µm cell x, y (Int16), class, tissue, in-gland (Uint8
 * each) and the 15 filterable features (Float32) = 75 B, plus 1 B per binned (feature, domain,
 * bins) histogram column (at most MAX_BINNED) and 4 B per cached filter mask (at most MAX_MASKS)
 * per slide: ≈ 52 MB + ≤ 11 MB + ≤ 5.5 MB for a 691 k-nucleus slide. At most CAPACITY slides per
 * process, and fewer when their total exceeds the byte budget (ATLAS_VIEWER_CACHE_MB, default 256).
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { identifier } from '../../db/sql';
import { filterableFeatures } from '../../filters';
import type { ObjectKind } from '../../registry';
import type { ObjectFilter } from '../../filters';
import {
  featureColumn,
  rowMasks,
  toBaseCells,
  toBinIndices,
  type BinSpec,
  type ColumnStore,
} from '../../viewer/cross-filter';
import { readColumns } from './read-columns';
import { slideTableSql, type SlideSource } from './slide-source';

/** Slides (of any kind) kept in memory at once. */
export const CAPACITY = 6;
/** Filter masks kept per slide and kind (4 B per object each): panning under one filter reuses its mask. */
export const MAX_MASKS = 2;
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
  readonly masks: Map<string, Uint32Array>;
}

const cache = new Map<string, Entry>();

function budgetBytes(): number {
  const mb = Number(process.env.ATLAS_VIEWER_CACHE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_BUDGET_MB) * 2 ** 20;
}

/** Bytes held by a store's typed arrays. */
export function storeBytes(store: ColumnStore): number {
  const arrays = [
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
    const [x, y] = [result.numeric.x_um as Float32Array, result.numeric.y_um as Float32Array];
    const classId = result.numeric.class_id as Int8Array;
    return {
      count: result.length,
      x,
      y,
      cellX: toBaseCells(x),
      cellY: toBaseCells(y),
      classId,
      classCount: classId.reduce((most, c) => Math.max(most, c + 1), 1),
      tissueClass: result.numeric.tissue_class as Int8Array,
      inGland: result.numeric.in_gland as Uint8Array,
      features: Object.fromEntries(features.map((f) => [f, result.numeric[f] as Float32Array])),
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
  const created: Entry = { promise: load(database, source, kind), bytes: 0, binned: new Map(), masks: new Map() };
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
  return bins;
}

/** rowMasks(store, filter) (lib/viewer/cross-filter.ts), kept for the last MAX_MASKS filters of a loaded store. */
export function filterMasks(
  source: SlideSource,
  kind: ObjectKind,
  version: string,
  store: ColumnStore,
  filter: ObjectFilter,
): Uint32Array {
  const entry = cache.get(keyOf(source, kind, version));
  if (!entry || entry.store !== store) return rowMasks(store, filter);
  const key = JSON.stringify(filter);
  let masks = entry.masks.get(key);
  if (masks) entry.masks.delete(key);
  else masks = rowMasks(store, filter);
  entry.masks.set(key, masks);
  for (const oldest of entry.masks.keys()) if (entry.masks.size > MAX_MASKS) entry.masks.delete(oldest);
  return masks;
}
