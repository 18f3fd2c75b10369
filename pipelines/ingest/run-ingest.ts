/**
 * `ingest`: results folder + slide table → Atlas dataset. Plans the slides (matching results to
 * the slide table, sharding, resuming), runs them on workers, then finalizes the dataset.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { MANIFEST_FILE, partitionFile } from '../../lib/contract/layout';
import type { Manifest } from '../../lib/contract/manifest';
import { openDuckDB } from '../../lib/db/open-duckdb';
import { PARTITIONED_TABLES, TABLES } from '../../lib/registry';
import { TEMP_SUFFIX } from '../dataset/atomic-write';
import type { Effects } from '../effects';
import { formatDuration, formatRate, Progress } from '../progress';
import { discoverResults, slideIdOfStem } from './discover';
import { finalizeDataset, readSlideRecords } from './finalize';
import { slideRecordPath, STATE_DIR } from './process-slide';
import { runSlideTasks } from './slide-runner';
import { readSlideTable, type SlideTableRow } from './slide-table';
import type { SlideTask } from './slide-task';

/** Options of one ingest run. */
export interface IngestOptions {
  readonly resultsDir: string;
  readonly outDir: string;
  readonly slidesPath?: string;
  readonly jobs: number;
  /** Process every `count`-th slide starting at `index` (0-based). */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly resume: boolean;
  readonly datasetId?: string;
  /** Level-0 µm/px for slides whose file and table do not state it. */
  readonly mpp?: number;
  /** Marks the dataset as simulated (the demo); never set for real model output. */
  readonly simulated?: boolean;
}

/** What a run did. */
export interface IngestReport {
  readonly planned: number;
  readonly skipped: number;
  readonly done: readonly string[];
  readonly failed: readonly { readonly slideId: string; readonly error: string }[];
  readonly warnings: readonly string[];
  readonly objects: { nuclei: number; glands: number; lumina: number };
  readonly dropped: number;
  readonly seconds: number;
  readonly manifest?: Manifest;
}

function fileStem(name: string): string {
  return basename(name).replace(/\.(svs|tif|tiff|ndpi|mrxs|scn|dat|json|geojson)$/i, '');
}

