/**
 * Loads a joblib file (`joblib.dump` output) from memory: plain pickles as they are, zlib- and
 * gzip-compressed ones (`compress=N`) inflated first. Other joblib compressors are refused by name.
 */
import { promisify } from 'node:util';
import { constants as bufferConstants } from 'node:buffer';
import { gunzip, inflate } from 'node:zlib';
import { ReadError } from '../read-error';
import type { RecordSink } from './record-batch';
import { unpickle, type PickleStats, type Reviver } from './vm';

const inflateAsync = promisify(inflate);
const gunzipAsync = promisify(gunzip);

/** How the pickle was stored on disk. */
export type JoblibCompression = 'none' | 'zlib' | 'gzip';

/** A decoded joblib file: the top-level value, pickle stream stats and the compression found. */
export interface JoblibContent {
  readonly value: unknown;
  readonly stats: PickleStats;
  readonly compression: JoblibCompression;
}

/** Detects joblib's compression from the leading magic bytes (joblib/compressor.py prefixes). */
export function detectCompression(bytes: Uint8Array): JoblibCompression | 'bz2' | 'xz' | 'lzma' | 'lz4' | 'zfile' {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0x80) return 'none';
  if (b0 === 0x78 && b1 !== undefined && ((b0 << 8) | b1) % 31 === 0) return 'zlib';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x42 && b1 === 0x5a && b2 === 0x68) return 'bz2';
  if (b0 === 0xfd && b1 === 0x37 && b2 === 0x7a) return 'xz';
  if (b0 === 0x5d && b1 === 0x00 && b2 === 0x00) return 'lzma';
  if (b0 === 0x04 && b1 === 0x22 && b2 === 0x4d) return 'lz4';
  if (b0 === 0x5a && b1 === 0x46) return 'zfile';
  return 'none';
}

/** Decodes a joblib file's bytes; `maxInflatedBytes` bounds decompression (default: the largest Buffer). */
export async function loadJoblib(
  bytes: Uint8Array,
  options: {
    readonly file: string;
    readonly reviver?: Reviver;
    readonly recordSink?: RecordSink;
    readonly maxInflatedBytes?: number;
  },
): Promise<JoblibContent> {
  const compression = detectCompression(bytes);
  let pickle = bytes;
  if (compression === 'zlib' || compression === 'gzip') {
    const maxOutputLength = Math.min(
      options.maxInflatedBytes ?? bufferConstants.MAX_LENGTH,
      bufferConstants.MAX_LENGTH,
    );
    try {
      pickle = await (compression === 'zlib' ? inflateAsync : gunzipAsync)(bytes, { maxOutputLength });
    } catch (error) {
      throw new ReadError(
        options.file,
        `cannot inflate ${compression}-compressed joblib file: ${(error as Error).message}`,
      );
    }
  } else if (compression !== 'none') {
    throw new ReadError(
      options.file,
      `joblib file compressed with ${compression} is not supported (re-save with compress=0 or 'zlib')`,
    );
  }
  const { file, reviver, recordSink } = options;
  const { value, stats } = unpickle(pickle, { file, reviver, ...(recordSink && { recordSink }) });
  return { value, stats, compression };
}
