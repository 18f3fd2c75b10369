/**
 * Writes one simulated slide in the Cerberus WSI layout: `dat/<stem>.dat` (joblib pickle via
 * writeCerberusDat) and `tissue/<stem>.mat` (MAT v5, variable `pclass`, float32, 2 µm cells).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectKind } from '../readers/types';
import { writeCerberusDat, type CerberusDatObjects } from '../writers/joblib-writer';
import { writeMatV5 } from '../writers/mat-v5-writer';
import type { SimColumns } from './columns';
import { Random } from './random';
import type { SimulatedSlide } from './simulate-slide';

/** Processing resolution of Cerberus output, µm/px. */
export const PROC_MPP = 0.5;

/** Result-file stem of a GDC slide file name: the name without `.svs` (as Cerberus names its outputs). */
export function fileStem(fileName: string): string {
  return fileName.replace(/\.svs$/i, '');
}

/** Paths of a slide's outputs under `outDir`. */
export function slideOutputPaths(outDir: string, fileName: string): { dat: string; mat: string } {
  const stem = fileStem(fileName);
  return { dat: join(outDir, 'dat', `${stem}.dat`), mat: join(outDir, 'tissue', `${stem}.mat`) };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Deterministic uuid4-style hex keys (32 hex digits, version nibble 4), like Cerberus' `uuid.uuid4().hex`. */
function hexKeys(count: number, random: Random): string[] {
  const keys: string[] = new Array<string>(count);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 16; k += 4) {
      const word = Math.floor(random.next() * 4294967296);
      bytes[k] = word & 255;
      bytes[k + 1] = (word >>> 8) & 255;
      bytes[k + 2] = (word >>> 16) & 255;
      bytes[k + 3] = word >>> 24;
    }
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    let key = '';
    for (let k = 0; k < 16; k++) key += HEX[bytes[k]!]!;
    keys[i] = key;
  }
  return keys;
}

/** Views simulator columns as the writer's table (centroids in µm, rings in px). */
export function toDatObjects(columns: SimColumns, kind: ObjectKind, random: Random): CerberusDatObjects {
  const n = columns.count;
  const centroidX = new Float64Array(n);
  const centroidY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    centroidX[i] = columns.centroid[2 * i]! * PROC_MPP;
    centroidY[i] = columns.centroid[2 * i + 1]! * PROC_MPP;
  }
  return {
    kind,
    count: n,
    coordUnitUm: PROC_MPP,
    sourceIds: hexKeys(n, random),
    centroidX,
    centroidY,
    classId: columns.type.slice(0, n),
    classProb: Float32Array.from(columns.prob.subarray(0, n)),
    ringOffsets: columns.ringStart.slice(0, n + 1),
    ringCoords: columns.ring.slice(0, 2 * columns.vertexCount),
    box: columns.box.slice(0, 4 * n),
  };
}

/** Writes the slide's `.dat` and `.mat` (each atomically) under `outDir`. */
export async function writeSimulatedSlide(
  outDir: string,
  fileName: string,
  slide: SimulatedSlide,
  seed: number,
): Promise<void> {
  const paths = slideOutputPaths(outDir, fileName);
  await mkdir(join(outDir, 'dat'), { recursive: true });
  await mkdir(join(outDir, 'tissue'), { recursive: true });
  const { layout, truth } = slide;
  const keys = new Random(seed, `keys:${truth.slideId}`);
  const base = PROC_MPP / truth.mpp;
  await writeCerberusDat(paths.dat, {
    nuclei: toDatObjects(slide.nuclei, 'nuclei', keys),
    glands: slide.glands.count > 0 ? toDatObjects(slide.glands, 'glands', keys) : undefined,
    lumina: slide.lumina.count > 0 ? toDatObjects(slide.lumina, 'lumina', keys) : undefined,
    metadata: {
      procMpp: PROC_MPP,
      baseMpp: [truth.mpp, truth.mpp],
      procDimensions: [layout.widthPx, layout.heightPx],
      baseDimensions: [Math.round(layout.widthPx * base), Math.round(layout.heightPx * base)],
    },
  });
  await writeMatV5(
    paths.mat,
    [{ name: 'pclass', array: Float32Array.from(layout.tissue), rows: layout.mapHeight, cols: layout.mapWidth }],
    { compress: true },
  );
}
