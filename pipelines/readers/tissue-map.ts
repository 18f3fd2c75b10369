import { readFile } from 'node:fs/promises';
import { readMatV5 } from './mat-v5';
import { PNG_SIGNATURE, readPngGray } from './png-gray';
import { ReadError } from './read-error';
import type { TissueMap } from './types';

/** µm per tissue-map cell: Cerberus writes the map at ¼ of its 0.5 µm/px processing grid. */
export const TISSUE_CELL_UM = 2;
/** Largest tissue class index (0 background, 1–8 tissue types). */
export const MAX_TISSUE_CLASS = 8;

/**
 * Reads a Cerberus tissue-type map — `.mat` with a 2-D `pclass` variable (scipy.io.savemat,
 * compressed or not, any numeric class) or an older 8-bit grey `.png` — into cells of 2 µm,
 * slide frame, origin top-left, row-major; the format is chosen by the file's magic bytes.
 */
export async function readTissueMap(path: string): Promise<TissueMap> {
  return parseTissueMap(await readFile(path), path);
}

/** Decodes tissue-map bytes (see {@link readTissueMap}); `file` only names the source in errors. */
export function parseTissueMap(bytes: Uint8Array, file: string): TissueMap {
  if (PNG_SIGNATURE.every((value, i) => bytes[i] === value)) {
    const image = readPngGray(bytes, file);
    return checked(file, image.width, image.height, image.pixels);
  }
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 6)) !== 'MATLAB') {
    throw new ReadError(
      file,
      'tissue map is neither a PNG nor a MAT v5 file (expected a PNG signature or a "MATLAB" header)',
    );
  }
  const pclass = readMatV5(bytes, file, { names: new Set(['pclass']), columnMajor: true }).get('pclass');
  if (pclass === undefined) throw new ReadError(file, "expected a variable 'pclass' in the MAT file");
  if (pclass.dims.length !== 2)
    throw new ReadError(file, `'pclass' has dimensions ${pclass.dims.join('×')}, expected 2-D (height × width)`);
  const [height = 0, width = 0] = pclass.dims;
  return fromColumnMajor(file, width, height, pclass.data);
}

/** Tile side of the cache-friendly transposition (cells). */
const TILE = 64;

/** Validates and converts a column-major (MATLAB) class grid to row-major bytes, tile by tile. */
function fromColumnMajor(file: string, width: number, height: number, values: ArrayLike<number>): TissueMap {
  const classes = new Uint8Array(width * height);
  for (let c0 = 0; c0 < width; c0 += TILE) {
    const c1 = Math.min(width, c0 + TILE);
    for (let r0 = 0; r0 < height; r0 += TILE) {
      const r1 = Math.min(height, r0 + TILE);
      for (let c = c0; c < c1; c++) {
        const base = c * height;
        for (let r = r0; r < r1; r++) {
          const value = values[base + r]!;
          // Integers 0–8 only; NaN and fractions fail the equality.
          if (!(value >= 0 && value <= MAX_TISSUE_CLASS && (value | 0) === value)) invalidCell(file, r, c, value);
          classes[r * width + c] = value;
        }
      }
    }
  }
  return { cellUm: TISSUE_CELL_UM, width, height, classes };
}

function invalidCell(file: string, row: number, column: number, value: number): never {
  throw new ReadError(
    file,
    `tissue class at row ${row}, column ${column} is ${value}; expected an integer 0–${MAX_TISSUE_CLASS}`,
  );
}

function checked(file: string, width: number, height: number, values: ArrayLike<number>): TissueMap {
  const classes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? Number.NaN;
    if (!(Number.isInteger(value) && value >= 0 && value <= MAX_TISSUE_CLASS)) {
      const row = Math.floor(i / width);
      throw new ReadError(
        file,
        `tissue class at row ${row}, column ${i - row * width} is ${value}; expected an integer 0–${MAX_TISSUE_CLASS}`,
      );
    }
    classes[i] = value;
  }
  return { cellUm: TISSUE_CELL_UM, width, height, classes };
}
