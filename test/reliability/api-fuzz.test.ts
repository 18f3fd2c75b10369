/**
 * API fuzzing against the real production server on the test dataset (issue 10 §3): every route
 * found under app/ gets seeded random query strings, an SQL-injection corpus on each parameter
 * and path traversal on slide ids. Wanted: no 5xx, no stack traces or server paths in any body,
 * and every 4xx carries a reason. Run under `flock /tmp/atlas-next-build.lock` (it may build).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/app-server';
import { ensureTestDataset } from '../support/test-dataset';
import { PATH_TRAVERSAL, queryArbitrary, SQL_INJECTION } from './support/hostile-values';
import { ensureProductionBuild } from './support/production-build';
import { discoverRoutes, expandPattern, type DiscoveredRoute } from './support/routes';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.ATLAS_FUZZ_SEED ?? 10);
const RUNS = Number(process.env.ATLAS_FUZZ_RUNS ?? 40);
/** Parameter names of docs/api.md and the viewer's schemas (lib/viewer/api-params.ts), fuzzed on every route. */
const VOCABULARY = ['kind', 'feature', 'features', 'bins', 'binning', 'format', 'lod', 'level', 'x0', 'y0', 'x1', 'y1', 'color', 'size', 'id', 'x', 'y', 'r', 'slides', 'columns', 'contours', 'bbox', 'gzip', 'q', 'sha256', 'n.class', 'n.tissue', 'n.gland', 'n.f', 'g.class', 'g.f', 'l.class', 'l.f', 'c.project', 'c.msi_status', 'r.age_years', 'sort', 'dir', 'group', 'outcome', 'test']; // prettier-ignore
/** Valid example queries (docs/api.md) that mutations start from, so fuzzing gets past the first check. */
const EXAMPLES: Record<string, string> = {
  '/api/cohort/counts': 'kind=nuclei&n.class=2&n.f=area_um2:60:',
  '/api/cohort/histogram': 'kind=nuclei&feature=area_um2&bins=40',
  '/api/export': 'format=csv&kind=nuclei&columns=area_um2',
  '/api/export/manifest': 'format=csv&kind=nuclei',
  '/api/slides-table': 'format=csv',
  '/api/slides/[slideId]/nuclei': 'lod=points&x0=0&y0=0&x1=2000&y1=2000&color=class',
  '/api/slides/[slideId]/polygons': 'kind=glands&x0=0&y0=0&x1=2000&y1=2000',
  '/api/slides/[slideId]/tissue': 'size=64&x0=0&y0=0&x1=2000&y1=2000',
  '/api/slides/[slideId]/histograms': 'kind=nuclei&features=area_um2&bins=20',
  '/api/slides/[slideId]/objects': 'kind=nuclei&x=100&y=100&r=50',
};
const LEAKS: readonly [string, RegExp][] = [
  ['stack trace', /\n\s+at [\w.<>$ ]*\(?[^)\n]*:\d+:\d+\)?/],
  ['server path', new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['node_modules path', /node_modules\//],
  ['SQL in an error', /"(error|message)":"[^"]*\b(read_parquet|hive_partitioning|CREATE VIEW)\b/],
];

interface Finding {
  readonly url: string;
  readonly status: number;
  readonly problem: string;
}

let server: AppServer;
let slides: string[] = [];
const findings = new Map<string, Finding[]>();

