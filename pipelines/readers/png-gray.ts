import { crc32, inflateSync } from 'node:zlib';
import { ReadError } from './read-error';

/** An 8-bit single-channel image, row-major, origin top-left. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** The 8-byte signature every PNG file starts with. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const MAX_RAW_BYTES = 2 ** 31;
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1 };

/**
 * Decodes a non-interlaced 8-bit PNG to one grey value per pixel: greyscale as is, and palette or
 * RGB images only when every colour used is grey (r = g = b); anything else is a ReadError.
 * Chunk CRCs are verified and the decompressed size is bounded by the IHDR dimensions.
 */
export function readPngGray(bytes: Uint8Array, file: string): GrayImage {
  if (bytes.length < 8 || PNG_SIGNATURE.some((value, i) => bytes[i] !== value))
    throw new ReadError(file, 'not a PNG file: expected the 8-byte PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (!ended) {
    if (offset + 12 > bytes.length)
      throw new ReadError(file, 'truncated: expected another chunk before IEND', { offset });
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length)
      throw new ReadError(file, `truncated ${type} chunk: needs ${length} bytes`, { offset });
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) {
      throw new ReadError(file, `CRC mismatch in ${type} chunk`, { offset });
    }
    if (type === 'IHDR') {
      const header = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = header.getUint32(0);
      height = header.getUint32(4);
      const [bitDepth, colour, , , interlace] = data.subarray(8, 13);
      colourType = colour ?? -1;
      if (bitDepth !== 8 || CHANNELS[colourType] === undefined) {
        throw new ReadError(
          file,
          `PNG is ${bitDepth}-bit colour type ${colourType}; expected 8-bit greyscale (0), palette (3) or RGB (2)`,
        );
      }
      if (interlace !== 0) throw new ReadError(file, 'PNG is interlaced (Adam7); expected a non-interlaced image');
      if (width === 0 || height === 0 || (width * (CHANNELS[colourType] ?? 1) + 1) * height > MAX_RAW_BYTES)
        throw new ReadError(file, `PNG size ${width}×${height} is empty or too large`);
    } else if (type === 'PLTE') {
      palette = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }
  if (colourType < 0) throw new ReadError(file, 'PNG has no IHDR chunk');
  const channels = CHANNELS[colourType] ?? 1;
  const stride = width * channels;
  const expected = (stride + 1) * height;
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const detail =
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `image data inflates to more than the ${expected} bytes IHDR implies`
        : `corrupt zlib data in IDAT: ${(error as Error).message}`;
    throw new ReadError(file, detail);
  }
  if (raw.length !== expected)
    throw new ReadError(file, `image data inflates to ${raw.length} bytes, expected ${expected} from IHDR`);
  const samples = unfilter(raw, stride, height, channels, file);
  return { width, height, pixels: toGray(samples, colourType, palette, file) };
}

function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number, file: string): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] ?? 0;
      const a = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[prev + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (out[prev + x - bpp] ?? 0) : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) predictor = paeth(a, b, c);
      else throw new ReadError(file, `row ${y} has filter type ${filter}, expected 0–4`);
      out[row + x] = (value + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toGray(samples: Uint8Array, colourType: number, palette: Uint8Array | undefined, file: string): Uint8Array {
  if (colourType === 0) return samples;
  if (colourType === 2) {
    const gray = new Uint8Array(samples.length / 3);
    for (let i = 0; i < gray.length; i++) {
      const r = samples[3 * i] ?? 0;
      if (samples[3 * i + 1] !== r || samples[3 * i + 2] !== r)
        throw new ReadError(file, `RGB pixel ${i} is not grey; expected r = g = b`);
      gray[i] = r;
    }
    return gray;
  }
  if (palette === undefined) throw new ReadError(file, 'palette PNG has no PLTE chunk');
  const gray = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const index = samples[i] ?? 0;
    const r = palette[3 * index];
    if (r === undefined || palette[3 * index + 1] !== r || palette[3 * index + 2] !== r) {
      throw new ReadError(file, `palette entry ${index} (pixel ${i}) is missing or not grey; expected r = g = b`);
    }
    gray[i] = r;
  }
  return gray;
}
