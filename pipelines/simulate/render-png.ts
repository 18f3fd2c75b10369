/**
 * Renders a simulated slide (or a crop of it) as an RGB PNG for eyeballing: the tissue map in
 * faint registry colours, glands and lumina as outlines, nuclei filled in their class colours.
 */
import { crc32, deflateSync } from 'node:zlib';
import { CLASS_DICTIONARIES } from '../../lib/registry/classes';
import type { SimColumns } from './columns';
import { CELL_UM } from './layout';
import { fillPolygon } from './raster';
import type { SimulatedSlide } from './simulate-slide';

type Rgb = readonly [number, number, number];

function hex(color: string): Rgb {
  return [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16), parseInt(color.slice(5, 7), 16)];
}

/** Encodes an 8-bit RGB PNG (colour type 2) from row-major RGB pixels, origin top-left. */
export function encodePngRgb(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3)
    throw new RangeError(`PNG ${width}×${height} does not match ${rgb.length / 3} pixels`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(3 * y * width, 3 * (y + 1) * width), y * (3 * width + 1) + 1);
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A view: top-left corner (µm, slide frame), size in output pixels and µm per output pixel. */
export interface RenderView {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly umPerPixel: number;
}

/** Renders `slide` in `view` to RGB pixels (the whole slide at 2 µm/px when `view` is omitted). */
export function renderSlide(
  slide: SimulatedSlide,
  view?: RenderView,
): { width: number; height: number; rgb: Uint8Array } {
  const { layout } = slide;
  const v = view ?? { x0: 0, y0: 0, width: layout.mapWidth, height: layout.mapHeight, umPerPixel: CELL_UM };
  const rgb = new Uint8Array(v.width * v.height * 3).fill(255);
  const tissueColours = CLASS_DICTIONARIES.tissue.map((c) => hex(c.color));
  for (let y = 0; y < v.height; y++) {
    for (let x = 0; x < v.width; x++) {
      const col = Math.floor((v.x0 + (x + 0.5) * v.umPerPixel) / CELL_UM);
      const row = Math.floor((v.y0 + (y + 0.5) * v.umPerPixel) / CELL_UM);
      if (col < 0 || row < 0 || col >= layout.mapWidth || row >= layout.mapHeight) continue;
      const cls = layout.tissue[row * layout.mapWidth + col]!;
      if (cls === 0) continue;
      const c = tissueColours[cls]!;
      for (let k = 0; k < 3; k++) rgb[3 * (y * v.width + x) + k] = Math.round(255 * 0.72 + c[k]! * 0.28);
    }
  }
  const toView = (columns: SimColumns, i: number): number[] => {
    const out: number[] = [];
    for (let k = columns.ringStart[i]!; k < columns.ringStart[i + 1]!; k++) {
      out.push(
        (columns.ring[2 * k]! * 0.5 - v.x0) / v.umPerPixel,
        (columns.ring[2 * k + 1]! * 0.5 - v.y0) / v.umPerPixel,
      );
    }
    return out;
  };
  const set = (x: number, y: number, c: Rgb): void => {
    if (x < 0 || y < 0 || x >= v.width || y >= v.height) return;
    rgb.set(c, 3 * (y * v.width + x));
  };
  const stroke = (xy: readonly number[], c: Rgb, thick: number): void => {
    const n = xy.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const steps = Math.ceil(Math.hypot(xy[2 * j]! - xy[2 * i]!, xy[2 * j + 1]! - xy[2 * i + 1]!) * 2) + 1;
      for (let s = 0; s <= steps; s++) {
        const px = xy[2 * i]! + ((xy[2 * j]! - xy[2 * i]!) * s) / steps;
        const py = xy[2 * i + 1]! + ((xy[2 * j + 1]! - xy[2 * i + 1]!) * s) / steps;
        for (let d = 0; d < thick; d++) {
          set(Math.floor(px) + d, Math.floor(py), c);
          set(Math.floor(px), Math.floor(py) + d, c);
        }
      }
    }
  };
  const thick = v.umPerPixel < 1 ? 2 : 1;
  for (let i = 0; i < slide.lumina.count; i++) {
    const xy = toView(slide.lumina, i);
    fillPolygon(xy, 1, v.width, v.height, (x, y) => set(x, y, [255, 255, 255]));
    stroke(xy, [150, 190, 230], thick);
  }
  const glandColours = CLASS_DICTIONARIES.gland.map((c) => hex(c.color));
  for (let i = 0; i < slide.glands.count; i++)
    stroke(toView(slide.glands, i), darken(glandColours[slide.glands.type[i]!]!), thick);
  const nucleusColours = CLASS_DICTIONARIES.nucleus.map((c) => hex(c.color));
  for (let i = 0; i < slide.nuclei.count; i++) {
    const xy = toView(slide.nuclei, i);
    const c = nucleusColours[slide.nuclei.type[i]!]!;
    let painted = false;
    fillPolygon(xy, 1, v.width, v.height, (x, y) => {
      set(x, y, c);
      painted = true;
    });
    if (!painted) set(Math.floor(xy[0]!), Math.floor(xy[1]!), c);
  }
  return { width: v.width, height: v.height, rgb };
}

function darken(c: Rgb): Rgb {
  return [Math.round(c[0] * 0.75), Math.round(c[1] * 0.75), Math.round(c[2] * 0.75)];
}
