/**
 * First map paint in CI's software-GL Chromium (issue 6: ≤ 3 s on the `test` and demo datasets):
 * the production server (`next start`; the app must be built) on each dataset, Debian Chromium
 * through playwright-core with a fresh profile, and for each of several slides the wall time from
 * navigation to the map's first rendered frame (the frame signal of test/support/map-frame.ts),
 * after one warm-up page load. Alone: `npx tsx bench/first-paint.ts [smoke|quick|full]`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openDataset } from '../lib/dataset/open-dataset';
import { startAppServer } from '../test/support/app-server';
import { hasChromium, launchBrowser } from '../test/support/browser';
import { ensureDemoDataset } from '../test/support/demo-dataset';
import { waitForMap } from '../test/support/map-frame';
import { ensureTestDataset } from '../test/support/test-dataset';
import type { Bench, BenchFigure } from './figure';

const SELF = fileURLToPath(import.meta.url);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The slides with the most nuclei (the heaviest first paints), most first. */
async function largestSlides(dir: string, count: number): Promise<{ id: string; nuclei: number }[]> {
  const dataset = await openDataset(dir, { threads: 1 });
  try {
    const reader = await dataset.connection.runAndReadAll(
      `SELECT slide_id, nuclei_count::BIGINT FROM slides ORDER BY nuclei_count DESC, slide_id LIMIT ${count}`,
    );
    return reader.getRows().map((r) => ({ id: String(r[0]), nuclei: Number(r[1]) }));
  } finally {
    dataset.close();
  }
}

/** Times first paints of up to `wanted` slides of the dataset at `dir` (whole-slide view, the page's default), after a warm-up on another slide. */
async function measureDataset(name: string, dir: string, wanted: number): Promise<BenchFigure[]> {
  const slides = await largestSlides(dir, wanted + 1);
  if (slides.length < 2) throw new Error(`${name} dataset: first paint needs at least 2 slides (one to warm up)`);
  const loads = Math.min(wanted, slides.length - 1);
  const server = await startAppServer(dir);
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    const open = async (slide: string): Promise<number> => {
      const page = await browser.context.newPage();
      try {
        const started = performance.now();
        const response = await page.goto(`${server.url}/slides/${slide}`);
        if (response?.status() !== 200) throw new Error(`GET /slides/${slide} answered ${response?.status()}`);
        await waitForMap(page);
        return performance.now() - started;
      } finally {
        await page.close();
      }
    };
    await open(slides[loads]!.id); // warm-up: route modules, page JS, DuckDB metadata
    const times: number[] = [];
    const loadBefore = loadavg()[0]!;
    for (const slide of slides.slice(0, loads)) times.push(await open(slide.id));
    const described = `${name} dataset, ${loads} largest slides (${slides[0]!.nuclei.toLocaleString('en-US')} nuclei max), whole-slide view, 1280 × 800, SwiftShader WebGL2; load ${loadBefore.toFixed(1)} on ${availableParallelism()} cores`;
    return [
      { name: `first map paint (${name}): median`, value: percentile(times, 50), unit: 'ms', dataset: described, target: '≤ 3,000 ms' }, // prettier-ignore
      { name: `first map paint (${name}): max`, value: Math.max(...times), unit: 'ms', dataset: described, target: '≤ 3,000 ms' }, // prettier-ignore
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** First paint on the test and demo datasets. */
export async function measureFirstPaint(scale: string): Promise<BenchFigure[]> {
  if (!hasChromium()) throw new Error('first-paint needs Chromium at /usr/bin/chromium (apt-get install -y chromium)');
  const loads = scale === 'smoke' ? 3 : 7;
  return [
    ...(await measureDataset('test', await ensureTestDataset(), loads)),
    ...(await measureDataset('demo', await ensureDemoDataset(), loads)),
  ];
}

/** The first-paint benchmark for `npm run bench`. */
export const firstPaintBench: Bench = { name: 'first-paint', run: ({ scale }) => measureFirstPaint(scale) };

if (process.argv[1] === SELF) {
  for (const figure of await measureFirstPaint(process.argv[2] ?? 'smoke')) console.log(JSON.stringify(figure));
}
