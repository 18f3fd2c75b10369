/**
 * Turns prepared objects and their relations into the registry's column values for Parquet,
 * including the compact contour blobs (lib/contract/contour-codec.ts).
 */
import { contourAnchor, encodeContours } from '../../lib/contract/contour-codec';
import { CLASS_DICTIONARIES } from '../../lib/registry';
import type { TissueMap } from '../readers/types';
import { INT32_NULL, type ColumnValues } from './parquet-writer';
import type { PreparedObjects } from './prepared-objects';

type Columns = Record<string, ColumnValues>;

function contours(objects: PreparedObjects, x: Float32Array, y: Float32Array): Uint8Array[] {
  const unit = objects.coordUnitUm;
  const anchorX = new Float64Array(objects.count);
  const anchorY = new Float64Array(objects.count);
  for (let i = 0; i < objects.count; i++) [anchorX[i], anchorY[i]] = contourAnchor(x[i]!, y[i]!, unit);
  return encodeContours(objects.ringCoords, objects.ringStart, objects.ringEnd, anchorX, anchorY, objects.count);
}

function toNullableIds(ids: Int32Array): Int32Array {
  return ids.map((v) => (v < 0 ? INT32_NULL : v));
}

/** Columns shared by every object kind: id, centroid, class, morphology, tissue class, contour. */
function coreColumns(objects: PreparedObjects, tissueClass: Int8Array): Columns {
  const x = Float32Array.from(objects.x);
  const y = Float32Array.from(objects.y);
  const f = objects.features;
  return {
    object_id: Uint32Array.from({ length: objects.count }, (_, i) => i),
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
    contour: contours(objects, x, y),
  };
}

function bboxColumns(objects: PreparedObjects): Columns {
  return {
    min_x_um: Float32Array.from(objects.minX),
    min_y_um: Float32Array.from(objects.minY),
    max_x_um: Float32Array.from(objects.maxX),
    max_y_um: Float32Array.from(objects.maxY),
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
    gland_id: toNullableIds(lumenGland),
    source_id: lumina.sourceIds,
  };
}

/** Run-length rows of a tissue map (background runs omitted); returns the columns and the run count. */
export function tissueRunColumns(tissue: TissueMap | undefined): { columns: Columns; count: number } {
  const row: number[] = [], start: number[] = [], end: number[] = [], cls: number[] = []; // prettier-ignore
  if (tissue) {
    for (let r = 0; r < tissue.height; r++) {
      const base = r * tissue.width;
      let c = 0;
      while (c < tissue.width) {
        const value = tissue.classes[base + c]!;
        let e = c + 1;
        while (e < tissue.width && tissue.classes[base + e] === value) e++;
        if (value !== 0) {
          row.push(r);
          start.push(c);
          end.push(e);
          cls.push(value);
        }
        c = e;
      }
    }
  }
  return {
    columns: {
      row: Int32Array.from(row),
      col_start: Int32Array.from(start),
      col_end: Int32Array.from(end),
      class_id: Int8Array.from(cls),
    },
    count: row.length,
  };
}
