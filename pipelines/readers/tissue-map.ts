import { readFile } from 'node:fs/promises';
import { streamMatV5Variable } from './mat-v5-stream';
import { PNG_SIGNATURE, readPngGray } from './png-gray';
import { ReadError } from './read-error';
import { ColumnMajorRunBuilder, runsOfRowMajor, toTissueMap, type TissueRuns } from './tissue-map-runs';
import type { TissueMap } from './types';

export { MAX_TISSUE_CLASS, type TissueRuns } from './tissue-map-runs';

/** µm per tissue-map cell: Cerberus writes the map at ¼ of its 0.5 µm/px processing grid. */
export const TISSUE_CELL_UM = 2;

/**
 * Reads a Cerberus tissue-type map — `.mat` with a 2-D `pclass` variable (scipy.io.savemat,
 * compressed or not, any numeric class) or an older 8-bit grey `.png` — into cells of 2 µm,
 * slide frame, origin top-left, row-major; the format is chosen by the file's magic bytes.
 */
export async function readTissueMap(path: string): Promise<TissueMap> {
  return toTissueMap(await readTissueRuns(path));
}

/**
 * Reads a tissue map (see {@link readTissueMap}) as row runs without ever holding the cell grid:
 * a compressed `.mat` is inflated and converted in 1 MB chunks, so memory stays at the file, one
 * chunk, two columns of runs and the run table (~10⁵ runs for a whole slide).
 */
export async function readTissueRuns(path: string): Promise<TissueRuns> {
  return parseTissueRuns(await readFile(path), path);
}

/** Decodes tissue-map bytes (see {@link readTissueRuns}); `file` only names the source in errors. */
export async function parseTissueRuns(bytes: Uint8Array, file: string): Promise<TissueRuns> {
  if (PNG_SIGNATURE.every((value, i) => bytes[i] === value)) {
    const image = readPngGray(bytes, file);
    return runsOfRowMajor(file, TISSUE_CELL_UM, image.width, image.height, image.pixels);
  }
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 6)) !== 'MATLAB') {
    throw new ReadError(
      file,
      'tissue map is neither a PNG nor a MAT v5 file (expected a PNG signature or a "MATLAB" header)',
    );
  }
  const builder = new ColumnMajorRunBuilder(file, 'pclass', TISSUE_CELL_UM);
  if (!(await streamMatV5Variable(bytes, file, 'pclass', builder)))
    throw new ReadError(file, "expected a variable 'pclass' in the MAT file");
  return builder.finish();
}
