/**
 * Writes a Cerberus-shaped `.dat` (what `joblib.dump(result, path)` with joblib 1.2 and pickle
 * protocol 4 produces: NumpyArrayWrapper + 16-byte aligned inline arrays) from columnar tables,
 * streaming to a temporary file that is renamed into place.
 */
import { Buffer } from 'node:buffer';
import { open, rename, rm } from 'node:fs/promises';
import type { ObjectKind, ObjectTable } from '../readers/types';
import { PickleEmitter } from '../readers/pickle/emitter';
import { OP } from '../readers/pickle/opcodes';
import { tempPathFor } from '../dataset/atomic-write';

/** One kind's objects: an ObjectTable (ring coords must be in processing pixels) plus optional boxes. */
export interface CerberusDatObjects extends ObjectTable {
  /** [x0, y0, x1, y1] per object, processing px, max exclusive; derived from the ring when absent. */
  readonly box?: Int32Array;
}

/** The dict to write: nuclei always, glands/lumina when given, and the Cerberus ≥ 2022-11 metadata. */
export interface CerberusDatData {
  readonly nuclei: CerberusDatObjects;
  readonly glands?: CerberusDatObjects;
  readonly lumina?: CerberusDatObjects;
  readonly metadata?: {
    /** Processing µm/px (default: nuclei.coordUnitUm). */
    readonly procMpp?: number;
    /** Level-0 µm/px [x, y]. */
    readonly baseMpp?: readonly [number, number];
    /** [width, height] px; written (H, W) as Cerberus does. */
    readonly procDimensions?: readonly [number, number];
    readonly baseDimensions?: readonly [number, number];
  };
}

const KEYS: Record<ObjectKind, string> = { nuclei: 'Nuclei', glands: 'Gland', lumina: 'Lumen' };
const BATCH = 1000;
const DRAIN_BYTES = 8 << 20;

