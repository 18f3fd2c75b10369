/**
 * Load: the production server on the demo dataset driven by autocannon — 50 concurrent clients
 * cycling through health, viewport (nuclei, polygons, tissue), per-slide histograms, cohort
 * counts/histograms and a multi-slide CSV export — reporting errors, p95 latency under load vs
 * idle (1 client, same mix) and the server's RSS. Alone: `npx tsx bench/load.ts [smoke|quick|full]`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../test/support/app-server';
import type { Bench, BenchFigure } from './figure';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = join(ROOT, 'data', 'datasets', 'demo');

interface Tracker {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', listener: (result: { errors: number; timeouts: number; non2xx: number; requests: { average: number }; statusCodeStats?: Record<string, { count: number }> }) => void): void; // prettier-ignore
}
type Autocannon = (options: Record<string, unknown>) => Tracker;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** One request path per kind of interactive or download traffic, over the given slides. */
export function requestMix(slides: readonly string[]): string[] {
  const box = (k: number) => `x0=${k * 500}&y0=${k * 500}&x1=${k * 500 + 4000}&y1=${k * 500 + 3000}`;
  const paths = [
    '/api/health',
    '/api/cohort/counts?kind=nuclei&n.class=2',
    '/api/cohort/histogram?kind=nuclei&feature=area_um2&bins=40',
  ];
  slides.slice(0, 8).forEach((slide, k) => {
    paths.push(`/api/slides/${slide}/nuclei?lod=points&${box(k)}&color=class`);
    paths.push(`/api/slides/${slide}/nuclei?lod=grid&level=64&x0=0&y0=0&x1=20000&y1=20000`);
    paths.push(`/api/slides/${slide}/polygons?kind=glands&${box(k)}`);
    paths.push(`/api/slides/${slide}/histograms?kind=nuclei&features=area_um2,eccentricity&bins=30`);
  });
  paths.push(
    `/api/export?format=csv&kind=nuclei&columns=area_um2,eccentricity&slides=${slides.slice(0, 20).join(',')}`,
  );
  return paths;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Runs autocannon and resolves to every response time (ms) plus its summary. */
function drive(url: string, paths: readonly string[], connections: number, seconds: number) {
  return new Promise<{ times: number[]; errors: number; non2xx: number; rps: number; statuses: string }>((done) => {
    const times: number[] = [];
    const tracker = autocannon({ url, connections, duration: seconds, timeout: 30, requests: paths.map((path) => ({ method: 'GET', path })) }); // prettier-ignore
    tracker.on('response', (_client, _status, _bytes, ms) => times.push(ms));
    tracker.on('done', (r) => {
      const statuses = Object.entries(r.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(' '); // prettier-ignore
      done({ times, errors: r.errors + r.timeouts, non2xx: r.non2xx, rps: r.requests.average, statuses });
    });
  });
}

/** Measures idle and loaded latency on the demo dataset (the app must be built: `npm run build`). */
export async function measureLoad(scale: string): Promise<BenchFigure[]> {
  const manifest = JSON.parse(readFileSync(join(DEMO, 'manifest.json'), 'utf8')) as { files: { path: string }[]; counts: { slides: number; nuclei: number } }; // prettier-ignore
  const slides = [
    ...new Set(manifest.files.flatMap((f) => /^nuclei\/slide_id=([^/]+)/.exec(f.path)?.[1] ?? [])),
  ].sort();
  const seconds = scale === 'smoke' ? 10 : 60;
  const server = await startAppServer(DEMO);
  try {
    const pid = server.process.pid!;
    const paths = requestMix(slides);
    await drive(server.url, paths, 1, 3); // warm-up: page cache, DuckDB metadata, JIT
    const rssIdle = rssMiB(pid);
    const idle = await drive(server.url, paths, 1, Math.min(15, seconds));
    let rssPeak = rssIdle;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 250);
    const loaded = await drive(server.url, paths, 50, seconds);
    clearInterval(sampler);
    const rssAfter = rssMiB(pid);
    const idleP95 = percentile(idle.times, 95);
    const loadP95 = percentile(loaded.times, 95);
    const dataset = `demo dataset: ${manifest.counts.slides} slides, ${manifest.counts.nuclei.toLocaleString('en-US')} nuclei; mix of ${paths.length} requests (health, viewport, histograms, cohort, 20-slide CSV export)`;
    return [
      {
        name: `load: errors + non-2xx (50 clients; ${loaded.errors} errors/timeouts; statuses ${loaded.statuses})`,
        value: loaded.errors + loaded.non2xx,
        unit: 'responses',
        dataset,
        target: '0',
      },
      { name: 'load: requests/s (50 clients)', value: loaded.rps, unit: 'req/s', dataset },
      { name: 'load: p95 latency (50 clients)', value: loadP95, unit: 'ms', dataset, baseline: { name: 'idle p95 (1 client)', value: idleP95, unit: 'ms' }, target: '≤ 3× idle p95' }, // prettier-ignore
      { name: 'load: p50 latency (50 clients)', value: percentile(loaded.times, 50), unit: 'ms', dataset, baseline: { name: 'idle p50', value: percentile(idle.times, 50), unit: 'ms' } }, // prettier-ignore
      { name: 'load: server RSS peak', value: rssPeak, unit: 'MiB', dataset, baseline: { name: 'RSS idle (after warm-up)', value: rssIdle, unit: 'MiB' } }, // prettier-ignore
      { name: 'load: server RSS after the run', value: rssAfter, unit: 'MiB', dataset },
    ];
  } finally {
    await server.stop();
  }
}

/** The load benchmark for `npm run bench`. */
export const loadBench: Bench = { name: 'load', run: ({ scale }) => measureLoad(scale) };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const figure of await measureLoad(process.argv[2] ?? 'smoke')) console.log(JSON.stringify(figure));
}
