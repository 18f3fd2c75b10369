import { constants as bufferConstants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { ObjectTableBuilder, buildEmptyTable, describeGrid, subdivisionOf, toGridUnits } from './columnar-builder';
import { ReadError } from './read-error';
import type { SlideResult } from './types';

/** How to place a HoVer-Net JSON on the slide. */
export interface HovernetReadOptions {
  /** µm per pixel of the JSON's coordinates; inferred from "mag" 40 (0.25) or 20 (0.5) when absent. */
  readonly mpp?: number;
}

/** Nominal µm per pixel for the objective magnifications HoVer-Net writes as "mag". */
const MPP_BY_MAG: Readonly<Record<number, number>> = { 40: 0.25, 20: 0.5 };
const KIND = 'nuclei';

/**
 * Reads a HoVer-Net JSON (`{"mag", "nuc": {id: {bbox, centroid, contour, type_prob, type}}}`, pixel
 * coordinates XY at processing resolution) into nuclei in µm; glands and lumina are empty.
 *
 * Classes: the file does not say which checkpoint wrote it, and the PanNuke types
 * (1 neoplastic, 2 inflammatory, 3 connective, 4 dead, 5 non-neoplastic epithelial) do not map
 * one-to-one onto the Cerberus/Lizard classes ("inflammatory" spans four of them), so `classId`
 * keeps the source `type` (must be 0–6) and `metadata.variant` says so; null type → 0, null
 * type_prob → NaN. Ring coordinates are the contour quantised to whole pixels when all are
 * integers, else to the finest of 1/2, 1/4 or 1/8 pixel that holds them (coordUnitUm = mpp / that).
 */
export async function readHovernetJson(path: string, options: HovernetReadOptions = {}): Promise<SlideResult> {
  return parseHovernetJson(await readJsonText(path), path, options);
}

/** Reads a UTF-8 JSON file as text (BOM dropped), refusing files beyond the longest string V8 can hold. */
export async function readJsonText(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > bufferConstants.MAX_STRING_LENGTH)
    throw new ReadError(
      path,
      `JSON file of ${size} bytes exceeds the ${bufferConstants.MAX_STRING_LENGTH}-character string limit`,
    );
  const text = (await readFile(path)).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // some Windows tools prepend a BOM
}

/** JSON.parse with a ReadError naming the file; Python's json writes NaN/Infinity, which JSON forbids. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReadError(
      file,
      `malformed JSON (${(error as Error).message}); expected strict JSON without NaN or Infinity`,
    );
  }
}

/** Decodes HoVer-Net JSON text (see {@link readHovernetJson}); `file` only names the source in errors. */
export function parseHovernetJson(text: string, file: string, options: HovernetReadOptions = {}): SlideResult {
  const root = parseJsonText(text, file);
  if (!isRecord(root) || !isRecord(root.nuc))
    throw new ReadError(file, 'expected a JSON object with "nuc": {id: nucleus}');
  const nuc = root.nuc;
  const { mpp, note, fromFile } = resolveMpp(root.mag, options.mpp, file);
  const ids = Object.keys(nuc);
  checkDuplicateIds(text, ids.length, file);

  let subdivision = 1;
  for (const id of ids) {
    const contour = contourOf(nuc[id], id, file);
    for (const point of contour) subdivision = Math.max(subdivision, subdivisionOf(point[0]), subdivisionOf(point[1]));
  }
  const builder = new ObjectTableBuilder(KIND, mpp / subdivision, ids.length);
  const typeCounts = new Map<string, number>();
  for (const id of ids) {
    const record = nuc[id] as Record<string, unknown>;
    const contour = record.contour as readonly (readonly [number, number])[]; // validated in the first pass
    const open = contour.length - (closes(contour) ? 1 : 0);
    for (let k = 0; k < open; k++) {
      const point = contour[k] as [number, number];
      const x = toGridUnits(point[0], subdivision);
      const y = toGridUnits(point[1], subdivision);
      if (Number.isNaN(x) || Number.isNaN(y))
        throw new ReadError(file, `contour vertex ${k} is outside the Int32 coordinate range`, { kind: KIND, id });
      builder.pushVertex(x, y);
    }
    const centroid = record.centroid;
    if (!isPoint(centroid))
      throw new ReadError(file, 'expected "centroid": [x, y] with finite numbers', { kind: KIND, id });
    const type = record.type ?? null;
    if (type !== null && !(Number.isInteger(type) && (type as number) >= 0 && (type as number) <= 6)) {
      throw new ReadError(file, `"type" is ${JSON.stringify(type)}; expected null or an integer 0–6`, {
        kind: KIND,
        id,
      });
    }
    const prob = record.type_prob ?? null;
    if (prob !== null && !(typeof prob === 'number' && prob >= 0 && prob <= 1)) {
      throw new ReadError(file, `"type_prob" is ${JSON.stringify(prob)}; expected null or a number in [0, 1]`, {
        kind: KIND,
        id,
      });
    }
    const typeKey = type === null ? 'null' : String(type);
    typeCounts.set(typeKey, (typeCounts.get(typeKey) ?? 0) + 1);
    builder.endObject(
      id,
      centroid[0] * mpp,
      centroid[1] * mpp,
      (type as number | null) ?? 0,
      (prob as number | null) ?? Number.NaN,
    );
  }
  const typeSummary = [...typeCounts].map(([type, count]) => `${type}: ${count}`).join(', ');
  return {
    nuclei: builder.build(),
    glands: buildEmptyTable('glands', mpp / subdivision),
    lumina: buildEmptyTable('lumina', mpp / subdivision),
    metadata: {
      format: 'hovernet-json',
      ...(fromFile ? { procMpp: mpp } : {}),
      variant: [
        note,
        describeGrid(subdivision, mpp),
        'classId = HoVer-Net "type" as written, not the Cerberus nucleus dictionary; the checkpoint is not recorded in the file (PanNuke: 0 nolabe, 1 neopla, 2 inflam, 3 connec, 4 necros, 5 no-neo)',
        `nuclei per source type: ${typeSummary || 'none'} (null type → classId 0, null type_prob → classProb NaN)`,
        'bbox ignored; glands and lumina are not part of HoVer-Net JSON',
      ],
    },
  };
}

