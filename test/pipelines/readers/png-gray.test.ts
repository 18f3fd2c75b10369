import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPngGray } from '@/pipelines/readers/png-gray';
import { ReadError } from '@/pipelines/readers/read-error';

const path = (name: string): URL => new URL(`../../fixtures/tissue/${name}`, import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path(name)));
const expected = JSON.parse(readFileSync(path('pclass.expected.json'), 'utf8')) as {
  width: number;
  height: number;
  classes: number[];
};

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A hand-built PNG: IHDR fields as given, raw (already filtered) scanlines deflated into one IDAT. */
function png(
  width: number,
  height: number,
  bitDepth: number,
  colourType: number,
  raw: Uint8Array,
  interlace = 0,
): Uint8Array {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([bitDepth, colourType, 0, 0, interlace], 8);
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function fails(bytes: Uint8Array, pattern: RegExp): void {
  expect(() => readPngGray(bytes, 'bad.png')).toThrow(ReadError);
  expect(() => readPngGray(bytes, 'bad.png')).toThrow(pattern);
}

describe('readPngGray on PIL-written files', () => {
  for (const name of ['pclass.png', 'pclass-rgb.png', 'pclass-palette.png']) {
    it(`decodes ${name} to the grey values PIL reads`, () => {
      const image = readPngGray(fixture(name), name);
      expect([image.width, image.height]).toEqual([expected.width, expected.height]);
      expect(Array.from(image.pixels)).toEqual(expected.classes);
    });
  }

  it('undoes all five row filters (None, Sub, Up, Average, Paeth)', () => {
    const truth = JSON.parse(readFileSync(path('filters-all.expected.json'), 'utf8')) as { pixels: number[] };
    expect(Array.from(readPngGray(fixture('filters-all.png'), 'filters-all.png').pixels)).toEqual(truth.pixels);
  });
});

describe('readPngGray on bad input', () => {
  it('rejects a missing signature, a bad CRC and truncation', () => {
    fails(new TextEncoder().encode('GIF89a....'), /not a PNG file/);
    const corrupt = fixture('pclass.png');
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff; // inside IHDR data
    fails(corrupt, /bad\.png \(byte 8\): CRC mismatch in IHDR chunk/);
    const good = fixture('pclass.png');
    fails(good.subarray(0, good.length - 12), /truncated: expected another chunk before IEND/);
  });

  it('rejects colour types, bit depths and interlacing it cannot reduce to 8-bit grey', () => {
    fails(png(1, 1, 8, 4, Uint8Array.from([0, 1, 255])), /8-bit colour type 4; expected 8-bit greyscale \(0\)/);
    fails(png(1, 1, 16, 0, Uint8Array.from([0, 0, 1])), /16-bit colour type 0/);
    fails(png(1, 1, 8, 0, Uint8Array.from([0, 1]), 1), /interlaced \(Adam7\)/);
    fails(png(2, 1, 8, 2, Uint8Array.from([0, 1, 1, 1, 1, 2, 1])), /RGB pixel 1 is not grey/);
    fails(png(1, 1, 8, 3, Uint8Array.from([0, 0])), /palette PNG has no PLTE chunk/);
  });

  it('rejects bad filter types, corrupt zlib and image data of the wrong size', () => {
    fails(png(2, 1, 8, 0, Uint8Array.from([5, 1, 2])), /row 0 has filter type 5, expected 0–4/);
    fails(png(2, 1, 8, 0, Uint8Array.from([0, 1])), /inflates to 2 bytes, expected 3 from IHDR/);
    fails(png(2, 1, 8, 0, Uint8Array.from([0, 1, 2, 3])), /inflates to more than the 3 bytes IHDR implies/);
    const bytes = png(2, 1, 8, 0, Uint8Array.from([0, 1, 2]));
    const idatData = 8 + 25 + 8;
    bytes.fill(0xff, idatData, idatData + 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const length = view.getUint32(idatData - 8);
    view.setUint32(idatData + length, crc32(bytes.subarray(idatData - 4, idatData + length)));
    fails(bytes, /corrupt zlib data in IDAT/);
  });
});
