/**
 * Reads a Cerberus WSI result (`<slide>.dat`, a joblib pickle; see shared/notes/cerberus-format.md §2)
 * into the normalised SlideResult, without executing any Python and without one JS object per nucleus.
 * Record batches in the usual joblib layout are decoded straight into the columns (pickle/record-batch.ts);
 * everything else goes through the general pickle VM, with identical results.
 */
import { Buffer } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { ReadError } from './read-error';
import type { ObjectKind, ObjectTable, SlideResult } from './types';
import { parseDatMetadata, type DatMetadata, type MetadataForm } from './cerberus-dat-metadata';
import { RecordColumns, RecordRef } from './cerberus-dat-records';
import { buildTable, emptyTable } from './cerberus-dat-tables';
import { loadJoblib, type JoblibCompression } from './pickle/joblib';
import { PyDict, describeValue } from './pickle/values';
import { readTissueMap } from './tissue-map';

/** Cerberus processing resolution when the file does not state it, µm per pixel. */
export const DEFAULT_PROC_MPP = 0.5;

/** Options of readCerberusDat. */
export interface ReadCerberusDatOptions {
  /** Processing µm per pixel; overrides the file's own metadata (default: the file's, else 0.5). */
  readonly mpp?: number;
  /** Tissue-type map (`.mat` or `.png`) to read alongside. */
  readonly tissuePath?: string;
  /**
   * Decode joblib record batches with the pickle VM's fast path (default true). Results are identical
   * either way; false forces the general path, for tests and benchmarks.
   */
  readonly fastPath?: boolean;
}

/** What describeVariant needs: how the pickle and its metadata were written. */
export interface DatVariantInfo {
  readonly protocol: number;
  readonly compression: JoblibCompression;
  readonly paddedArrays: number;
  readonly unpaddedArrays: number;
  readonly metadataForm: MetadataForm;
  readonly globals: ReadonlySet<string>;
  readonly notes?: readonly string[];
}

const KINDS: readonly (readonly [string, ObjectKind])[] = [
  ['Nuclei', 'nuclei'],
  ['Gland', 'glands'],
  ['Lumen', 'lumina'],
];

/** Reads a Cerberus `.dat`; coordinates stay processing pixels (coordUnitUm = procMpp), centroids in µm. */
export async function readCerberusDat(path: string, options: ReadCerberusDatOptions = {}): Promise<SlideResult> {
  // Borrow this thread's spare buffer (a concurrent read on the thread finds none and allocates).
  const borrowed = spareBuffer;
  spareBuffer = undefined;
  let result: SlideResult;
  let used: Buffer | undefined;
  try {
    const read = await readWholeFile(path, borrowed).catch((error: NodeJS.ErrnoException) => {
      throw new ReadError(path, `cannot read file: ${error.code ?? error.message}`);
    });
    used = read.buffer;
    result = await parseCerberusDat(read.bytes, path, options);
  } finally {
    // The parsed result holds copies, never views of the file's bytes: the buffer is free again.
    spareBuffer = used !== undefined && used.length > (borrowed?.length ?? 0) ? used : borrowed;
  }
  if (options.tissuePath === undefined) return result;
  return { ...result, tissue: await readTissueMap(options.tissuePath) };
}

/**
 * This thread's idle read buffer: the next `.dat` read on the thread reuses it when large enough,
 * so a worker ingesting slide after slide stops faulting in fresh pages for every file (≈ 75 k
 * page faults per 300 MB file). Holds the largest file read so far on the thread.
 */
let spareBuffer: Buffer | undefined;

/** Largest single read (the fs API's limit is 2^31 - 1 bytes). */
const MAX_READ = 1 << 30;

/**
 * The file's bytes in as few reads as possible: readFile reads in 512 kB steps, each a round trip to the
 * thread pool, which on a busy machine costs more than the copying. Read into `spare` when it is large
 * enough; `buffer` is the whole allocation read into (absent for files that report no size, read by
 * readFile).
 */
async function readWholeFile(path: string, spare?: Buffer): Promise<{ bytes: Buffer; buffer?: Buffer }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return { bytes: await readFile(handle) };
    // A new buffer gets an eighth more room, so slightly larger files reuse it too.
    const buffer = spare !== undefined && spare.length >= size ? spare : Buffer.allocUnsafeSlow(size + (size >> 3));
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, Math.min(size - filled, MAX_READ), filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, filled), buffer };
  } finally {
    await handle.close();
  }
}

