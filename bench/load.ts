/**
 * Load: the production server on the demo dataset, four runs (docs/reliability.md §5):
 * - idle: 1 client, back-to-back, the whole mix — the baseline latencies per request class;
 * - saturation: 50 clients back-to-back (closed loop) — throughput and latency at capacity;
 * - users: 50 users each walking the mix with exponential think time (ATLAS_LOAD_THINK_MS, mean) —
 *   the target check: 0 errors, interactive p95 ≤ 3× idle, RSS bounded;
 * - starvation: 50 users on the interactive part only, without and then with 4 clients pulling
 *   20-slide exports back-to-back — heavy exports must not slow interactive requests.
 * Alone: `npx tsx bench/load.ts [smoke|quick|full]` (the app must be built: `npm run build`).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../test/support/app-server';
import { seededRandom as random } from '../test/support/seeded-random';
import type { Bench, BenchFigure } from './figure';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = join(ROOT, 'data', 'datasets', 'demo');
const USERS = 50;
const EXPORTERS = 4;
/** Clients give up after this long (browsers have no timeout; the heavy lane answers 503 after 60 s of waiting). */
const CLIENT_TIMEOUT_MS = 120_000;

/** Interactive (viewport-sized, from the cube) or heavy (exports, cohort-wide scans): the server's lanes. */
type RequestClass = 'interactive' | 'heavy';

/** One request of the mix and the lane it runs in on the server. */
export interface MixRequest {
  readonly path: string;
  readonly class: RequestClass;
}

interface Sample {
  readonly path: string;
  readonly class: RequestClass;
  readonly ms: number;
  /** HTTP status, or 0 for a network error or timeout. */
  readonly status: number;
  /** Why a request without status failed (error code or name). */
  readonly error?: string;
}

/** The request mix over the given slides: viewport, per-slide and cohort requests plus one 20-slide CSV export. */
export function requestMix(slides: readonly string[]): MixRequest[] {
  const box = (k: number) => `x0=${k * 500}&y0=${k * 500}&x1=${k * 500 + 4000}&y1=${k * 500 + 3000}`;
  const interactive = (path: string): MixRequest => ({ path, class: 'interactive' });
  const mix = [
    interactive('/api/health'),
    interactive('/api/cohort/counts?kind=nuclei&n.class=2'),
    // Data-driven bins scan every nucleus of the cohort: heavy lane.
    { path: '/api/cohort/histogram?kind=nuclei&feature=area_um2&bins=40', class: 'heavy' as const },
  ];
  slides.slice(0, 8).forEach((slide, k) => {
    mix.push(interactive(`/api/slides/${slide}/nuclei?lod=points&${box(k)}&color=class`));
    mix.push(interactive(`/api/slides/${slide}/nuclei?lod=grid&level=64&x0=0&y0=0&x1=20000&y1=20000`));
    mix.push(interactive(`/api/slides/${slide}/polygons?kind=glands&${box(k)}`));
    mix.push(interactive(`/api/slides/${slide}/histograms?kind=nuclei&features=area_um2,eccentricity&bins=30`));
  });
  mix.push({ path: exportPath(slides), class: 'heavy' });
  return mix;
}

