/**
 * The concurrency gate (lib/server/lanes.ts) against the real production server on the test
 * dataset (docs/reliability.md §5): heavy lane of 1 slot and a queue of 2. A flood of exports is
 * answered 200 or 503 with Retry-After and a reason, never anything else, while interactive
 * requests keep answering quickly; requests abandoned at any stage free their slot. Interactive
 * lane of 1 slot, so one leaked slot would show.
 * Run under `flock /tmp/atlas-next-build.lock` (it may build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../lib/dataset/open-dataset';
import { streamCsv } from '../../lib/server/export/csv-export';
import { exportColumns, exportSelectSql, type ExportSpec } from '../../lib/server/export/export-spec';
import { exportScratchDir } from '../../lib/server/export/scratch-dir';
import { slideBatches } from '../../lib/server/export/slide-batches';
import { startAppServer, type AppServer } from '../support/app-server';
import { ensureTestDataset } from '../support/test-dataset';
import { ensureProductionBuild } from './support/production-build';

/** All nuclei of the 4 slides with contours: ≈ 3.4 MB of CSV, a few hundred ms of work each. */
const EXPORT = '/api/export?format=csv&kind=nuclei&contours=true';
const FLOOD = 16;
let server: AppServer;
let slides: string[] = [];

beforeAll(async () => {
  ensureProductionBuild();
  const dataset = await ensureTestDataset();
  const manifest = JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  slides = [...new Set(manifest.files.flatMap((f) => /slide_id=([^/]+)/.exec(f.path)?.[1] ?? []))].sort();
  server = await startAppServer(dataset, {
    ATLAS_HEAVY_CONCURRENCY: '1',
    ATLAS_HEAVY_QUEUE: '2',
    ATLAS_HEAVY_WAIT_MS: '15000',
    ATLAS_INTERACTIVE_CONCURRENCY: '1',
    ATLAS_INTERACTIVE_WAIT_MS: '15000',
  });
}, 600_000);
afterAll(() => server?.stop());

/** Status, Retry-After, body and milliseconds of one GET; the body is read to its end. */
async function get(path: string, signal?: AbortSignal) {
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, { signal });
  const body = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: performance.now() - started }; // prettier-ignore
}

const interactive = (): string[] => [
  '/api/health',
  `/api/slides/${slides[0]}/nuclei?lod=points&x0=0&y0=0&x1=4000&y1=3000&color=class`,
  `/api/slides/${slides[1]}/polygons?kind=glands&x0=0&y0=0&x1=4000&y1=3000`,
  '/api/cohort/counts?kind=nuclei&n.class=2',
];

describe('heavy lane under a flood of exports', () => {
  it('answers 200 or 503 + Retry-After with a reason, and interactive requests stay quick', async () => {
    const flood = Promise.all(Array.from({ length: FLOOD }, () => get(EXPORT)));
    const quick: { path: string; status: number; ms: number }[] = [];
    for (let round = 0; round < 3; round += 1)
      for (const path of interactive()) {
        const { status, ms } = await get(path);
        quick.push({ path, status, ms });
      }
    const heavy = await flood;
    const refused = heavy.filter((r) => r.status === 503);
    expect(heavy.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(heavy.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'busy', reason: 'queue_full' } });
    }
    for (const r of quick) {
      expect(r.status, r.path).toBe(200);
      expect(r.ms, r.path).toBeLessThan(3000);
    }
  });

  it('frees the slots of requests abandoned while queued, computing or streaming', async () => {
    for (let k = 0; k < 3; k += 1) {
      const abort = new AbortController();
      const response = await fetch(`${server.url}${EXPORT}`, { signal: abort.signal });
      const reader = response.body!.getReader();
      await reader.read();
      abort.abort();
      await reader.cancel().catch(() => undefined);
    }
    // Clients leaving at every stage: queued, while the answer is computed, while it streams.
    const scan = '/api/cohort/histogram?kind=nuclei&feature=area_um2&bins=40';
    const cube = '/api/cohort/counts?kind=nuclei&n.class=2';
    const leaving = [1, 2, 4, 8, 16, 32].flatMap((ms) =>
      [EXPORT, scan, cube].map((path) => get(path, AbortSignal.timeout(ms)).catch(() => undefined)),
    );
    await Promise.all(leaving);
    const queued = new AbortController();
    const waiting = Array.from({ length: 3 }, () => get(EXPORT, queued.signal).catch(() => undefined));
    setTimeout(() => queued.abort(), 20);
    await Promise.all(waiting);
    // With one slot per lane, a leaked slot would leave every later request waiting 15 s for a 503.
    for (let k = 0; k < 3; k += 1) {
      const { status, body } = await get(EXPORT);
      expect(status).toBe(200);
      expect(body.split('\n').length).toBeGreaterThan(13_000);
      const counts = await get(cube);
      expect(counts.status).toBe(200);
      expect(counts.ms).toBeLessThan(5000);
    }
  });
});

describe('CSV export of the production build (formatter worker threads, bundled by Next.js)', () => {
  it('is byte for byte what DuckDB COPY writes for the same rows', async () => {
    const response = await fetch(`${server.url}${EXPORT}`);
    expect(response.status).toBe(200);
    const got = Buffer.from(await response.arrayBuffer());
    const dataset = await openDataset(await ensureTestDataset(), {
      threads: 2,
      sandbox: { extraDirectories: [exportScratchDir()] },
    });
    try {
      const spec: ExportSpec = { kind: 'nuclei', filter: { kind: 'nuclei' }, contours: true };
      const selects = slideBatches(dataset.manifest, 'nuclei', slides).map((s) =>
        exportSelectSql({ ...spec, slides: s }),
      );
      const parts: Uint8Array[] = [];
      for await (const part of streamCsv(dataset, selects, exportColumns(spec)) as unknown as AsyncIterable<Uint8Array>)
        parts.push(part);
      const want = Buffer.concat(parts);
      expect(want.length).toBeGreaterThan(1_000_000);
      expect(got.length).toBe(want.length);
      expect(got.equals(want)).toBe(true);
    } finally {
      dataset.close();
    }
  });
});
