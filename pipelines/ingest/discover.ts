/**
 * Finds per-slide result files in a results folder laid out like Cerberus output:
 * `<slide>.dat` (at the top or under `dat/`), tissue maps `tissue/<slide>.mat|png`; also HoVer-Net
 * `<slide>.json` (top or `json/`) and QuPath `<slide>.geojson`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ResultFormat } from './slide-task';

/** One discovered result: its file stem, path, format and tissue map if any. */
export interface DiscoveredResult {
  /** File name without extension, e.g. `TCGA-AA-3949-01Z-00-DX1.23748e80-…`. */
  readonly stem: string;
  readonly path: string;
  readonly format: ResultFormat;
  readonly tissuePath?: string;
}

const EXTENSIONS: readonly [string, ResultFormat][] = [
  ['.dat', 'cerberus-dat'],
  ['.geojson', 'qupath-geojson'],
  ['.json', 'hovernet-json'],
];

function filesIn(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory()
    ? readdirSync(dir)
        .filter((f) => !f.startsWith('.'))
        .sort()
    : [];
}

/** Lists result files of `resultsDir` (sorted by stem); throws when there are none or a stem repeats. */
export function discoverResults(resultsDir: string): DiscoveredResult[] {
  if (!existsSync(resultsDir) || !statSync(resultsDir).isDirectory())
    throw new Error(`results folder not found: ${resultsDir}`);
  const tissueDir = join(resultsDir, 'tissue');
  const tissue = new Map<string, string>();
  for (const file of filesIn(tissueDir)) {
    const match = /^(.*)\.(mat|png)$/.exec(file);
    // A .mat map is preferred over an older .png of the same slide.
    if (match && (!tissue.has(match[1]!) || match[2] === 'mat')) tissue.set(match[1]!, join(tissueDir, file));
  }
  const found = new Map<string, DiscoveredResult>();
  for (const dir of [resultsDir, join(resultsDir, 'dat'), join(resultsDir, 'json')]) {
    for (const file of filesIn(dir)) {
      const entry = EXTENSIONS.find(([ext]) => file.endsWith(ext));
      if (!entry) continue;
      const stem = basename(file, entry[0]);
      if (stem === 'slides' || stem === 'manifest') continue;
      const existing = found.get(stem);
      if (existing) throw new Error(`two result files for slide ${stem}: ${existing.path} and ${join(dir, file)}`);
      found.set(stem, {
        stem,
        path: join(dir, file),
        format: entry[1],
        ...(tissue.has(stem) ? { tissuePath: tissue.get(stem) } : {}),
      });
    }
  }
  if (found.size === 0)
    throw new Error(`no result files (.dat, .json, .geojson) in ${resultsDir} or its dat/ and json/ folders`);
  return [...found.values()].sort((a, b) => (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
}

/** Slide id of a result stem: the TCGA barcode before the first '.', else the whole stem. */
export function slideIdOfStem(stem: string): string {
  const dot = stem.indexOf('.');
  return dot > 0 ? stem.slice(0, dot) : stem;
}
