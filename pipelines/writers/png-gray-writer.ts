import { crc32, deflateSync } from 'node:zlib';
import { writeFileAtomic } from '../dataset/atomic-write';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Encodes an 8-bit greyscale PNG (colour type 0, no interlace) from row-major pixels, origin top-left. */
export function encodePngGray(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width * height !== pixels.length
  ) {
    throw new RangeError(`PNG ${width}×${height} does not match ${pixels.length} pixels`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
  // Filter type 0 (None) on every row: tissue maps are large flat areas that deflate well as is.
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Buffer.concat(parts);
}

/** Writes an 8-bit greyscale PNG atomically (temp name, then rename). */
export async function writePngGray(path: string, width: number, height: number, pixels: Uint8Array): Promise<void> {
  writeFileAtomic(path, encodePngGray(width, height, pixels));
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
