import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMatV5 } from '@/pipelines/readers/mat-v5';
import { ReadError } from '@/pipelines/readers/read-error';
import { encodeMatV5 } from '@/pipelines/writers/mat-v5-writer';

// Plain Uint8Array copies: Buffer#slice would share memory between tests.
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/tissue/${name}`, import.meta.url)));

describe('readMatV5 on scipy.io.savemat files', () => {
  for (const name of ['all-classes.mat', 'all-classes-compressed.mat']) {
    it(`decodes every numeric class row-major (${name})`, () => {
      const vars = readMatV5(fixture(name), name);
      const signed = [-3, -2, -1, 0, 1, 2];
      const unsigned = [0, 1, 2, 3, 4, 5];
      const expected: Record<string, [string, string, number[]]> = {
        v_float64: ['double', 'Float64Array', signed],
        v_float32: ['single', 'Float32Array', signed],
        v_int8: ['int8', 'Int8Array', signed],
        v_uint8: ['uint8', 'Uint8Array', unsigned],
        v_int16: ['int16', 'Int16Array', signed],
        v_uint16: ['uint16', 'Uint16Array', unsigned],
        v_int32: ['int32', 'Int32Array', signed],
        v_uint32: ['uint32', 'Uint32Array', unsigned],
      };
      for (const [key, [className, arrayName, values]] of Object.entries(expected)) {
        const variable = vars.get(key);
        expect(variable?.className, key).toBe(className);
        expect(variable?.data.constructor.name, key).toBe(arrayName);
        expect(variable?.dims, key).toEqual([2, 3]);
        expect(Array.from(variable?.data ?? []), key).toEqual(values);
      }
      const cube = vars.get('cube');
      expect(cube?.dims).toEqual([2, 3, 4]);
      expect(Array.from(cube?.data ?? [])).toEqual(Array.from({ length: 24 }, (_, i) => i));
    });
  }

  it('skips char, struct and cell variables unless asked for them', () => {
    const vars = readMatV5(fixture('pclass-double-extras.mat'), 'x.mat');
    expect([...vars.keys()]).toEqual(['pclass']);
    expect(() => readMatV5(fixture('pclass-double-extras.mat'), 'x.mat', { names: new Set(['meta']) })).toThrow(
      /variable 'meta' has class struct, expected a numeric class/,
    );
  });

  it('decodes only the named variables', () => {
    const vars = readMatV5(fixture('all-classes-compressed.mat'), 'x.mat', { names: new Set(['v_uint8']) });
    expect([...vars.keys()]).toEqual(['v_uint8']);
  });
});

describe('readMatV5 on bad input', () => {
  const good = fixture('pclass.mat');
  const compressed = fixture('pclass-compressed.mat');
  const fails = (bytes: Uint8Array, pattern: RegExp, options = {}): void => {
    let error: unknown;
    try {
      readMatV5(bytes, 'bad.mat', options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).file).toBe('bad.mat');
    expect((error as ReadError).message).toMatch(pattern);
  };

  it('rejects short, foreign, big-endian and v7.3 headers', () => {
    fails(good.subarray(0, 100), /expected a 128-byte MAT v5 header/);
    fails(new Uint8Array(200), /expected the endianness indicator "IM"/);
    const bigEndian = good.slice();
    bigEndian.set([0x4d, 0x49], 126);
    fails(bigEndian, /big-endian MAT v5 files are not supported/);
    const v73 = good.slice();
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file'), 0);
    fails(v73, /MAT 7\.3 \(HDF5\) is not supported/);
  });

  it('rejects truncated elements with the byte offset', () => {
    fails(good.subarray(0, good.length - 10), /bad\.mat \(byte 128\): truncated: element of type 14 needs/);
    fails(good.subarray(0, 132), /truncated: expected an 8-byte element tag, 4 bytes left/);
  });

  it('rejects corrupt zlib data and inflation beyond the limit', () => {
    const corrupt = compressed.slice();
    corrupt.fill(0x55, 140, 160);
    fails(corrupt, /bad\.mat \(byte 128\): corrupt zlib data in compressed element/);
    fails(compressed, /inflates to more than 100 bytes \(limit\)/, { maxInflatedBytes: 100 });
  });

  it('rejects complex values and data sizes that do not match the dimensions', () => {
    fails(fixture('bad-complex.mat'), /variable 'pclass' is complex, expected a real array/);
    const bytes = encodeMatV5([{ name: 'a', array: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 }]);
    const view = new DataView(bytes.buffer);
    view.setInt32(128 + 8 + 16 + 8, 3, true); // first dimension 2 → 3
    fails(bytes, /variable 'a' has dimensions 3×2 but 32 bytes of Float64Array data/);
  });

  it('rejects an inner element that is not a matrix header', () => {
    const bogus = deflateSync(Buffer.from([14, 0, 0, 0, 8, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0]));
    const bytes = new Uint8Array(128 + 8 + bogus.length);
    bytes.set(good.subarray(0, 128));
    new DataView(bytes.buffer).setUint32(128, 15, true);
    new DataView(bytes.buffer).setUint32(132, bogus.length, true);
    bytes.set(bogus, 136);
    fails(bytes, /truncated: expected an 8-byte element tag|expected miUINT32 array flags/);
  });
});
