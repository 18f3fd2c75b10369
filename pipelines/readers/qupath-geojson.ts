import { ObjectTableBuilder, describeGrid, subdivisionOf, toGridUnits } from './columnar-builder';
import { isPoint, isRecord, parseJsonText, readJsonText } from './hovernet-json';
import { ReadError } from './read-error';
import type { ObjectKind, SlideResult } from './types';

/** How to place a QuPath export on the slide. */
export interface QupathReadOptions {
  /** µm per level-0 pixel of the slide the objects were drawn on. */
  readonly mpp: number;
}

type Ring = readonly (readonly [number, number])[];

const KINDS: readonly ObjectKind[] = ['nuclei', 'glands', 'lumina'];
// Class names (lower case) → [kind index, classId]; the nucleus names are the Cerberus/Lizard classes.
const CLASS_BY_NAME: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['neutrophil', [0, 1]],
  ['epithelial', [0, 2]],
  ['lymphocyte', [0, 3]],
  ['plasma', [0, 4]],
  ['eosinophil', [0, 5]],
  ['connective', [0, 6]],
  ['gland', [1, 1]],
  ['surface epithelium', [1, 2]],
  ['lumen', [2, 1]],
]);
const LEGACY_TYPES: Readonly<Record<string, string>> = {
  PathAnnotationObject: 'annotation',
  PathDetectionObject: 'detection',
  PathCellObject: 'cell',
  PathTileObject: 'tile',
};
const SKIP = 255;

/**
 * Reads a QuPath GeoJSON export (FeatureCollection or bare Feature array; level-0 pixel
 * coordinates) into nuclei, glands and lumina in µm, slide frame. The kind and class come from
 * `classification.name` (case-insensitive): the six nucleus names, 'Gland', 'Surface epithelium',
 * 'Lumen'. Detections and cells with another or no class become class-0 nuclei; annotations with
 * another or no class (region outlines) and tiles are skipped; all of these are counted in
 * `metadata.variant`. Cells use `nucleusGeometry` when present; MultiPolygons keep their largest
 * polygon, holes are dropped; the repeated closing vertex is dropped. Centroids are area-weighted,
 * from the unquantised ring; rings are quantised as in the HoVer-Net reader (whole pixels, else
 * 1/2, 1/4 or 1/8 pixel: coordUnitUm = mpp / subdivision). QuPath stores no probability: NaN.
 */
export async function readQupathGeojson(path: string, options: QupathReadOptions): Promise<SlideResult> {
  return parseQupathGeojson(parseJsonText(await readJsonText(path), path), path, options);
}

/** Decodes parsed QuPath GeoJSON (see {@link readQupathGeojson}); `file` only names the source in errors. */
export function parseQupathGeojson(root: unknown, file: string, options: QupathReadOptions): SlideResult {
  const { mpp } = options;
  if (!(Number.isFinite(mpp) && mpp > 0))
    throw new ReadError(file, `mpp option is ${mpp}; expected a positive number of µm per pixel`);
  const features = Array.isArray(root)
    ? root
    : isRecord(root) && Array.isArray(root.features)
      ? root.features
      : undefined;
  if (features === undefined) throw new ReadError(file, 'expected a GeoJSON FeatureCollection or an array of Features');
  const tally = new Map<string, number>();
  const count = (note: string, n = 1): void => void tally.set(note, (tally.get(note) ?? 0) + n);
  const kinds = new Uint8Array(features.length).fill(SKIP);
  const classIds = new Int8Array(features.length);
  const rings: Ring[] = new Array<Ring>(features.length);
  const ids: string[] = new Array<string>(features.length).fill('');
  const seenIds = new Set<string>();
  let subdivision = 1;

  features.forEach((feature: unknown, i) => {
    if (!isRecord(feature))
      throw new ReadError(file, `feature ${i} is not an object`, { kind: 'feature', id: String(i) });
    const rawId =
      typeof feature.id === 'number' ? String(feature.id) : typeof feature.id === 'string' ? feature.id : '';
    const legacyType = LEGACY_TYPES[rawId];
    const id = legacyType === undefined ? rawId : '';
    const where = { kind: 'feature', id: id || `#${i}` };
    if (id !== '' && seenIds.has(id)) throw new ReadError(file, 'duplicate feature id; expected unique ids', where);
    if (id !== '') seenIds.add(id);
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const objectType = String(
      properties.objectType ?? properties.object_type ?? legacyType ?? 'detection',
    ).toLowerCase();
    if (properties.measurements !== undefined) count('features with measurements (ignored)');
    if (objectType !== 'detection' && objectType !== 'cell' && objectType !== 'annotation')
      return count(`skipped objectType '${objectType}'`);
    const classification = properties.classification;
    const className =
      isRecord(classification) && typeof classification.name === 'string' ? classification.name.trim() : '';
    const entry = CLASS_BY_NAME.get(className.toLowerCase());
    if (entry === undefined && objectType === 'annotation')
      return count(`skipped annotations classed '${className || 'none'}'`);
    if (entry === undefined)
      count(className === '' ? 'unclassified nuclei (classId 0)' : `nuclei classed '${className}' (classId 0)`);
    const [kind, classId] = entry ?? [0, 0];
    const useNucleus = objectType === 'cell' && kind === 0 && isRecord(feature.nucleusGeometry);
    if (useNucleus) count('cells read from nucleusGeometry');
    const ring = outerRing(useNucleus ? feature.nucleusGeometry : feature.geometry, file, where, count);
    if (ring === undefined) return;
    for (let k = 0; k < openLength(ring); k++) {
      const point = ring[k] as readonly [number, number];
      subdivision = Math.max(subdivision, subdivisionOf(point[0]), subdivisionOf(point[1]));
    }
    kinds[i] = kind;
    classIds[i] = classId;
    rings[i] = ring;
    ids[i] = id;
  });

  const builders = KINDS.map((kind) => new ObjectTableBuilder(kind, mpp / subdivision));
  for (let i = 0; i < features.length; i++) {
    const builder = builders[kinds[i] ?? SKIP];
    const ring = rings[i];
    if (builder === undefined || ring === undefined) continue;
    const n = openLength(ring);
    for (let k = 0; k < n; k++) {
      const point = ring[k] as readonly [number, number];
      const x = toGridUnits(point[0], subdivision);
      const y = toGridUnits(point[1], subdivision);
      if (Number.isNaN(x) || Number.isNaN(y))
        throw new ReadError(file, `vertex ${k} is outside the Int32 coordinate range`, {
          kind: 'feature',
          id: ids[i] || `#${i}`,
        });
      builder.pushVertex(x, y);
    }
    const [cx, cy, area] = centroidOf(ring, n);
    if (area === 0) count('zero-area polygons (centroid = vertex mean)');
    builder.endObject(ids[i] ?? '', cx * mpp, cy * mpp, classIds[i] ?? 0, Number.NaN);
  }
  const [nuclei, glands, lumina] = builders.map((builder) => builder.build());
  if (nuclei === undefined || glands === undefined || lumina === undefined) throw new Error('unreachable');
  const notes = [...tally].map(([note, n]) => `${note}: ${n}`);
  return {
    nuclei,
    glands,
    lumina,
    metadata: {
      format: 'qupath-geojson',
      variant: [`mpp ${mpp} given by the caller`, describeGrid(subdivision, mpp), ...notes],
    },
  };
}

