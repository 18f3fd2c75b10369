import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import { streamQuery } from './chunk-stream';
import { exportColumns, exportWhereSql, type ExportSpec } from './export-spec';
import { classesOf, classificationJson, measurementJson, ringJson } from './geojson-feature';

/** The measurement columns of a GeoJSON export: the chosen numeric feature columns. */
export function geojsonMeasurements(spec: ExportSpec): string[] {
  return exportColumns(spec)
    .filter((c) => c.role === 'feature')
    .map((c) => c.name);
}

/** SELECT feeding the GeoJSON encoder: ids, class, centroid, contour, then measurements (storage order). */
export function geojsonSelectSql(spec: ExportSpec): string {
  const columns = [
    'slide_id',
    'object_id',
    'class_id',
    'x_um',
    'y_um',
    'contour_unit_um',
    'contour',
    ...geojsonMeasurements(spec),
  ];
  return `SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(spec.kind)} WHERE ${exportWhereSql(spec)}`;
}

/**
 * Streams the objects of one slide as a GeoJSON FeatureCollection that QuPath imports as
 * detections; `mpp` is the slide's level-0 µm per pixel.
 */
export function streamGeojson(dataset: OpenedDataset, spec: ExportSpec, mpp: number): ReadableStream<Uint8Array> {
  const measurements = geojsonMeasurements(spec);
  const keys = measurements.map((m) => JSON.stringify(m));
  const classes = classesOf(spec.kind);
  const kind = JSON.stringify(spec.kind);
  return streamQuery(dataset, geojsonSelectSql(spec), {
    prefix: '{"type":"FeatureCollection","features":[\n',
    suffix: '\n]}\n',
    encode: (chunk, isFirst) => {
      const columns = chunk.getColumns();
      const [slides, ids, classIds, xs, ys, units, contours] = columns as unknown[][];
      const features: string[] = [];
      for (let row = 0; row < chunk.rowCount; row++) {
        const blob = (contours?.[row] as { bytes: Uint8Array }).bytes;
        const ring = ringJson(blob, xs?.[row] as number, ys?.[row] as number, units?.[row] as number, mpp);
        let values = '';
        for (let m = 0; m < measurements.length; m++) {
          const value = columns[7 + m]?.[row];
          if (typeof value === 'number' && Number.isFinite(value))
            values += `${values === '' ? '' : ','}${keys[m]}:${measurementJson(value)}`;
        }
        const metadata = `{"slide_id":${JSON.stringify(slides?.[row])},"kind":${kind},"object_id":"${String(ids?.[row])}"}`;
        features.push(
          `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${ring}]},"properties":{"objectType":"detection"` +
            `${classificationJson(classes[classIds?.[row] as number])},"measurements":{${values}},"metadata":${metadata}}}`,
        );
      }
      return `${isFirst ? '' : ',\n'}${features.join(',\n')}`;
    },
  });
}
