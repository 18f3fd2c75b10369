import 'server-only';
import { contourAnchor, decodeContour } from '../../contract/contour-codec';
import { GEOMETRY_COLUMN } from '../../contract/geoparquet';
import type { ObjectFilter } from '../../filters';
import type { ObjectKind } from '../../registry';
import { runCancellable } from '../run-cancellable';
import { buildObjectSql, buildPickSql } from './object-sql';
import type { ViewerContext } from './served-slide';
import type { SlideSource } from './slide-source';

/** A JSON-safe column value. */
export type DetailValue = number | string | boolean | null;

/** Every registry column of one object, its outline and the gland around it. */
export interface ObjectDetail {
  readonly kind: ObjectKind;
  readonly objectId: number;
  /** Registry column name → value (contour and geometry excluded). */
  readonly values: Readonly<Record<string, DetailValue>>;
  /** Outline: x,y pairs, µm, slide frame (open ring). */
  readonly polygon: readonly number[];
  /** The containing gland's columns (for nuclei and lumina inside a gland), else null. */
  readonly gland: Readonly<Record<string, DetailValue>> | null;
}

function toDetailValue(value: unknown): DetailValue {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/** Columns shown as values: all but the shapes (the contour is returned as `polygon`; the GeoParquet geometry repeats it). */
const SHAPE_COLUMNS = new Set(['contour', GEOMETRY_COLUMN]);

function detailValues(row: Record<string, unknown>): Record<string, DetailValue> {
  const values: Record<string, DetailValue> = {};
  for (const [name, value] of Object.entries(row)) if (!SHAPE_COLUMNS.has(name)) values[name] = toDetailValue(value);
  return values;
}

async function readRow(context: ViewerContext, sql: string): Promise<Record<string, unknown> | null> {
  // object_id is unique per slide and picks are LIMIT 1, so one row is the whole answer.
  const reader = await runCancellable(context.connection, sql, context.signal, { maxRows: 1 });
  return reader.getRowObjectsJS()[0] ?? null;
}

/** Loads one object's detail, or null when the slide has no object with that id. */
export async function loadObjectDetail(
  context: ViewerContext,
  source: SlideSource,
  kind: ObjectKind,
  objectId: number,
): Promise<ObjectDetail | null> {
  const row = await readRow(context, buildObjectSql(source, kind, objectId));
  if (!row) return null;
  const values = detailValues(row);
  const unit = Number(values.contour_unit_um);
  const blob = row.contour as Uint8Array;
  const ring = decodeContour(new Uint8Array(blob), contourAnchor(Number(values.x_um), Number(values.y_um), unit));
  let gland: Record<string, DetailValue> | null = null;
  if (kind !== 'glands' && typeof values.gland_id === 'number') {
    const glandRow = await readRow(context, buildObjectSql(source, 'glands', values.gland_id));
    if (glandRow) gland = detailValues(glandRow);
  }
  return { kind, objectId, values, polygon: Array.from(ring, (v) => v * unit), gland };
}

/** The object_id of the filtered object nearest to (x, y) µm within `radiusUm`, or null. */
export async function pickObject(
  context: ViewerContext,
  request: { source: SlideSource; kind: ObjectKind; x: number; y: number; radiusUm: number; filter: ObjectFilter },
): Promise<number | null> {
  const row = await readRow(context, buildPickSql(request));
  return row ? Number(row.object_id) : null;
}