/** The ring to keep: a Polygon's outer ring, or a MultiPolygon's largest outer ring; undefined for points and lines. */
function outerRing(
  geometry: unknown,
  file: string,
  where: { kind: string; id: string },
  count: (note: string, n?: number) => void,
): Ring | undefined {
  if (!isRecord(geometry)) throw new ReadError(file, 'expected a "geometry" object', where);
  const { type, coordinates } = geometry;
  if (type === 'Point' || type === 'MultiPoint' || type === 'LineString' || type === 'MultiLineString')
    return void count(`skipped ${type} geometries`);
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    throw new ReadError(file, `geometry type ${JSON.stringify(type)}; expected Polygon or MultiPolygon`, where);
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0)
    throw new ReadError(file, `expected ${type} coordinates`, where);
  let best: Ring | undefined;
  let bestArea = -1;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0)
      throw new ReadError(file, `expected ${type} coordinates as arrays of rings`, where);
    const ring: unknown = polygon[0];
    if (!Array.isArray(ring) || !ring.every(isPoint))
      throw new ReadError(file, 'expected a ring of [x, y] positions with finite numbers', where);
    const n = openLength(ring);
    if (n < 3) throw new ReadError(file, `ring has ${n} distinct vertices; expected at least 3`, where);
    if (polygon.length > 1) count('polygons with holes (holes dropped)');
    const area = Math.abs(centroidOf(ring, n)[2]);
    if (area > bestArea) [best, bestArea] = [ring, area];
  }
  if (polygons.length > 1) count('MultiPolygon parts dropped (largest kept)', polygons.length - 1);
  return best;
}

function openLength(ring: Ring): number {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]
    ? ring.length - 1
    : ring.length;
}

/** Area-weighted centroid [x, y] and signed area of an open ring (pixels); vertex mean when the area is 0. */
function centroidOf(ring: Ring, n: number): [number, number, number] {
  const [x0, y0] = ring[0] ?? [0, 0];
  let twiceArea = 0;
  let sx = 0;
  let sy = 0;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    const [xa, ya] = ring[k] ?? [0, 0];
    const [xb, yb] = ring[(k + 1) % n] ?? [0, 0];
    // Relative to the first vertex so large slide coordinates do not cancel out.
    const cross = (xa - x0) * (yb - y0) - (xb - x0) * (ya - y0);
    twiceArea += cross;
    sx += (xa - x0 + xb - x0) * cross;
    sy += (ya - y0 + yb - y0) * cross;
    mx += xa;
    my += ya;
  }
  if (twiceArea === 0) return [mx / n, my / n, 0];
  return [x0 + sx / (3 * twiceArea), y0 + sy / (3 * twiceArea), twiceArea / 2];
}