async function probe(route: DiscoveredRoute, url: string): Promise<void> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${server.url}${url}`, { redirect: 'manual', signal: AbortSignal.timeout(60_000) });
    text = await response.text();
  } catch (error) {
    // A dropped connection (e.g. a stream that fails after its 200 header) is a finding too.
    const list = findings.get(route.pattern) ?? [];
    list.push({
      url,
      status: 0,
      problem: `connection failed: ${(error as Error).message} ${String((error as Error).cause ?? '')}`,
    });
    findings.set(route.pattern, list);
    return;
  }
  // The request's own values may be echoed in a message ("x is not a feature"); leaks are what remains.
  let body = text;
  const echoed = [...new URL(url, 'http://x').searchParams.values(), ...decodeURIComponent(url).split('/')];
  for (const value of echoed.filter((v) => v.length > 2).sort((a, b) => b.length - a.length))
    body = body.replaceAll(JSON.stringify(value).slice(1, -1), '…').replaceAll(value, '…');
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`${response.status}: ${body.slice(0, 200)}`);
  for (const [name, pattern] of LEAKS) if (pattern.test(body)) problems.push(`${name} in body: ${body.slice(0, 200)}`);
  // A 4xx must say why: a JSON message, or Next's own 404 page for a path no route matches (e.g. '..' resolved away).
  const reason =
    /"message"\s*:\s*"(?:[^"\\]|\\.){3,}/.test(body) || (response.status === 404 && /could not be found/.test(body));
  if (response.status >= 400 && response.status < 500 && route.kind === 'api' && !reason)
    problems.push(`4xx without a reason: ${body.slice(0, 200)}`);
  const list = findings.get(route.pattern) ?? [];
  for (const problem of problems) list.push({ url, status: response.status, problem });
  findings.set(route.pattern, list);
}

beforeAll(async () => {
  ensureProductionBuild();
  const dir = await ensureTestDataset();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  slides = [...new Set(manifest.files.flatMap((f) => /slide_id=([^/]+)/.exec(f.path)?.[1] ?? []))].sort();
  server = await startAppServer(dir);
}, 600_000);
afterAll(async () => {
  await server?.stop();
  const all = [...findings].flatMap(([route, list]) => list.map((f) => `${route}  ${f.url}\n    → ${f.problem}`));
  if (all.length) console.info(`API fuzz findings (${all.length}):\n${all.slice(0, 60).join('\n')}`);
});

const routes = discoverRoutes();

describe('API fuzzing (production server, test dataset)', () => {
  it('discovers the routes', () => {
    expect(routes.map((r) => r.pattern)).toContain('/api/health');
    expect(routes.length).toBeGreaterThan(3);
  });

  describe.each(routes.map((r) => [r.pattern, r] as const))('%s', (pattern, route) => {
    const names = [...new Set([...route.params, ...VOCABULARY])];
    const pathFor = (slide = slides[0]!): string => expandPattern(pattern, slide);

    it(`survives ${RUNS} seeded random queries`, { timeout: 600_000 }, async () => {
      const plausible = [
        ...slides,
        'nuclei',
        'glands',
        'lumina',
        'area_um2',
        'csv',
        'parquet',
        'geojson',
        'points',
        'grid',
        '1',
        '0',
        '100',
      ];
      const base = new URLSearchParams(EXAMPLES[pattern] ?? '');
      for (const query of fc.sample(queryArbitrary(names, plausible), { numRuns: RUNS, seed: SEED })) {
        const merged = new URLSearchParams(base);
        for (const [key, value] of query) merged.set(key, value);
        await probe(route, `${pathFor()}?${merged}`);
      }
      expect(findings.get(pattern) ?? []).toEqual([]);
    });

    it('survives the SQL-injection corpus on every parameter', { timeout: 600_000 }, async () => {
      for (const name of names)
        for (const value of SQL_INJECTION) {
          const query = new URLSearchParams(EXAMPLES[pattern] ?? '');
          query.set(name, value);
          await probe(route, `${pathFor()}?${query}`);
        }
      expect(findings.get(pattern) ?? []).toEqual([]);
    });

    it.runIf(pattern.includes('['))('refuses path traversal in the slide id', async () => {
      for (const value of PATH_TRAVERSAL) {
        await probe(route, `${pathFor(value)}?${EXAMPLES[pattern] ?? ''}`);
        await probe(route, `${expandPattern(pattern, value, true)}?${EXAMPLES[pattern] ?? ''}`);
      }
      expect(findings.get(pattern) ?? []).toEqual([]);
    });
  });

  it('download names never carry traversal or quotes', async () => {
    for (const value of PATH_TRAVERSAL) {
      const response = await fetch(
        `${server.url}/api/export?format=csv&kind=nuclei&slides=${encodeURIComponent(value)}`,
      );
      await response.arrayBuffer();
      expect(response.status, value).toBeLessThan(500);
      expect(response.headers.get('content-disposition') ?? '', value).not.toMatch(/\.\.|\/|\\/);
    }
  });
});
