/**
 * The `--slides` table (CSV or TSV): slide ids, result file names, level-0 µm/px and clinical
 * columns named as in the registry. Parsed once at the edge; errors name the file, line and column.
 */
import { readFileSync } from 'node:fs';
import { isSlideId } from '../../lib/contract/layout';
import { SLIDE_CLINICAL_COLUMNS, type ColumnDef } from '../../lib/registry';
import { parseDelimited } from '../tables/delimited';

/** One slide row: id, optional file name and mpp, and typed clinical values by registry name. */
export interface SlideTableRow {
  readonly slideId: string;
  readonly patientId?: string;
  readonly fileName?: string;
  readonly gdcFileId?: string;
  readonly mpp?: number;
  readonly clinical: Readonly<Record<string, string | number | boolean | null>>;
}

const IDENTITY = ['slide_id', 'patient_id', 'file_name', 'gdc_file_id', 'mpp'] as const;

/** Column names `--slides` accepts. */
export const SLIDE_TABLE_COLUMNS: readonly string[] = [...IDENTITY, ...SLIDE_CLINICAL_COLUMNS.map((c) => c.name)];

function parseValue(def: ColumnDef, raw: string, where: string): string | number | boolean | null {
  const text = raw.trim();
  if (text === '' || text === 'NA') return null;
  if (def.type === 'BOOLEAN') {
    const lower = text.toLowerCase();
    if (['true', '1', 'yes'].includes(lower)) return true;
    if (['false', '0', 'no'].includes(lower)) return false;
    throw new Error(`${where}: ${def.name} must be true/false, got "${text}"`);
  }
  if (def.type === 'VARCHAR') {
    if (def.levels && !def.levels.includes(text))
      throw new Error(`${where}: ${def.name} must be one of ${def.levels.join(', ')} (or empty), got "${text}"`);
    return text;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where}: ${def.name} must be a number, got "${text}"`);
  if (def.domain && (value < def.domain[0] || value > def.domain[1]))
    throw new Error(`${where}: ${def.name} = ${value} is outside [${def.domain[0]}, ${def.domain[1]}]`);
  return value;
}

/** Reads and validates a slide table; throws with file, line and column on any problem. */
export function readSlideTable(path: string): SlideTableRow[] {
  let table;
  try {
    table = parseDelimited(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`slide table ${path}: ${(error as Error).message}`);
  }
  const unknown = table.header.filter((h) => !SLIDE_TABLE_COLUMNS.includes(h));
  if (unknown.length > 0)
    throw new Error(
      `slide table ${path}: unknown column(s) ${unknown.join(', ')}; allowed: ${SLIDE_TABLE_COLUMNS.join(', ')}`,
    );
  const idIndex = table.header.indexOf('slide_id');
  if (idIndex < 0) throw new Error(`slide table ${path}: needs a slide_id column`);
  const seen = new Map<string, number>();
  return table.rows.map((row, r) => {
    const where = `slide table ${path}, line ${table.lines[r]}`;
    const get = (name: string): string | undefined => {
      const i = table.header.indexOf(name);
      const value = i < 0 ? undefined : row[i]?.trim();
      return value === '' ? undefined : value;
    };
    const slideId = get('slide_id') ?? '';
    if (!isSlideId(slideId))
      throw new Error(`${where}: slide_id "${slideId}" is not a valid slide id (letters, digits, . _ -)`);
    if (seen.has(slideId)) throw new Error(`${where}: slide_id ${slideId} repeats line ${seen.get(slideId)}`);
    seen.set(slideId, table.lines[r]!);
    const mppText = get('mpp');
    const mpp = mppText === undefined ? undefined : Number(mppText);
    if (mpp !== undefined && !(Number.isFinite(mpp) && mpp > 0 && mpp < 100))
      throw new Error(`${where}: mpp must be a positive number of µm per pixel, got "${mppText}"`);
    const clinical: Record<string, string | number | boolean | null> = {};
    for (const def of SLIDE_CLINICAL_COLUMNS)
      clinical[def.name] = table.header.includes(def.name) ? parseValue(def, get(def.name) ?? '', where) : null;
    return {
      slideId,
      patientId: get('patient_id'),
      fileName: get('file_name'),
      gdcFileId: get('gdc_file_id'),
      mpp,
      clinical,
    };
  });
}
