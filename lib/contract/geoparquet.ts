/**
 * GeoParquet geometry of the gland and lumen tables (docs/data-model.md, "Contours"): a `geometry`
 * column of WKB polygons in µm of the slide frame, declared by the file's `geo` key-value metadata
 * (GeoParquet 1.1.0), so that GeoPandas, QGIS, GDAL and DuckDB spatial read the shapes directly.
 */

/** Name of the GeoParquet geometry column. */
export const GEOMETRY_COLUMN = 'geometry';

/**
 * The `geo` metadata of a file with that column. No CRS (`crs: null`, "undefined" in the spec): the
 * slide frame (µm, origin top-left, y down) is an engineering frame, not a place on Earth.
 */
export function geoParquetMetadata(): string {
  return JSON.stringify({
    version: '1.1.0',
    primary_column: GEOMETRY_COLUMN,
    columns: { [GEOMETRY_COLUMN]: { encoding: 'WKB', geometry_types: ['Polygon'], crs: null, edges: 'planar' } },
  });
}
