import { column, type ColumnDef } from './column';
import { GEOMETRY_COLUMN } from '../contract/geoparquet';

/** Significant mantissa bits of stored shape features (relative error ≤ 1.2·10⁻⁴; see docs/data-model.md). */
export const STORED_BITS = 12;

/** Position, class and contour columns shared by every object table (nuclei, glands, lumina). */
export function objectCoreColumns(classDictionary: 'nucleus' | 'gland' | 'lumen'): ColumnDef[] {
  return [
    column(
      'object_id',
      'UINTEGER',
      '',
      'Object id',
      'Index of the object within its slide and kind, 0-based, in storage order (space-filling-curve order of the centroid). Stable for a given dataset version.',
      { role: 'key' },
    ),
    column(
      'x_um',
      'FLOAT',
      'µm',
      'Centroid x',
      'Centroid x in the slide level-0 frame, µm from the left edge, as computed by the model (image moments of the mask).',
      { role: 'position' },
    ),
    column(
      'y_um',
      'FLOAT',
      'µm',
      'Centroid y',
      'Centroid y in the slide level-0 frame, µm from the top edge (y down).',
      { role: 'position' },
    ),
    column('class_id', 'TINYINT', '', 'Class', 'Class index in the Cerberus dictionary of this kind (see Classes).', {
      role: 'class',
      classes: classDictionary,
    }),
    column(
      'class_prob',
      'FLOAT',
      '',
      'Class probability',
      "Fraction of the object's pixels that carry its majority class (Cerberus `prob` / `type_prob`); not a calibrated probability. Null for lumina.",
      { nullable: classDictionary === 'lumen', domain: [0, 1] },
    ),
  ];
}

/** Exact polygon morphology columns (computed from the vector contour, never rasterised). */
export function morphologyColumns(): ColumnDef[] {
  return [
    column('area_um2', 'FLOAT', 'µm²', 'Area', 'Area enclosed by the contour polygon (shoelace formula).', {
      domain: [0, Infinity],
    }),
    column('perimeter_um', 'FLOAT', 'µm', 'Perimeter', 'Length of the closed contour polygon.', {
      domain: [0, Infinity],
    }),
    column('convex_area_um2', 'FLOAT', 'µm²', 'Convex area', 'Area of the convex hull of the contour.', {
      domain: [0, Infinity],
    }),
    column('solidity', 'FLOAT', '', 'Solidity', 'Area / convex area; 1 for convex shapes, lower for irregular ones.', {
      significantBits: STORED_BITS,
      domain: [0, 1],
    }),
    column(
      'equivalent_diameter_um',
      'FLOAT',
      'µm',
      'Equivalent diameter',
      'Diameter of the circle with the same area: sqrt(4·area/π).',
      { domain: [0, Infinity] },
    ),
    column(
      'major_axis_um',
      'FLOAT',
      'µm',
      'Major axis',
      'Length of the major axis of the ellipse with the same second central moments as the polygon (scikit-image regionprops definition: 4·sqrt(λ1)).',
      { significantBits: STORED_BITS, domain: [0, Infinity] },
    ),
    column('minor_axis_um', 'FLOAT', 'µm', 'Minor axis', 'Length of the minor axis of that ellipse: 4·sqrt(λ2).', {
      significantBits: STORED_BITS,
      domain: [0, Infinity],
    }),
    column(
      'eccentricity',
      'FLOAT',
      '',
      'Eccentricity',
      'Eccentricity of that ellipse: sqrt(1 − λ2/λ1); 0 for a circle, towards 1 for elongated shapes.',
      { significantBits: STORED_BITS, domain: [0, 1] },
    ),
    column(
      'orientation_rad',
      'FLOAT',
      'rad',
      'Orientation',
      'Angle between the image row axis (y, down) and the major axis, in [−π/2, π/2], as scikit-image regionprops defines it.',
      { significantBits: STORED_BITS, domain: [-Math.PI / 2, Math.PI / 2] },
    ),
    column('circularity', 'FLOAT', '', 'Circularity', '4π·area / perimeter²; 1 for a circle.', {
      significantBits: STORED_BITS,
      domain: [0, 1],
    }),
    column('extent', 'FLOAT', '', 'Extent', 'Area / area of the axis-aligned bounding box of the contour.', {
      significantBits: STORED_BITS,
      domain: [0, 1],
    }),
  ];
}

/** Tissue context column: the tissue class under the object's centroid. */
export function tissueClassColumn(): ColumnDef {
  return column(
    'tissue_class',
    'TINYINT',
    '',
    'Tissue class',
    'Tissue type of the 2 µm tissue-map cell under the centroid (0 when outside the map or background).',
    { role: 'class', classes: 'tissue' },
  );
}

/** Compact contour columns (see docs/data-model.md, "Contours"). */
export function contourColumns(): ColumnDef[] {
  return [
    column(
      'contour_unit_um',
      'FLOAT',
      'µm',
      'Contour unit',
      'µm per integer contour unit (0.5 for Cerberus processing pixels). Constant within a file.',
      { role: 'geometry' },
    ),
    column(
      'contour',
      'BLOB',
      '',
      'Contour',
      'Open polygon ring: zig-zag LEB128 varints of the first vertex relative to the anchor (floor(x_um/u), floor(y_um/u)), then each next vertex relative to the previous, x before y, in contour units u.',
      { role: 'geometry' },
    ),
  ];
}

/**
 * The contour again as GeoParquet geometry (lib/contract/geoparquet.ts), for the gland and lumen
 * tables: GIS tools read it without our codec. Nuclei keep only the compact form (disk budget).
 */
export function geoParquetGeometryColumn(): ColumnDef {
  return column(
    GEOMETRY_COLUMN,
    'BLOB',
    'µm',
    'Geometry',
    'The contour as GeoParquet geometry: a WKB Polygon (one ring, closed) with x, y in µm of the slide frame (origin top-left, y down; no CRS). Same vertices as `contour`.',
    { role: 'geometry' },
  );
}

/** Bounding-box columns (µm), recomputed from the contour (the Cerberus gland/lumen `box` is unreliable). */
export function bboxColumns(): ColumnDef[] {
  return [
    column('min_x_um', 'FLOAT', 'µm', 'Min x', 'Smallest contour x, µm, slide frame.', { role: 'position' }),
    column('min_y_um', 'FLOAT', 'µm', 'Min y', 'Smallest contour y, µm, slide frame.', { role: 'position' }),
    column('max_x_um', 'FLOAT', 'µm', 'Max x', 'Largest contour x, µm, slide frame.', { role: 'position' }),
    column('max_y_um', 'FLOAT', 'µm', 'Max y', 'Largest contour y, µm, slide frame.', { role: 'position' }),
  ];
}
