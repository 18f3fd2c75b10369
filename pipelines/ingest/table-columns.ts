/**
 * Turns prepared objects and their relations into the registry's column values for Parquet,
 * including the compact contour blobs (./contour-blobs.ts) and, for glands and lumina, GeoParquet
 * geometry (./geometry-blobs.ts).
 */
import { CLASS_DICTIONARIES } from '../../lib/registry';
import type { TissueRuns } from '../readers/tissue-map-runs';
import { GEOMETRY_COLUMN } from '../../lib/contract/geoparquet';
import { encodeContourBlobs } from './contour-blobs';
import { encodeWkbPolygons } from './geometry-blobs';
import { INT32_NULL, type ColumnValues } from './staging-parquet';
import type { PreparedObjects } from './prepared-objects';

type Columns = Record<string, ColumnValues>;

function toNullableIds(ids: Int32Array): Int32Array {
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i]! < 0 ? INT32_NULL : ids[i]!;
  return out;
}

/** Row ids 0 … count-1. */
function rowIds(count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  return out;
}

/** Columns shared by every object kind: id, centroid, class, morphology, tissue class, contour. */
function coreColumns(objects: PreparedObjects, tissueClass: Int8Array): Columns {
  // The typed-array constructor converts natively (same float32 rounding as `from`, no iterator).
  const x = new Float32Array(objects.x);
  const y = new Float32Array(objects.y);
  const f = objects.features;
  return {
    object_id: rowIds(objects.count),
    x_um: x,
    y_um: y,
    class_id: objects.classId,
    class_prob: objects.classProb,
    area_um2: f.area,
    perimeter_um: f.perimeter,
    convex_area_um2: f.convexArea,
    solidity: f.solidity,
    equivalent_diameter_um: f.equivalentDiameter,
    major_axis_um: f.majorAxisLength,
    minor_axis_um: f.minorAxisLength,
    eccentricity: f.eccentricity,
    orientation_rad: f.orientation,
    circularity: f.circularity,
    extent: f.extent,
    tissue_class: tissueClass,
    contour_unit_um: new Float32Array(objects.count).fill(objects.coordUnitUm),
    contour: encodeContourBlobs(
      objects.ringCoords,
      objects.ringStart,
      objects.ringEnd,
      x,
      y,
      objects.coordUnitUm,
      objects.count,
    ),
  };
}

/** The GeoParquet geometry column of glands and lumina (lib/contract/geoparquet.ts). */
function geometryColumn(objects: PreparedObjects): Columns {
  const { ringCoords, ringStart, ringEnd, coordUnitUm, count } = objects;
  return { [GEOMETRY_COLUMN]: encodeWkbPolygons(ringCoords, ringStart, ringEnd, coordUnitUm, count) };
}

function bboxColumns(objects: PreparedObjects): Columns {
  return {
    min_x_um: new Float32Array(objects.minX),
    min_y_um: new Float32Array(objects.minY),
    max_x_um: new Float32Array(objects.maxX),
    max_y_um: new Float32Array(objects.maxY),
  };
}

/** Column values of the `nuclei` table. */
export function nucleiColumns(
  nuclei: PreparedObjects,
  relations: {
    tissueClass: Int8Array;
    gland: Int32Array;
    nnDistance: Float32Array;
    neighbours: Int16Array;
    lumenDistance: Float32Array;
  },
): Columns {
  return {
    ...coreColumns(nuclei, relations.tissueClass),
    gland_id: toNullableIds(relations.gland),
    nn_distance_um: relations.nnDistance,
    neighbours_50um: relations.neighbours,
    lumen_distance_um: relations.lumenDistance,
  };
}

/** Column values of the `glands` table; per-gland lumen and nucleus statistics are aggregated here. */
export function glandsColumns(
  glands: PreparedObjects,
  tissueClass: Int8Array,
  lumina: PreparedObjects,
  lumenGland: Int32Array,
  nuclei: PreparedObjects,
  nucleusGland: Int32Array,
): Columns {
  const n = glands.count;
  const lumenCount = new Int16Array(n);
  const lumenArea = new Float32Array(n);
  for (let l = 0; l < lumina.count; l++) {
    const g = lumenGland[l]!;
    if (g < 0) continue;
    lumenCount[g]! += 1;
    lumenArea[g]! += lumina.features.area[l]!;
  }
  const classes = CLASS_DICTIONARIES.nucleus.filter((c) => c.id !== 0);
  const nucleiCount = new Int32Array(n);
  const byClass = classes.map(() => new Int32Array(n));
  for (let i = 0; i < nuclei.count; i++) {
    const g = nucleusGland[i]!;
    if (g < 0) continue;
    nucleiCount[g]! += 1;
    const c = nuclei.classId[i]!;
    if (c > 0) byClass[c - 1]![g]! += 1;
  }
  const area = glands.features.area;
  const columns: Columns = {
    ...coreColumns(glands, tissueClass),
    ...bboxColumns(glands),
    ...geometryColumn(glands),
    lumen_count: lumenCount,
    lumen_area_um2: lumenArea,
    lumen_fraction: lumenArea.map((a, g) => a / area[g]!),
    nuclei_count: nucleiCount,
    nuclear_density_per_mm2:
      nucleiCount.length === 0 ? new Float32Array(0) : Float32Array.from(nucleiCount, (c, g) => (c / area[g]!) * 1e6),
    source_id: glands.sourceIds,
  };
  classes.forEach((c, k) => (columns[`nuclei_${c.key}_count`] = byClass[k]!));
  return columns;
}

/** Column values of the `lumina` table. */
export function luminaColumns(lumina: PreparedObjects, tissueClass: Int8Array, lumenGland: Int32Array): Columns {
  return {
    ...coreColumns(lumina, tissueClass),
    ...bboxColumns(lumina),
    ...geometryColumn(lumina),
    gland_id: toNullableIds(lumenGland),
    source_id: lumina.sourceIds,
  };
}

/** Run-length rows of a tissue map (background runs omitted); returns the columns and the run count. */
export function tissueRunColumns(tissue: TissueRuns | undefined): { columns: Columns; count: number } {
  return {
    columns: {
      row: tissue?.row ?? new Int32Array(0),
      col_start: tissue?.colStart ?? new Int32Array(0),
      col_end: tissue?.colEnd ?? new Int32Array(0),
      class_id: tissue?.classId ?? new Int8Array(0),
    },
    count: tissue?.count ?? 0,
  };
}