/** Decodes `.dat` bytes (see readCerberusDat); `file` only names the source in errors. */
export async function parseCerberusDat(
  bytes: Uint8Array,
  file: string,
  options: Pick<ReadCerberusDatOptions, 'mpp' | 'fastPath'> = {},
): Promise<SlideResult> {
  const columns = new RecordColumns();
  const reviver = (_key: unknown, value: unknown): unknown =>
    RecordColumns.isRecord(value) ? new RecordRef(columns.absorb(value)) : value;
  const content = await loadJoblib(bytes, {
    file,
    reviver,
    ...(options.fastPath !== false && { recordSink: columns }),
  });
  const top = content.value;
  if (!(top instanceof PyDict))
    throw new ReadError(file, `expected a dict at the top level, got ${describeValue(top)}`);
  if (!top.has('Nuclei')) throw new ReadError(file, 'no "Nuclei" key at the top level: not a Cerberus .dat');
  const metadata = parseDatMetadata(top, (detail) => {
    throw new ReadError(file, detail);
  });
  if (options.mpp !== undefined && !(options.mpp > 0 && Number.isFinite(options.mpp)))
    throw new ReadError(file, `invalid mpp option ${options.mpp}`);
  const procMpp = options.mpp ?? metadata.procMpp ?? DEFAULT_PROC_MPP;
  const fail = (detail: string, where: { kind: ObjectKind; id?: string }): never => {
    throw new ReadError(file, detail, where);
  };
  const tables = {} as Record<ObjectKind, ObjectTable>;
  for (const [key, kind] of KINDS) {
    const value = top.get(key);
    tables[kind] = value === undefined ? emptyTable(kind, procMpp) : buildTable(kind, value, columns, procMpp, fail);
  }
  const variant = describeVariant({
    ...content.stats,
    compression: content.compression,
    metadataForm: metadata.form,
    notes: variantNotes(metadata, options.mpp),
  });
  return {
    ...tables,
    metadata: {
      format: 'cerberus-dat',
      variant,
      procMpp,
      ...(metadata.baseMpp && { baseMpp: metadata.baseMpp }),
      ...(metadata.procDimensions && { procDimensions: metadata.procDimensions }),
      ...(metadata.baseDimensions && { baseDimensions: metadata.baseDimensions }),
    },
  };
}

function variantNotes(metadata: DatMetadata, mppOption: number | undefined): string[] {
  const notes = [...metadata.notes];
  if (mppOption !== undefined)
    notes.push(`processing resolution ${mppOption} µm/px from the mpp option (file: ${metadata.procMpp ?? 'none'})`);
  else if (metadata.procMpp === undefined)
    notes.push(`processing resolution not in file: assumed ${DEFAULT_PROC_MPP} µm/px`);
  return notes;
}

/** Human-readable notes on how a `.dat` was written: pickle protocol, joblib version family, compression, metadata form. */
export function describeVariant(info: DatVariantInfo): string[] {
  const variant = [`pickle protocol ${info.protocol}`];
  const { paddedArrays: padded, unpaddedArrays: unpadded } = info;
  if (padded > 0 && unpadded > 0) variant.push(`joblib arrays mixed: ${padded} padded, ${unpadded} unpadded`);
  else if (padded > 0) variant.push('joblib >= 1.2 (arrays padded to 16 bytes)');
  else if (unpadded > 0) variant.push('joblib < 1.2 (arrays not padded)');
  else variant.push('no numpy arrays');
  if (info.compression !== 'none') variant.push(`${info.compression}-compressed`);
  if ([...info.globals].some((name) => name.startsWith('numpy._core.'))) variant.push('numpy >= 2 module names');
  const forms: Record<MetadataForm, string> = {
    none: 'metadata: none',
    resolution: 'metadata: "resolution" (Cerberus 2022-10)',
    'proc-base': 'metadata: proc/base resolution and dimensions (Cerberus >= 2022-11)',
    mixed: 'metadata: both "resolution" and proc/base keys',
  };
  variant.push(forms[info.metadataForm], ...(info.notes ?? []));
  return variant;
}
