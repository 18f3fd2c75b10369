/**
 * Metadata of a Cerberus `.dat`: every top-level key other than Nuclei/Gland/Lumen, in any of the
 * forms the Cerberus code wrote over time (none; `resolution`; `proc_*`/`base_*` resolution and
 * dimensions, dimensions stored (H, W)).
 */
import { asNumber, asNumbers } from './cerberus-dat-values';
import { PyDict, describeValue } from './pickle/values';

/** Which metadata layout the file uses. */
export type MetadataForm = 'none' | 'resolution' | 'proc-base' | 'mixed';

/** Metadata found in the file; resolutions in µm per pixel, dimensions [width, height] in pixels. */
export interface DatMetadata {
  readonly form: MetadataForm;
  readonly procMpp?: number;
  readonly baseMpp?: readonly [number, number];
  readonly procDimensions?: readonly [number, number];
  readonly baseDimensions?: readonly [number, number];
  /** Keys that were present but ignored (unknown keys, non-mpp units), for the variant notes. */
  readonly notes: readonly string[];
}

/** Parses the metadata keys of the top-level dict; `fail` reports a malformed known key. */
export function parseDatMetadata(top: PyDict, fail: (detail: string) => never): DatMetadata {
  const notes: string[] = [];
  const result: { -readonly [K in keyof DatMetadata]?: DatMetadata[K] } = {};
  let oldForm = false;
  let newForm = false;
  for (let i = 0; i < top.entries.length; i += 2) {
    const key = top.entries[i];
    const value = top.entries[i + 1];
    if (key === 'Nuclei' || key === 'Gland' || key === 'Lumen') continue;
    if (key === 'resolution' || key === 'proc_resolution') {
      const mpp = parseResolution(key, value, notes, fail);
      if (mpp !== undefined) result.procMpp = mpp[0];
      if (mpp !== undefined && mpp[0] !== mpp[1]) notes.push(`${key}: anisotropic [${mpp.join(', ')}], x used`);
      if (key === 'resolution') oldForm = true;
      else newForm = true;
    } else if (key === 'base_resolution') {
      const mpp = parseResolution(key, value, notes, fail);
      if (mpp !== undefined) result.baseMpp = mpp;
      newForm = true;
    } else if (key === 'proc_dimensions' || key === 'base_dimensions') {
      const hw = asNumbers(value);
      if (hw === undefined || hw.length !== 2 || !hw.every((n) => Number.isInteger(n) && n > 0)) {
        return fail(`metadata "${key}": expected 2 positive integers (height, width), got ${describeValue(value)}`);
      }
      result[key === 'proc_dimensions' ? 'procDimensions' : 'baseDimensions'] = [hw[1]!, hw[0]!];
      newForm = true;
    } else {
      notes.push(`ignored key ${typeof key === 'string' ? JSON.stringify(key) : describeValue(key)}`);
    }
  }
  const form: MetadataForm = oldForm && newForm ? 'mixed' : oldForm ? 'resolution' : newForm ? 'proc-base' : 'none';
  return { ...result, form, notes };
}

/** `{"resolution": r, "units": "mpp"}` (or the one-day `{"proc_resolution": r, ...}`); r a number or [x, y]. */
function parseResolution(
  key: string,
  value: unknown,
  notes: string[],
  fail: (detail: string) => never,
): [number, number] | undefined {
  if (!(value instanceof PyDict))
    return fail(`metadata "${key}": expected a dict with "resolution" and "units", got ${describeValue(value)}`);
  const units = value.get('units');
  const raw = value.has('resolution') ? value.get('resolution') : value.get(key);
  if (units !== 'mpp') {
    notes.push(`${key}: units ${JSON.stringify(units ?? null)} ignored (only mpp is used)`);
    return undefined;
  }
  const single = asNumber(raw);
  const pair = single === undefined ? asNumbers(raw) : [single, single];
  if (pair === undefined || pair.length !== 2 || !pair.every((n) => Number.isFinite(n) && n > 0 && n < 1000)) {
    return fail(`metadata "${key}": expected a positive resolution in µm/px or [x, y], got ${describeValue(raw)}`);
  }
  return [pair[0]!, pair[1]!];
}