function exportPath(slides: readonly string[]): string {
  return `/api/export?format=csv&kind=nuclei&columns=area_um2,eccentricity&slides=${slides.slice(0, 20).join(',')}`;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Lets requests that outlived a run finish before the next one starts. */
const settle = () => new Promise((done) => setTimeout(done, 3000));

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * `users` simulated people, each walking `mix` from a random start and thinking an exponential
 * time of mean `thinkMs` after each answer (0: back-to-back); every response body is read fully.
 */
async function driveUsers(
  url: string,
  mix: readonly MixRequest[],
  users: number,
  seconds: number,
  thinkMs: number,
  seed: number,
): Promise<Sample[]> {
  // prettier-ignore
  const samples: Sample[] = [];
  const end = performance.now() + seconds * 1000;
  const user = async (id: number): Promise<void> => {
    const next = random(seed * 1000 + id);
    let index = Math.floor(next() * mix.length);
    await new Promise((wait) => setTimeout(wait, next() * thinkMs));
    while (performance.now() < end) {
      const request = mix[index++ % mix.length]!;
      const started = performance.now();
      let status = 0;
      let error: string | undefined;
      try {
        const response = await fetch(url + request.path, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
        await response.arrayBuffer();
        status = response.status;
      } catch (thrown) {
        const cause = (thrown as { cause?: { code?: string; message?: string } }).cause;
        error = cause?.code ?? cause?.message ?? (thrown as Error).name;
      }
      samples.push({ ...request, ms: performance.now() - started, status, ...(error ? { error } : {}) });
      if (thinkMs > 0) await new Promise((wait) => setTimeout(wait, -Math.log(1 - next()) * thinkMs));
    }
  };
  await Promise.all(Array.from({ length: users }, (_, id) => user(id)));
  return samples;
}

/** Errors, rate and latency percentiles of the samples of one class (all classes when omitted). */
function summarize(samples: readonly Sample[], seconds: number, only?: RequestClass) {
  const mine = samples.filter((s) => only === undefined || s.class === only);
  const ok = mine.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.ms);
  const statuses = new Map<string, number>();
  for (const s of mine)
    if (s.status < 200 || s.status >= 300)
      statuses.set(s.error ?? String(s.status), (statuses.get(s.error ?? String(s.status)) ?? 0) + 1);
  return {
    n: mine.length,
    errors: mine.length - ok.length,
    statuses: [...statuses].map(([code, count]) => `${code}×${count}`).join(' ') || 'none',
    rps: mine.length / seconds,
    p50: percentile(ok, 50),
    p95: percentile(ok, 95),
  };
}

/** Prints p50/p95 and failures per route (path up to its query) to stderr: which requests are slow. */
function printRoutes(run: string, samples: readonly Sample[]): void {
  const routes = new Map<string, Sample[]>();
  for (const s of samples) {
    const route = s.path.split('?')[0]!.replace(/\/slides\/[^/]+\//, '/slides/…/') + (s.path.includes('lod=grid') ? ' grid' : ''); // prettier-ignore
    routes.set(route, [...(routes.get(route) ?? []), s]);
  }
  console.error(`── ${run}`);
  for (const [route, list] of routes) {
    const ok = list.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.ms);
    console.error(`${route.padEnd(40)} n=${String(list.length).padStart(5)} failed=${list.length - ok.length} p50=${percentile(ok, 50).toFixed(0)} p95=${percentile(ok, 95).toFixed(0)} ms`); // prettier-ignore
  }
}

/** Figures of one run: errors, rate, and per class p50/p95 against the idle baseline. */
function runFigures(
  run: string,
  samples: readonly Sample[],
  seconds: number,
  idle: readonly Sample[],
  idleSeconds: number,
  dataset: string,
): BenchFigure[] {
  // prettier-ignore
  const all = summarize(samples, seconds);
  if (process.env.ATLAS_LOAD_DETAIL) printRoutes(run, samples);
  const figures: BenchFigure[] = [
    { name: `load ${run}: errors + non-2xx (of ${all.n}; ${all.statuses})`, value: all.errors, unit: 'responses', dataset, target: '0' }, // prettier-ignore
    { name: `load ${run}: requests/s`, value: all.rps, unit: 'req/s', dataset },
  ];
  for (const cls of ['interactive', 'heavy'] as const) {
    const loaded = summarize(samples, seconds, cls);
    if (loaded.n === 0) continue;
    const base = summarize(idle, idleSeconds, cls);
    const target = cls === 'interactive' ? { target: '≤ 3× idle p95' } : {};
    figures.push(
      { name: `load ${run}: ${cls} p95 (${loaded.n} requests; ${(loaded.p95 / base.p95).toFixed(1)}× idle)`, value: loaded.p95, unit: 'ms', dataset, baseline: { name: `idle ${cls} p95`, value: base.p95, unit: 'ms' }, ...target }, // prettier-ignore
      { name: `load ${run}: ${cls} p50`, value: loaded.p50, unit: 'ms', dataset, baseline: { name: `idle ${cls} p50`, value: base.p50, unit: 'ms' } }, // prettier-ignore
    );
  }
  return figures;
}

/** Measures the four runs on the demo dataset (the app must be built: `npm run build`). */
export async function measureLoad(scale: string): Promise<BenchFigure[]> {
  const manifest = JSON.parse(readFileSync(join(DEMO, 'manifest.json'), 'utf8')) as { files: { path: string }[]; counts: { slides: number; nuclei: number } }; // prettier-ignore
  const slides = [
    ...new Set(manifest.files.flatMap((f) => /^nuclei\/slide_id=([^/]+)/.exec(f.path)?.[1] ?? [])),
  ].sort();
  const seconds = scale === 'smoke' ? 10 : scale === 'quick' ? 30 : 60;
  const thinkMs = Number(process.env.ATLAS_LOAD_THINK_MS ?? 3000);
  const server = await startAppServer(DEMO);
  try {
    const pid = server.process.pid!;
    const mix = requestMix(slides);
    const interactiveMix = mix.filter((r) => r.class === 'interactive');
    const exports = [{ path: exportPath(slides), class: 'heavy' as const }];
    await driveUsers(server.url, mix, 1, 3, 0, 1); // warm-up: page cache, DuckDB metadata, JIT
    const rssIdle = rssMiB(pid);
    const idleSeconds = Math.min(20, seconds);
    const idle = await driveUsers(server.url, mix, 1, idleSeconds, 0, 2);
    let rssPeak = rssIdle;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 250);
    const load: number[] = [loadavg()[0]!];
    const saturation = await driveUsers(server.url, mix, USERS, seconds, 0, 3);
    await settle();
    load.push(loadavg()[0]!);
    const users = await driveUsers(server.url, mix, USERS, seconds, thinkMs, 4);
    await settle();
    load.push(loadavg()[0]!);
    const half = Math.max(10, seconds / 2);
    const alone = await driveUsers(server.url, interactiveMix, USERS, half, thinkMs, 5);
    await settle();
    const [withExports, exported] = await Promise.all([
      driveUsers(server.url, interactiveMix, USERS, half, thinkMs, 5),
      driveUsers(server.url, exports, EXPORTERS, half, 0, 6),
    ]);
    load.push(loadavg()[0]!);
    clearInterval(sampler);
    const rssAfter = rssMiB(pid);
    const dataset = `demo dataset: ${manifest.counts.slides} slides, ${manifest.counts.nuclei.toLocaleString('en-US')} nuclei; mix of ${mix.length} requests (${mix.length - 2} interactive, 2 heavy: cohort data-binned histogram, 20-slide CSV export); load average ${load.map((l) => l.toFixed(1)).join(' → ')}`; // prettier-ignore
    const starved = summarize(withExports, half, 'interactive');
    return [
      ...runFigures(`saturation (${USERS} connections back-to-back)`, saturation, seconds, idle, idleSeconds, dataset),
      ...runFigures(`users (${USERS} users, think ${thinkMs} ms)`, users, seconds, idle, idleSeconds, dataset),
      ...runFigures(`interactive only (${USERS} users)`, alone, half, idle, idleSeconds, dataset),
      ...runFigures(`interactive + ${EXPORTERS} exporters`, [...withExports, ...exported], half, idle, idleSeconds, dataset), // prettier-ignore
      { name: `load starvation: interactive p95 with ${EXPORTERS} exporters (${exported.length} exports done)`, value: starved.p95, unit: 'ms', dataset, baseline: { name: 'interactive p95 without exports', value: summarize(alone, half, 'interactive').p95, unit: 'ms' } }, // prettier-ignore
      { name: 'load: server RSS peak', value: rssPeak, unit: 'MiB', dataset, baseline: { name: 'RSS idle (after warm-up)', value: rssIdle, unit: 'MiB' } }, // prettier-ignore
      { name: 'load: server RSS after the runs', value: rssAfter, unit: 'MiB', dataset },
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
