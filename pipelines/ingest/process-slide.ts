/**
 * Ingests one slide: read → measure and clean → spatial relations → Parquet partitions
 * (temp names, renamed together) → per-slide record, written last as the "done" marker.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { partitionFile } from '../../lib/contract/layout';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CLASS_DICTIONARIES, type PartitionedTableId } from '../../lib/registry';
import { tempPathFor, writeFileAtomic } from '../dataset/atomic-write';
import { sha256File } from '../dataset/manifest-writer';
import { writeTableParquet } from './parquet-writer';
import type { ColumnValues } from './staging-parquet';
import { prepareObjects } from './prepare-objects';
import { buildNucleiCube } from './nuclei-cube';
import { buildNucleiGrid } from './nuclei-grid';
import { quantizeColumns } from './quantize';
import { readSlideResult } from './read-result';
import { neighbourStatistics } from './neighbours';
import { containingGland, indexGlands, lumenDistances, tissueClassAt } from './relations';
import { glandsColumns, luminaColumns, nucleiColumns, tissueRunColumns } from './table-columns';
import { summariseSlide } from './slide-summary';
import type { SlideRecord, SlideTask, WrittenFile } from './slide-task';

/** Folder (inside the dataset) holding per-slide records; not part of the published dataset. */
export const STATE_DIR = '.ingest';

/** Path of a slide's record. */
export function slideRecordPath(outDir: string, slideId: string): string {
  return join(outDir, STATE_DIR, 'slides', `${slideId}.json`);
}

const EPITHELIAL = CLASS_DICTIONARIES.nucleus.find((c) => c.key === 'epithelial')!.id;
/** Rows per Parquet row group of object tables: ~16 k rows keep viewport pruning fine-grained. */
const OBJECT_ROW_GROUP = 16_384;

/** Processes one slide into its partitions and record; throws on bad input (nothing is left behind). */
export async function processSlide(task: SlideTask, connection: DuckDBConnection): Promise<SlideRecord> {
  const t0 = performance.now();
  const result = await readSlideResult(task);
  const t1 = performance.now();

  const nucleiPrep = prepareObjects(result.nuclei);
  const glandsPrep = prepareObjects(result.glands);
  const luminaPrep = prepareObjects(result.lumina);
  const nuclei = nucleiPrep.objects, glands = glandsPrep.objects, lumina = luminaPrep.objects; // prettier-ignore
  const glandIndex = indexGlands(glands);
  const nucleusGland = containingGland(glands, glandIndex, nuclei.count, nuclei.x, nuclei.y);
  const lumenGland = containingGland(glands, glandIndex, lumina.count, lumina.x, lumina.y);
  const { nnDistance, neighbours } = neighbourStatistics(nuclei.count, nuclei.x, nuclei.y);
  const nucleusTissue = tissueClassAt(result.tissue, nuclei.count, nuclei.x, nuclei.y);
  const lumenDistance = lumenDistances(
    nuclei.count,
    nuclei.x,
    nuclei.y,
    nucleusGland,
    (i) => nuclei.classId[i] === EPITHELIAL,
    lumina,
    lumenGland,
    glands.count,
  );
  const tables: [PartitionedTableId, Record<string, ColumnValues>, number][] = [
    [
      'nuclei',
      nucleiColumns(nuclei, { tissueClass: nucleusTissue, gland: nucleusGland, nnDistance, neighbours, lumenDistance }),
      nuclei.count,
    ],
    [
      'glands',
      glandsColumns(
        glands,
        tissueClassAt(result.tissue, glands.count, glands.x, glands.y),
        lumina,
        lumenGland,
        nuclei,
        nucleusGland,
      ),
      glands.count,
    ],
    [
      'lumina',
      luminaColumns(lumina, tissueClassAt(result.tissue, lumina.count, lumina.x, lumina.y), lumenGland),
      lumina.count,
    ],
  ];
  const runs = tissueRunColumns(result.tissue);
  tables.push(['tissue', runs.columns, runs.count]);
  for (const [table, columns] of tables) quantizeColumns(table, columns);
  const cube = buildNucleiCube(tables[0]![1], nuclei.count);
  tables.push(['nuclei_cube', cube.columns, cube.count]);
  const grid = buildNucleiGrid(tables[0]![1], nuclei.count);
  tables.push(['nuclei_grid', grid.columns, grid.count]);
  const features = summariseSlide(nuclei, nucleusTissue, glands, lumina, result.tissue);
  const t2 = performance.now();

  const temps = new Map<string, string>();
  const tempFor = (table: PartitionedTableId): string => {
    const target = join(task.outDir, partitionFile(table, task.slideId));
    mkdirSync(dirname(target), { recursive: true });
    const temp = tempPathFor(target);
    temps.set(target, temp);
    return temp;
  };
  try {
    for (const [table, columns, count] of tables) {
      await writeTableParquet(connection, table, columns, count, tempFor(table), { rowGroupSize: OBJECT_ROW_GROUP });
    }
    for (const [target, temp] of temps) renameSync(temp, target);
  } catch (error) {
    for (const temp of temps.values()) rmSync(temp, { force: true });
    throw error;
  }
  const outputs = [...temps.keys()].map((target): WrittenFile => {
    const stat = statSync(target);
    const path = relative(task.outDir, target).split(sep).join('/');
    return { path, bytes: stat.size, sha256: sha256File(target), mtimeMs: stat.mtimeMs };
  });
  const t3 = performance.now();

  const meta = result.metadata;
  const procMpp = meta.procMpp ?? 0.5;
  const fileMpp = meta.baseMpp ? (meta.baseMpp[0] + meta.baseMpp[1]) / 2 : undefined;
  const mpp = fileMpp ?? task.mpp ?? 0.5;
  const extent = (objects: typeof nuclei, axis: 'maxX' | 'maxY'): number =>
    objects[axis].reduce((m, v) => Math.max(m, v), 0);
  const widthUm = meta.procDimensions
    ? meta.procDimensions[0] * procMpp
    : result.tissue
      ? result.tissue.width * result.tissue.cellUm
      : Math.max(extent(nuclei, 'maxX'), extent(glands, 'maxX'));
  const heightUm = meta.procDimensions
    ? meta.procDimensions[1] * procMpp
    : result.tissue
      ? result.tissue.height * result.tissue.cellUm
      : Math.max(extent(nuclei, 'maxY'), extent(glands, 'maxY'));
  const inputs = [task.resultPath, ...(task.tissuePath ? [task.tissuePath] : [])].map((path) => {
    const stat = statSync(path);
    return { path, bytes: stat.size, mtimeMs: Math.floor(stat.mtimeMs) };
  });
  const record: SlideRecord = {
    slideId: task.slideId,
    source: [meta.format, ...meta.variant].join('; '),
    mpp,
    mppSource: fileMpp !== undefined ? 'file' : task.mpp !== undefined ? 'slide-table' : 'default',
    widthUm,
    heightUm,
    tissue: result.tissue
      ? { cellUm: result.tissue.cellUm, width: result.tissue.width, height: result.tissue.height }
      : null,
    counts: { nuclei: nuclei.count, glands: glands.count, lumina: lumina.count },
    dropped: { nuclei: nucleiPrep.dropped, glands: glandsPrep.dropped, lumina: luminaPrep.dropped },
    features,
    inputs,
    outputs,
    timings: { read: Math.round(t1 - t0), features: Math.round(t2 - t1), write: Math.round(t3 - t2) },
  };
  writeFileAtomic(slideRecordPath(task.outDir, task.slideId), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
