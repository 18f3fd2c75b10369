/**
 * `npm run pipeline -- inspect FILE [--json] [--mpp N]`: what a segmentation result file holds —
 * counts per kind and class, coordinate bounds, metadata and the format variant. JSON shape: docs/inspect-json.md.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CLASS_DICTIONARIES, type ClassDictionaryId } from '../../lib/registry/classes';
import { CliError } from '../cli-error';
import { readCerberusDat } from '../readers/cerberus-dat';
import { readHovernetJson } from '../readers/hovernet-json';
import { readQupathGeojson } from '../readers/qupath-geojson';
import { ReadError } from '../readers/read-error';
import type { ObjectKind, ObjectTable, ResultMetadata, SlideResult } from '../readers/types';
import type { Command } from './command';

/** Readers by file extension; each returns the same normalised SlideResult. */
const READERS: Readonly<Record<string, (path: string, mpp: number | undefined) => Promise<SlideResult>>> = {
  '.dat': (path, mpp) => readCerberusDat(path, mpp === undefined ? {} : { mpp }),
  '.json': (path, mpp) => readHovernetJson(path, mpp === undefined ? {} : { mpp }),
  '.geojson': (path, mpp) => {
    if (mpp === undefined) throw new CliError('QuPath GeoJSON has no resolution: pass --mpp (µm per level-0 pixel)');
    return readQupathGeojson(path, { mpp });
  },
};

const DICTIONARY: Record<ObjectKind, ClassDictionaryId> = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' };

/** Axis-aligned bounds of all ring vertices. */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Summary of one kind; bounds in ring-coordinate units (`px`, processing pixels for Cerberus) and in µm. */
export interface KindSummary {
  readonly count: number;
  readonly vertices: number;
  readonly coordUnitUm: number;
  readonly classes: readonly { readonly id: number; readonly key: string; readonly count: number }[];
  readonly bounds: { readonly px: Bounds; readonly um: Bounds } | null;
}

/** The `--json` output (docs/inspect-json.md). */
export interface InspectSummary {
  readonly file: string;
  readonly bytes: number;
  readonly format: string;
  readonly variant: readonly string[];
  readonly metadata: Omit<ResultMetadata, 'format' | 'variant'>;
  readonly kinds: Readonly<Record<ObjectKind, KindSummary>>;
  readonly tissue: { readonly width: number; readonly height: number; readonly cellUm: number } | null;
}

/** Summarises one kind's table: class histogram over the kind's dictionary and vertex bounds. */
export function summarizeTable(table: ObjectTable): KindSummary {
  const dictionary = CLASS_DICTIONARIES[DICTIONARY[table.kind]];
  const counts = new Map<number, number>(dictionary.map((c) => [c.id, 0]));
  for (const id of table.classId) counts.set(id, (counts.get(id) ?? 0) + 1);
  const classes = [...counts].map(([id, count]) => ({
    id,
    key: dictionary.find((c) => c.id === id)?.key ?? `unknown-${id}`,
    count,
  }));
  const coords = table.ringCoords;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < coords.length; k += 2) {
    const x = coords[k]!;
    const y = coords[k + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const unit = table.coordUnitUm;
  const bounds =
    coords.length === 0
      ? null
      : {
          px: { minX, minY, maxX, maxY },
          um: { minX: minX * unit, minY: minY * unit, maxX: maxX * unit, maxY: maxY * unit },
        };
  return { count: table.count, vertices: coords.length / 2, coordUnitUm: unit, classes, bounds };
}

/** Summarises a read result; `bytes` is the file size. */
export function summarizeResult(file: string, bytes: number, result: SlideResult): InspectSummary {
  const { format, variant, ...metadata } = result.metadata;
  const kinds = {
    nuclei: summarizeTable(result.nuclei),
    glands: summarizeTable(result.glands),
    lumina: summarizeTable(result.lumina),
  };
  const tissue = result.tissue
    ? { width: result.tissue.width, height: result.tissue.height, cellUm: result.tissue.cellUm }
    : null;
  return { file, bytes, format, variant, metadata, kinds, tissue };
}

/** The human-readable form of a summary, one line per item. */
export function formatSummary(summary: InspectSummary): string[] {
  const lines = [
    `${summary.file}: ${summary.format}, ${summary.bytes.toLocaleString('en-US')} bytes`,
    `variant: ${summary.variant.join('; ')}`,
  ];
  const meta = Object.entries(summary.metadata).map(
    ([key, value]) => `${key} ${Array.isArray(value) ? value.join(' × ') : String(value)}`,
  );
  lines.push(`metadata: ${meta.length > 0 ? meta.join(', ') : 'none'}`);
  for (const [kind, s] of Object.entries(summary.kinds)) {
    lines.push(
      `${kind}: ${s.count.toLocaleString('en-US')} (${s.classes.map((c) => `${c.id} ${c.key}: ${c.count}`).join(', ')}), ${s.vertices.toLocaleString('en-US')} vertices`,
    );
    if (s.bounds) {
      const { px, um } = s.bounds;
      lines.push(
        `  bounds: x ${px.minX}–${px.maxX}, y ${px.minY}–${px.maxY} (units of ${s.coordUnitUm} µm) = x ${um.minX}–${um.maxX} µm, y ${um.minY}–${um.maxY} µm`,
      );
    }
  }
  return lines;
}

function parseArgs(argv: readonly string[]): { file: string; json: boolean; mpp: number | undefined } {
  let file: string | undefined;
  let json = false;
  let mpp: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--mpp') {
      mpp = Number(argv[++i]);
      if (!(mpp > 0 && Number.isFinite(mpp))) throw new CliError('--mpp needs a positive number (µm per pixel)', 2);
    } else if (arg.startsWith('-')) throw new CliError(`unknown option ${arg}\n\n${inspectCommand.help}`, 2);
    else if (file === undefined) file = arg;
    else throw new CliError(`unexpected argument ${arg}`, 2);
  }
  if (file === undefined) throw new CliError(`missing FILE\n\n${inspectCommand.help}`, 2);
  return { file, json, mpp };
}

/** The `inspect` command. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'summarise a result file (.dat, HoVer-Net .json, QuPath .geojson)',
  help: [
    'usage: npm run pipeline -- inspect FILE [--json] [--mpp N]',
    '',
    'Reads FILE with the reader for its extension and prints counts per object kind and class,',
    'coordinate bounds, the metadata found and the format variant.',
    '',
    '  --json    print one JSON object (shape: docs/inspect-json.md)',
    '  --mpp N   processing µm per pixel (overrides the file; required for .geojson)',
  ].join('\n'),
  async run(argv, effects) {
    const { file, json, mpp } = parseArgs(argv);
    const read = READERS[extname(file).toLowerCase()];
    if (!read) throw new CliError(`${file}: unknown extension (expected one of ${Object.keys(READERS).join(', ')})`);
    try {
      const [result, info] = await Promise.all([read(file, mpp), stat(file)]);
      const summary = summarizeResult(file, info.size, result);
      if (json) effects.out(JSON.stringify(summary));
      else for (const line of formatSummary(summary)) effects.out(line);
      return 0;
    } catch (error) {
      if (error instanceof ReadError) throw new CliError(error.message, 1);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${file}: no such file`, 1);
      throw error;
    }
  },
};