/** Matches discovered results to slide-table rows; returns the tasks and warnings. */
function planTasks(
  options: IngestOptions,
  rows: readonly SlideTableRow[] | undefined,
): { tasks: SlideTask[]; warnings: string[] } {
  const results = discoverResults(options.resultsDir);
  const warnings: string[] = [];
  const byStem = new Map(rows?.filter((r) => r.fileName).map((r) => [fileStem(r.fileName!), r]));
  const byId = new Map(rows?.map((r) => [r.slideId, r]));
  const tasks: SlideTask[] = [];
  const used = new Set<string>();
  for (const result of results) {
    const row = byStem.get(result.stem) ?? byId.get(slideIdOfStem(result.stem)) ?? byId.get(result.stem);
    const slideId = row?.slideId ?? slideIdOfStem(result.stem);
    if (used.has(slideId))
      throw new Error(
        `two result files map to slide ${slideId} (${result.path}); name them uniquely or list them with file_name in --slides`,
      );
    used.add(slideId);
    if (rows && !row)
      warnings.push(`result ${result.path} has no row in the slide table; ingested without clinical data`);
    const mpp = row?.mpp ?? options.mpp;
    tasks.push({
      slideId,
      resultPath: result.path,
      format: result.format,
      tissuePath: result.tissuePath,
      outDir: options.outDir,
      ...(mpp !== undefined ? { mpp } : {}),
    });
  }
  const missing = rows?.filter((r) => !used.has(r.slideId)) ?? [];
  if (missing.length > 0)
    warnings.push(
      `${missing.length} slide(s) in the slide table have no result file: ${missing
        .slice(0, 5)
        .map((r) => r.slideId)
        .join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  tasks.sort((a, b) => (a.slideId < b.slideId ? -1 : a.slideId > b.slideId ? 1 : 0));
  return { tasks, warnings };
}

function isSlideComplete(outDir: string, slideId: string): boolean {
  return (
    existsSync(slideRecordPath(outDir, slideId)) &&
    PARTITIONED_TABLES.every((t) => existsSync(join(outDir, partitionFile(t, slideId))))
  );
}

function removeTempFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeTempFiles(path);
    else if (entry.name.endsWith(TEMP_SUFFIX)) rmSync(path, { force: true });
  }
}

/** Empties an existing dataset folder for a fresh run; refuses folders that are not Atlas datasets. */
function prepareOutDir(outDir: string, resume: boolean): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new Error(`--out ${outDir} is a file, not a folder`);
  const entries = readdirSync(outDir);
  if (entries.length === 0) return;
  const isDataset = entries.includes(MANIFEST_FILE) || entries.includes(STATE_DIR);
  if (!isDataset)
    throw new Error(`--out ${outDir} is not empty and is not an Atlas dataset; choose an empty or new folder`);
  removeTempFiles(outDir);
  if (resume) return;
  for (const path of [MANIFEST_FILE, STATE_DIR, TABLES.slides.path, ...PARTITIONED_TABLES.map((t) => TABLES[t].path)])
    rmSync(join(outDir, path), { recursive: true, force: true });
}

/**
 * The tasks with the largest result files first (ties by slide id): with several workers the
 * small slides fill in at the end instead of one big slide running alone.
 */
function largestFirst(tasks: readonly SlideTask[]): SlideTask[] {
  const bytes = new Map(tasks.map((t) => [t, existsSync(t.resultPath) ? statSync(t.resultPath).size : 0]));
  return [...tasks].sort((a, b) => bytes.get(b)! - bytes.get(a)! || (a.slideId < b.slideId ? -1 : 1));
}

/** Runs an ingest; never throws for a bad slide (it is reported), throws for bad options or inputs. */
export async function runIngest(options: IngestOptions, effects: Effects): Promise<IngestReport> {
  const outDir = resolve(options.outDir);
  const rows = options.slidesPath ? readSlideTable(options.slidesPath) : undefined;
  const { tasks: allTasks, warnings } = planTasks({ ...options, outDir }, rows);
  const shard = options.shard;
  const shardTasks = shard ? allTasks.filter((_, k) => k % shard.count === shard.index) : allTasks;
  prepareOutDir(outDir, options.resume);
  // Mark the folder as a dataset before any slide writes into it: a run killed before its first
  // slide record must still be resumable (found by test/reliability/ingest-crash.test.ts).
  mkdirSync(join(outDir, STATE_DIR, 'slides'), { recursive: true });
  const tasks = options.resume ? shardTasks.filter((t) => !isSlideComplete(outDir, t.slideId)) : shardTasks;
  for (const warning of warnings) effects.err(`warning: ${warning}`);
  effects.err(
    `ingest: ${shardTasks.length} slide(s)${shard ? ` (shard ${shard.index + 1}/${shard.count} of ${allTasks.length})` : ''}, ${shardTasks.length - tasks.length} already done, ${options.jobs} job(s) → ${outDir}`,
  );

  const progress = new Progress(effects, 'ingest', tasks.length);
  const done: string[] = [];
  const failed: { slideId: string; error: string }[] = [];
  const objects = { nuclei: 0, glands: 0, lumina: 0 };
  let dropped = 0;
  await runSlideTasks(largestFirst(tasks), options.jobs, (outcome) => {
    if (outcome.ok) {
      const r = outcome.record;
      done.push(r.slideId);
      objects.nuclei += r.counts.nuclei;
      objects.glands += r.counts.glands;
      objects.lumina += r.counts.lumina;
      const d = Object.values(r.dropped).reduce((a, v) => a + v.degenerate + v.selfIntersecting, 0);
      dropped += d;
      progress.tick(
        r.counts.nuclei + r.counts.glands + r.counts.lumina,
        `${r.slideId}: ${r.counts.nuclei} nuclei, ${r.counts.glands} glands, ${r.counts.lumina} lumina${d ? `, ${d} invalid contours dropped` : ''}`,
      );
    } else {
      failed.push({ slideId: outcome.slideId, error: outcome.error });
      progress.tick(0, `${outcome.slideId}: FAILED — ${outcome.error}`);
    }
  });

  let manifest: Manifest | undefined;
  const recorded = new Set(readSlideRecords(outDir).map((r) => r.slideId));
  const complete = allTasks.every((t) => recorded.has(t.slideId) || failed.some((f) => f.slideId === t.slideId));
  if (!shard || complete) {
    const database = await openDuckDB({ threads: 1 });
    try {
      manifest = await finalizeDataset(outDir, rows ?? [], {
        datasetId: options.datasetId ?? (basename(outDir).toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'dataset'),
        source: options.simulated
          ? { kind: 'simulated', description: 'Simulated Cerberus-format objects on the real TCGA CRC slide list (not real model output)', simulated: true }
          : { kind: allTasks[0]?.format === 'hovernet-json' ? 'hovernet' : allTasks[0]?.format === 'qupath-geojson' ? 'qupath' : 'cerberus', description: `ingested from ${resolve(options.resultsDir)}`, simulated: false },
      }, database.connection); // prettier-ignore
    } finally {
      database.close();
    }
  } else
    warnings.push(
      `shard done; the dataset is finalized when the last shard finishes (or run ingest with --resume without --shard)`,
    );
  return {
    planned: shardTasks.length,
    skipped: shardTasks.length - tasks.length,
    done,
    failed,
    warnings,
    objects,
    dropped,
    seconds: progress.elapsedSeconds(),
    manifest,
  };
}

/** The final report as lines for the terminal. */
export function formatIngestReport(report: IngestReport): string[] {
  const total = report.objects.nuclei + report.objects.glands + report.objects.lumina;
  const lines = [
    `ingest finished in ${formatDuration(report.seconds)}: ${report.done.length} slide(s) done, ${report.skipped} skipped (already done), ${report.failed.length} failed`,
    `objects: ${report.objects.nuclei.toLocaleString('en-US')} nuclei, ${report.objects.glands.toLocaleString('en-US')} glands, ${report.objects.lumina.toLocaleString('en-US')} lumina (${formatRate(total / Math.max(report.seconds, 1e-9))} objects/s)`,
  ];
  if (report.dropped > 0)
    lines.push(`invalid contours dropped (degenerate or self-intersecting): ${report.dropped.toLocaleString('en-US')}`);
  for (const f of report.failed) lines.push(`FAILED ${f.slideId}: ${f.error}`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  if (report.manifest)
    lines.push(
      `dataset ${report.manifest.datasetId} v${report.manifest.version}: ${report.manifest.counts.slides} slides, ${report.manifest.files.length} files`,
    );
  return lines;
}
