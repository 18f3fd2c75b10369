/**
 * Small rasters the map draws as bitmaps: the tissue-type map (class codes → fixed registry
 * colours) and per-cell nucleus aggregates (class mix or feature mean per cell). Browser only
 * (canvas); the colour arithmetic comes from lib/viewer.
 */
import { numericColumn, type ArrowColumns } from '@/lib/arrow/arrow-columns';
import { CLASS_DICTIONARIES, toRgb } from '@/lib/registry';
import { classColorTable, rampColor } from '@/lib/viewer/color-scale';

/** A bitmap for deck.gl's BitmapLayer with its bounds [left, bottom, right, top] in µm (y down, so bottom > top). */
export interface MapBitmap {
  readonly canvas: HTMLCanvasElement;
  readonly bounds: [number, number, number, number];
}

function toCanvas(width: number, height: number, rgba: Uint8ClampedArray<ArrayBuffer>): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, width);
  canvas.height = Math.max(1, height);
  if (width > 0 && height > 0) canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}

/** The tissue raster (metadata width, height, bounds) as a bitmap; background (class 0) transparent. */
export function tissueBitmap(table: ArrowColumns): MapBitmap {
  const width = Number(table.metadata.width);
  const height = Number(table.metadata.height);
  const [minX, minY, maxX, maxY] = JSON.parse(table.metadata.bounds ?? '[0,0,0,0]') as number[];
  const codes = numericColumn(table, 'class_id');
  const colors = classColorTable('tissue');
  colors[3] = 0;
  const rgba = new Uint8ClampedArray(4 * width * height);
  for (let i = 0; i < codes.length; i++) rgba.set(colors.subarray(4 * codes[i]!, 4 * codes[i]! + 4), 4 * i);
  return { canvas: toCanvas(width, height, rgba), bounds: [minX!, maxY!, maxX!, minY!] };
}

/** Per-cell totals of a grid response, for tooltips: cell → count, and the drawn cell range. */
export interface GridCells {
  readonly levelUm: number;
  readonly col0: number;
  readonly row0: number;
  readonly width: number;
  readonly height: number;
  readonly totals: Float64Array;
}

const NUCLEUS_RGB = CLASS_DICTIONARIES.nucleus.map((c) => toRgb(c.color));

/** Grid rows (col, row, class_id, count[, value_sum, value_count]) as a bitmap: class-mix or feature-mean colour, opacity by density. */
export function gridBitmap(
  table: ArrowColumns,
  levelUm: number,
  valueDomain: [number, number] | null,
): { bitmap: MapBitmap; cells: GridCells } {
  const cols = numericColumn(table, 'col');
  const rows = numericColumn(table, 'row');
  const classes = numericColumn(table, 'class_id');
  const counts = numericColumn(table, 'count');
  let col0 = Infinity,
    row0 = Infinity,
    col1 = -Infinity,
    row1 = -Infinity;
  for (let i = 0; i < table.length; i++) {
    col0 = Math.min(col0, cols[i]!);
    col1 = Math.max(col1, cols[i]!);
    row0 = Math.min(row0, rows[i]!);
    row1 = Math.max(row1, rows[i]!);
  }
  const width = table.length ? col1 - col0 + 1 : 0;
  const height = table.length ? row1 - row0 + 1 : 0;
  const totals = new Float64Array(width * height);
  const sums = new Float64Array(3 * width * height);
  const valueSums = new Float64Array(width * height);
  const valueCounts = new Float64Array(width * height);
  const valueSum = valueDomain ? numericColumn(table, 'value_sum') : null;
  const valueCount = valueDomain ? numericColumn(table, 'value_count') : null;
  for (let i = 0; i < table.length; i++) {
    const cell = (rows[i]! - row0) * width + (cols[i]! - col0);
    const n = counts[i]!;
    const rgb = NUCLEUS_RGB[classes[i]!] ?? [128, 128, 128];
    totals[cell] = totals[cell]! + n;
    for (let k = 0; k < 3; k++) sums[3 * cell + k] = sums[3 * cell + k]! + n * rgb[k]!;
    if (valueSum && valueCount) {
      valueSums[cell] = valueSums[cell]! + valueSum[i]!;
      valueCounts[cell] = valueCounts[cell]! + valueCount[i]!;
    }
  }
  let max = 1;
  for (const total of totals) max = Math.max(max, total);
  const rgba = new Uint8ClampedArray(4 * width * height);
  for (let cell = 0; cell < totals.length; cell++) {
    const n = totals[cell]!;
    if (n === 0) continue;
    const rgb = valueDomain
      ? valueCounts[cell]! > 0
        ? rampColor((valueSums[cell]! / valueCounts[cell]! - valueDomain[0]) / (valueDomain[1] - valueDomain[0]))
        : [160, 160, 160]
      : [0, 1, 2].map((k) => sums[3 * cell + k]! / n);
    rgba.set([rgb[0]!, rgb[1]!, rgb[2]!, 90 + 165 * Math.sqrt(n / max)], 4 * cell);
  }
  const bounds: [number, number, number, number] = [
    col0 * levelUm,
    (row0 + height) * levelUm,
    (col0 + width) * levelUm,
    row0 * levelUm,
  ];
  return {
    bitmap: { canvas: toCanvas(width, height, rgba), bounds },
    cells: { levelUm, col0, row0, width, height, totals },
  };
}
