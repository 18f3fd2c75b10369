import 'server-only';
/**
 * One slide's nucleus contour blobs in memory, packed in slide (Parquet file) order, so the
 * contour level of detail picks its rows from the cached columns and decodes their blobs without
 * a Parquet read per request. ≈ 48 B of varint blob + 12 B (offset, object id, unit) per nucleus:
 * ≈ 41 MB for a 691 k-nucleus slide, counted in the column cache's budget (column-store.ts).
 */
import type { ColumnStore } from '../../viewer/cross-filter';
import { attached, type StoreDatabase } from './column-store';
import { readColumns } from './read-columns';
import { slideTableSql, type SlideSource } from './slide-source';

/** Contour blobs of every nucleus, indexed by file row (ColumnStore.fileRow). */
export interface ContourStore {
  readonly count: number;
  /** Blob of file row f: bytes[offsets[f] … offsets[f + 1]). */
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly objectId: Int32Array;
  /** Contour quantisation step, µm. */
  readonly unitUm: Float32Array;
}

async function load(database: StoreDatabase, source: SlideSource): Promise<ContourStore> {
  const sql = `SELECT object_id, contour_unit_um, contour FROM ${slideTableSql(source, 'nuclei')}`;
  const connection = await database.instance.connect();
  try {
    const result = await readColumns(connection, sql, { maxRows: Infinity, packBlobs: true });
    const { bytes, offsets } = result.packed.contour!;
    return {
      count: result.length,
      bytes,
      offsets,
      objectId: result.numeric.object_id as Int32Array,
      unitUm: result.numeric.contour_unit_um as Float32Array,
    };
  } finally {
    connection.closeSync();
  }
}

/** Bytes held by a contour store. */
export const contourStoreBytes = (contours: ContourStore): number =>
  contours.bytes.byteLength + contours.offsets.byteLength + contours.objectId.byteLength + contours.unitUm.byteLength;

const settled = new WeakMap<Promise<ContourStore>, ContourStore>();

/** The contour blobs of the slide whose nuclei `store` holds, loaded once on a connection of its own and kept with it. */
export function contourStore(
  database: StoreDatabase,
  source: SlideSource,
  version: string,
  store: ColumnStore,
): Promise<ContourStore> {
  const build = () => {
    const promise = load(database, source).then((contours) => {
      // Both reads scan the one Parquet file in order (DuckDB preserves insertion order), so file rows agree.
      if (contours.count !== store.count) throw new Error(`slide ${source.slideId}: contour rows differ from columns`);
      settled.set(promise, contours);
      return contours;
    });
    return promise;
  };
  return attached(source, 'nuclei', version, store, 'contours', build, contourStoreBytes);
}

/** The contour store when it is already in memory, else undefined (starting its load in the background). */
export function loadedContourStore(
  database: StoreDatabase,
  source: SlideSource,
  version: string,
  store: ColumnStore,
): ContourStore | undefined {
  const promise = contourStore(database, source, version, store);
  promise.catch(() => undefined);
  return settled.get(promise);
}