/** Writes `data` to `path` atomically (temp file + rename); the file loads with `joblib.load` and readCerberusDat. */
export async function writeCerberusDat(path: string, data: CerberusDatData): Promise<void> {
  const procMpp = data.metadata?.procMpp ?? data.nuclei.coordUnitUm;
  const temp = tempPathFor(path);
  const file = await open(temp, 'w');
  try {
    const out = new PickleEmitter();
    const drain = async (all: boolean) => {
      for (const chunk of out.take(all)) await file.write(chunk);
    };
    out.op(OP.PROTO);
    out.op(4);
    out.op(OP.EMPTY_DICT);
    out.op(OP.MARK);
    for (const table of [data.nuclei, data.glands, data.lumina]) {
      if (table === undefined) continue;
      if (table.coordUnitUm !== procMpp)
        throw new Error(`${table.kind}: coordUnitUm ${table.coordUnitUm} must equal the processing mpp ${procMpp}`);
      out.memoString(KEYS[table.kind]);
      await writeObjects(out, table, (o) => (o.pendingBytes > DRAIN_BYTES ? drain(false) : undefined));
    }
    writeMetadata(out, procMpp, data.metadata);
    out.op(OP.SETITEMS);
    out.op(OP.STOP);
    await drain(true);
    await file.close();
    await rename(temp, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

async function writeObjects(
  out: PickleEmitter,
  table: CerberusDatObjects,
  drain: (out: PickleEmitter) => Promise<void> | undefined,
): Promise<void> {
  const coords = Buffer.from(table.ringCoords.buffer, table.ringCoords.byteOffset, table.ringCoords.byteLength);
  const scratch = Buffer.alloc(32);
  const wide = table.kind !== 'nuclei';
  let wideCoords = Buffer.alloc(0);
  out.op(OP.EMPTY_DICT);
  for (let i = 0; i < table.count; i++) {
    if (i % BATCH === 0) out.op(OP.MARK);
    const id = table.sourceIds[i];
    out.string(id === undefined || id === '' ? `${table.kind[0]}${i.toString(16).padStart(31, '0')}` : id);
    out.op(OP.EMPTY_DICT);
    out.op(OP.MARK);
    const start = table.ringOffsets[i]!;
    const end = table.ringOffsets[i + 1]!;
    out.memoString('box');
    writeBox(scratch, table, i, start, end);
    out.array('i8', [4], scratch, 0, 32);
    out.memoString('centroid');
    const x = table.centroidX[i]! / table.coordUnitUm;
    const y = table.centroidY[i]! / table.coordUnitUm;
    if (wide) {
      writeInt64(scratch, Math.round(x), 0);
      writeInt64(scratch, Math.round(y), 8);
      out.array('i8', [2], scratch, 0, 16);
    } else {
      scratch.writeDoubleLE(x, 0);
      scratch.writeDoubleLE(y, 8);
      out.array('f8', [2], scratch, 0, 16);
    }
    out.memoString('contour');
    if (wide) {
      if (wideCoords.length < (end - start) * 16) wideCoords = Buffer.alloc((end - start) * 16);
      for (let k = 0; k < 2 * (end - start); k++) writeInt64(wideCoords, table.ringCoords[2 * start + k]!, 8 * k);
      out.array('i8', [end - start, 2], wideCoords, 0, (end - start) * 16);
    } else {
      out.array('i4', [end - start, 2], coords, start * 8, end * 8);
    }
    if (table.kind !== 'lumina') {
      out.memoString(table.kind === 'nuclei' ? 'prob' : 'type_prob');
      out.float(table.classProb[i]!);
      out.memoString('type');
      out.int(table.classId[i]!);
    }
    out.op(OP.SETITEMS);
    if (i % BATCH === BATCH - 1 || i === table.count - 1) {
      out.op(OP.SETITEMS);
      await drain(out);
    }
  }
}

/** The box as Cerberus stores it ([x0, y0, x1, y1], max exclusive), from `table.box` or the ring. */
function writeBox(scratch: Buffer, table: CerberusDatObjects, i: number, start: number, end: number): void {
  let box: [number, number, number, number];
  if (table.box) {
    box = [table.box[4 * i]!, table.box[4 * i + 1]!, table.box[4 * i + 2]!, table.box[4 * i + 3]!];
  } else {
    box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = start; k < end; k++) {
      const x = table.ringCoords[2 * k]!;
      const y = table.ringCoords[2 * k + 1]!;
      box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x + 1), Math.max(box[3], y + 1)];
    }
  }
  for (let k = 0; k < 4; k++) writeInt64(scratch, box[k]!, 8 * k);
}

/** Little-endian int64 of an integer within ±2^53, without BigInt. */
function writeInt64(buffer: Buffer, value: number, offset: number): void {
  const high = Math.floor(value / 4294967296);
  buffer.writeUInt32LE(value - high * 4294967296, offset);
  buffer.writeInt32LE(high, offset + 4);
}

function writeMetadata(out: PickleEmitter, procMpp: number, metadata: CerberusDatData['metadata']): void {
  const resolution = (key: string, write: () => void) => {
    out.memoString(key);
    out.op(OP.EMPTY_DICT);
    out.op(OP.MARK);
    out.memoString('resolution');
    write();
    out.memoString('units');
    out.memoString('mpp');
    out.op(OP.SETITEMS);
  };
  const vector = (type: 'i8' | 'f8', values: readonly [number, number]) => {
    const bytes = Buffer.alloc(16);
    if (type === 'f8') values.forEach((v, k) => bytes.writeDoubleLE(v, 8 * k));
    else values.forEach((v, k) => writeInt64(bytes, v, 8 * k));
    out.array(type, [2], bytes, 0, 16);
  };
  resolution('proc_resolution', () => out.float(procMpp));
  const base = metadata?.baseMpp;
  if (base) resolution('base_resolution', () => vector('f8', base));
  for (const [key, size] of [
    ['proc_dimensions', metadata?.procDimensions],
    ['base_dimensions', metadata?.baseDimensions],
  ] as const) {
    if (!size) continue;
    out.memoString(key);
    vector('i8', [size[1], size[0]]);
  }
}
