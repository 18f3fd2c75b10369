/**
 * One object as a QuPath-importable GeoJSON Feature (RFC 7946 structure): a Polygon in level-0
 * pixels of the slide (px = µm / mpp, origin top-left, y down), `objectType: "detection"`, the
 * registry class name and [r, g, b] colour, and the object's features as flat `measurements`.
 */
import { contourAnchor, decodeContour } from '../../contract/contour-codec';
import { CLASS_DICTIONARIES, toRgb, type ClassDef, type ObjectKind } from '../../registry';

const DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;

/** The class dictionary of an object kind, indexed by class id. */
export function classesOf(kind: ObjectKind): readonly (ClassDef | undefined)[] {
  const out: (ClassDef | undefined)[] = [];
  for (const c of CLASS_DICTIONARIES[DICTIONARY[kind]] as readonly ClassDef[]) out[c.id] = c;
  return out;
}

/** The classification JSON of a class ('' for unclassified: QuPath reads a missing classification as none). */
export function classificationJson(def: ClassDef | undefined): string {
  if (!def || def.key === 'none') return '';
  return `,"classification":${JSON.stringify({ name: def.name, color: toRgb(def.color) })}`;
}

/**
 * The closed exterior ring of a contour in level-0 px, counter-clockwise in its own (x, y)
 * coordinates as RFC 7946 §3.1.6 asks, rounded to 0.01 px, as GeoJSON text.
 */
export function ringJson(contour: Uint8Array, xUm: number, yUm: number, unitUm: number, mpp: number): string {
  const ring = decodeContour(contour, contourAnchor(xUm, yUm, unitUm));
  const n = ring.length / 2;
  let twiceArea = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twiceArea +=
      (ring[2 * i] as number) * (ring[2 * j + 1] as number) - (ring[2 * j] as number) * (ring[2 * i + 1] as number);
  }
  const scale = unitUm / mpp;
  const parts: string[] = new Array<string>(n + 1);
  for (let k = 0; k < n; k++) {
    const i = twiceArea >= 0 ? k : n - 1 - k;
    const x = Math.round((ring[2 * i] as number) * scale * 100) / 100;
    const y = Math.round((ring[2 * i + 1] as number) * scale * 100) / 100;
    parts[k] = `[${x},${y}]`;
  }
  parts[n] = parts[0] as string;
  return `[${parts.join(',')}]`;
}

/** A measurement value as JSON: float32 values with 9 significant digits (exact round trip). */
export function measurementJson(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(9)));
}
