/**
 * Builds one slide's `nuclei_grid` rows (lib/registry/aggregate-tables.ts): the count and summed
 * area of nuclei per class per square cell at each of GRID_LEVELS_UM, ordered by (level, row,
 * col, class), from the stored float32 centroid and area columns. The cell sizes are powers of
 * two, so x / level is exact and the cells equal SQL's floor(x_um / level_um).
 */
import { GRID_LEVELS_UM } from '../../lib/registry';
import type { ColumnValues } from './staging-parquet';
import { sortByKey } from './radix-sort';

/** Class ids (0–6) take the lowest 3 bits of the sort key. */
const CLASS_KEYS = 8;

/** Grid rows of one level. */
function levelRows(
  level: number,
  x: Float32Array,
  y: Float32Array,
  classId: Int8Array,
  area: Float32Array,
  count: number,
): GridColumns {
  const col = new Int32Array(count);
  const row = new Int32Array(count);
  let minCol = Infinity, maxCol = -Infinity, minRow = Infinity, maxRow = -Infinity; // prettier-ignore
  for (let i = 0; i < count; i++) {
    const c = Math.floor(x[i]! / level);
    const r = Math.floor(y[i]! / level);
    col[i] = c;
    row[i] = r;
    if (c < minCol) minCol = c;
    if (c > maxCol) maxCol = c;
    if (r < minRow) minRow = r;
    if (r > maxRow) maxRow = r;
  }
  const cols = maxCol - minCol + 1;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    // Double arithmetic (a shift would wrap at 32 bits before the check could see it).
    const key = ((row[i]! - minRow) * cols + (col[i]! - minCol)) * CLASS_KEYS + classId[i]!;
    if (!(key >= 0 && key < 2 ** 32))
      throw new Error(
        `nuclei_grid: the nuclei span ${cols} × ${maxRow - minRow + 1} cells of ${level} µm, too many to index (a centroid far outside the slide?)`,
      );
    keys[i] = key;
  }
  const order = sortByKey(keys, count);
  let distinct = 0;
  for (let m = 0; m < count; m++) if (m === 0 || keys[order[m]!] !== keys[order[m - 1]!]) distinct++;
  const out = gridColumns(distinct);
  let at = 0;
  let m = 0;
  while (m < count) {
    const first = order[m]!;
    const key = keys[first]!;
    let n = 0;
    let sum = 0;
    for (; m < count && keys[order[m]!] === key; m++) {
      n++;
      sum += area[order[m]!]!;
    }
    out.level_um[at] = level;
    out.col[at] = col[first]!;
    out.row[at] = row[first]!;
    out.class_id[at] = classId[first]!;
    out.count[at] = n;
    out.area_sum_um2[at] = sum;
    at++;
  }
  return out;
}

interface GridColumns {
  level_um: Int16Array;
  col: Int32Array;
  row: Int32Array;
  class_id: Int8Array;
  count: Int32Array;
  area_sum_um2: Float64Array;
}

function gridColumns(rows: number): GridColumns {
  return {
    level_um: new Int16Array(rows),
    col: new Int32Array(rows),
    row: new Int32Array(rows),
    class_id: new Int8Array(rows),
    count: new Int32Array(rows),
    area_sum_um2: new Float64Array(rows),
  };
}

/** Grid rows of the stored nucleus columns (x_um, y_um, class_id, area_um2), plus the row count. */
export function buildNucleiGrid(
  nuclei: Readonly<Record<string, ColumnValues>>,
  count: number,
): { columns: Record<string, ColumnValues>; count: number } {
  const x = nuclei.x_um as Float32Array;
  const y = nuclei.y_um as Float32Array;
  const classId = nuclei.class_id as Int8Array;
  const area = nuclei.area_um2 as Float32Array;
  const levels = GRID_LEVELS_UM.map((level) => levelRows(level, x, y, classId, area, count));
  const rows = levels.reduce((sum, l) => sum + l.count.length, 0);
  const all = gridColumns(rows);
  let at = 0;
  for (const l of levels) {
    all.level_um.set(l.level_um, at);
    all.col.set(l.col, at);
    all.row.set(l.row, at);
    all.class_id.set(l.class_id, at);
    all.count.set(l.count, at);
    all.area_sum_um2.set(l.area_sum_um2, at);
    at += l.count.length;
  }
  return { columns: { ...all }, count: rows };
}
