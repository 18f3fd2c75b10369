/**
 * Slide viewer server work per request, in-process (query + DuckDB chunks → typed arrays → Arrow
 * IPC): viewport fetch p50/p95 per level of detail, bytes per nucleus point on the wire, and the
 * slide-wide cross-filtered histogram p50/p95. Datasets: smoke = the largest `test` slide
 * (≈ 3 k nuclei); quick = one `full`-profile slide at 25 % tissue area; full = one full-density
 * slide (≈ 630 k nuclei), simulated and ingested into workDir once. The slide is opened first, as
 * the slide page does (warmSlide: columns, contour blobs, whole-slide cells and feature domains into memory, timed as
 * its own figure); viewport fetches (40 per zoom at quick/full scale) and histograms then run against the warm slide. Runs in a child Node with the react-server
 * condition. Alone: `npx tsx bench/viewer.ts [scale] [workDir]`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './cohort';
import { childBench, runAsScript } from './child-process';
import type { Bench, BenchFigure } from './figure';
import { reusableDataset } from './work-dataset';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The dataset of `scale`, built once into `workDir` through the real pipeline CLI. */
async function viewerDataset(scale: string, workDir: string): Promise<string> {
  if (scale === 'smoke') return (await import('../test/support/test-dataset')).ensureTestDataset();
  const out = join(workDir, `viewer-${scale}-ds`);
  if (reusableDataset(out)) return out;
  const results = join(workDir, `viewer-${scale}-results`);
  const cli = (args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'pipelines/cli.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  cli([
    'simulate',
    '--profile',
    'full',
    '--slides',
    '1',
    ...(scale === 'quick' ? ['--scale', '0.25'] : []),
    '--out',
    results,
  ]);
  cli(['ingest', results, '--slides', join(results, 'slides.csv'), '--out', out, '--jobs', '1', '--simulated']);
  return out;
}

async function measure(scale: string, workDir: string): Promise<BenchFigure[]> {
  const dir = await viewerDataset(scale, workDir);
  const { openDataset } = await import('../lib/dataset/open-dataset');
  const { encodeArrowColumns } = await import('../lib/arrow/arrow-columns');
  const { loadNucleiLayer } = await import('../lib/server/viewer/nuclei-layer');
  const { loadHistograms } = await import('../lib/server/viewer/histograms');
  const { withSlideConnection } = await import('../lib/server/viewer/served-slide');
  const { warmSlide } = await import('../lib/server/viewer/warm-slide');
  const { chooseNucleiLod, fetchBoxFor, snapUmFor, viewBox } = await import('../lib/viewer/level-of-detail');
  const dataset = await openDataset(dir);
  const row = (
    await dataset.connection.runAndReadAll(
      'SELECT slide_id, width_um, height_um, nuclei_count FROM slides ORDER BY nuclei_count DESC LIMIT 1',
    )
  ).getRows()[0]!;
  const source = { dir: dataset.dir, slideId: String(row[0]) };
  const slide = { dataset, source };
  const [width, height, nuclei] = [Number(row[1]), Number(row[2]), Number(row[3])];
  const described = `1 slide, ${nuclei.toLocaleString('en-US')} nuclei, ${Math.round(width).toLocaleString('en-US')} × ${Math.round(height).toLocaleString('en-US')} µm; 1280 × 800 px viewports`;
  const repeats = scale === 'smoke' ? 10 : 40;
  let seed = 1;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const filter = { kind: 'nuclei' as const, classes: [2, 3, 6], ranges: [{ feature: 'area_um2', min: 25 }] };
  // Zooms (log2 px/µm) from whole slide to single nuclei; the LOD comes from the viewer's own rule.
  const fit = Math.log2(Math.min(1280 / width, 800 / height));
  const zooms = [fit, -3, -1.5, 0, 1.5].filter((z, i) => i === 0 || z > fit);
  const figures: BenchFigure[] = [];
  const openStart = performance.now();
  await warmSlide(dataset, source, dataset.manifest.version);
  figures.push({
    name: 'slide open: nucleus columns, contour blobs, whole-slide cells and feature domains into memory (once per slide, started by the slide page)',
    value: Math.round(performance.now() - openStart),
    unit: 'ms',
    dataset: described,
  });
  let pointBytes = 0;
  let points = 0;
  for (const zoom of zooms) {
    const times: number[] = [];
    let lodName = '';
    for (let i = 0; i < repeats; i++) {
      const view = viewBox(width * (0.3 + 0.4 * random()), height * (0.3 + 0.4 * random()), zoom, 1280, 800);
      const box = fetchBoxFor(view, snapUmFor(zoom));
      const area = (box.maxX - box.minX) * (box.maxY - box.minY);
      const lod = chooseNucleiLod(zoom, Math.min(nuclei, (nuclei * area) / (width * height)));
      lodName = lod.kind === 'grid' ? `grid ${lod.levelUm} µm` : lod.kind;
      const start = performance.now();
      const table = await withSlideConnection(slide, undefined, (viewer) =>
        loadNucleiLayer(viewer, {
          source,
          version: dataset.manifest.version,
          lod,
          box,
          filter: i % 2 ? filter : { kind: 'nuclei' },
          colorBy: i % 4 === 3 ? 'area_um2' : 'class',
        }),
      );
      const bytes = encodeArrowColumns(table);
      times.push(performance.now() - start);
      if (lod.kind === 'points' && i % 4 !== 3) {
        pointBytes += bytes.byteLength;
        points += table.length;
      }
    }
    for (const p of [0.5, 0.95])
      figures.push({
        name: `viewport fetch, zoom ${zoom.toFixed(1)} (${lodName}): p${p * 100}`,
        value: Math.round(percentile(times, p) * 10) / 10,
        unit: 'ms',
        dataset: described,
        target: p === 0.95 ? 'p95 ≤ 50 ms' : undefined,
      });
  }
  if (points > 0)
    figures.push({
      name: 'nucleus points on the wire',
      value: Math.round((pointBytes / points) * 100) / 100,
      unit: 'bytes/point',
      dataset: described,
      target: '≤ 12 bytes',
    });
  const histogramTimes: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const ranged = {
      ...filter,
      ranges: [
        { feature: 'area_um2', min: 20 + (i % 10) },
        { feature: 'eccentricity', max: 0.95 - i / 200 },
      ],
    };
    const start = performance.now();
    await withSlideConnection(slide, undefined, (viewer) =>
      loadHistograms(viewer, {
        source,
        version: dataset.manifest.version,
        kind: 'nuclei',
        filter: ranged,
        features: ['area_um2', 'eccentricity'],
        bins: 40,
      }),
    );
    if (i > 0) histogramTimes.push(performance.now() - start); // the first run also computes the cached domains
  }
  for (const p of [0.5, 0.95])
    figures.push({
      name: `cross-filter histograms (2 features + counts): p${p * 100}`,
      value: Math.round(percentile(histogramTimes, p) * 10) / 10,
      unit: 'ms',
      dataset: described,
      target: p === 0.95 ? 'p95 ≤ 30 ms' : undefined,
    });
  dataset.close();
  return figures;
}

/** Viewer viewport fetch and cross-filter histogram server times. */
export const viewerBench: Bench = childBench('viewer', SELF);

if (process.argv[1] === SELF) await runAsScript(SELF, measure);