function resolveMpp(
  mag: unknown,
  given: number | undefined,
  file: string,
): { mpp: number; note: string; fromFile: boolean } {
  if (given !== undefined) {
    if (!(Number.isFinite(given) && given > 0))
      throw new ReadError(file, `mpp option is ${given}; expected a positive number of µm per pixel`);
    return {
      mpp: given,
      note: `mpp ${given} given by the caller ("mag": ${JSON.stringify(mag ?? null)})`,
      fromFile: false,
    };
  }
  const inferred = typeof mag === 'number' ? MPP_BY_MAG[mag] : undefined;
  if (inferred === undefined)
    throw new ReadError(
      file,
      `"mag" is ${JSON.stringify(mag ?? null)}; pass options.mpp (µm per pixel) unless "mag" is 40 or 20`,
    );
  return { mpp: inferred, note: `mpp ${inferred} inferred from "mag": ${mag as number}`, fromFile: true };
}

function contourOf(record: unknown, id: string, file: string): readonly (readonly [number, number])[] {
  if (!isRecord(record)) throw new ReadError(file, 'expected a nucleus object', { kind: KIND, id });
  const contour = record.contour;
  if (!Array.isArray(contour) || !contour.every(isPoint)) {
    throw new ReadError(file, 'expected "contour": [[x, y], …] with finite numbers', { kind: KIND, id });
  }
  const open = contour.length - (closes(contour) ? 1 : 0);
  if (open < 3)
    throw new ReadError(file, `contour has ${open} distinct vertices; expected at least 3`, { kind: KIND, id });
  return contour;
}

function closes(ring: readonly (readonly [number, number])[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
}

// JSON objects keep only the last of duplicate keys, so compare the number of contour records in
// the text with the number of ids; on a mismatch, find the first repeated id for the message.
function checkDuplicateIds(text: string, idCount: number, file: string): void {
  let records = 0;
  for (let at = text.indexOf('"contour"'); at !== -1; at = text.indexOf('"contour"', at + 9)) records += 1;
  if (records <= idCount) return;
  const seen = new Set<string>();
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*\{/g)) {
    const id = match[1] ?? '';
    if (seen.has(id))
      throw new ReadError(file, 'duplicate nucleus id; expected unique keys in "nuc"', { kind: KIND, id });
    seen.add(id);
  }
  throw new ReadError(file, `${records} contour records but ${idCount} distinct ids; expected unique keys in "nuc"`, {
    kind: KIND,
  });
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an [x, y, …] position with finite x and y (JSON.parse turns 1e999 into Infinity). */
export function isPoint(value: unknown): value is readonly [number, number] {
  return Array.isArray(value) && value.length >= 2 && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}
