import { parquetMetadata } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestDataset } from '../../../support/test-dataset';

type Handler = (request: Request) => Promise<Response>;

describe('cohort and export route handlers (in-process, real dataset): bad input is a 400 with a reason', () => {
  const routes: Record<string, Handler> = {};
  let slide = '';

  beforeAll(async () => {
    process.env.ATLAS_DATASET = await ensureTestDataset();
    routes.export = (await import('../../../../app/api/export/route')).GET;
    routes.manifest = (await import('../../../../app/api/export/manifest/route')).GET;
    routes.counts = (await import('../../../../app/api/cohort/counts/route')).GET;
    routes.histogram = (await import('../../../../app/api/cohort/histogram/route')).GET;
    routes.table = (await import('../../../../app/api/slides-table/route')).GET;
    const counts = (await (await routes.counts(new Request('http://x/api/cohort/counts?kind=nuclei'))).json()) as {
      slides: { slideId: string }[];
    };
    slide = counts.slides[0]?.slideId ?? '';
  });

  const call = (route: string, query: string) =>
    (routes[route] as Handler)(new Request(`http://x/api/${route}?${query}`));

  it.each([
    ['export', 'format=xlsx', /format/],
    ['export', 'format=csv&kind=cells', /kind/],
    ['export', 'format=csv&n.f=volume_um3:1:2', /n: ranges/],
    ['export', 'format=csv&n.f=area_um2:80:20', /min must not exceed max/],
    ['export', 'format=csv&n.f=area_um2:abc:', /n: ranges/],
    ['export', 'format=csv&n.class=99', /class must be one of/],
    ['export', 'format=csv&slides=TCGA-NOPE-01Z-00-DX1', /unknown slide/],
    ['export', 'format=csv&slides=../../etc/passwd', /slide id/],
    ['export', 'format=csv&columns=area_um2,password', /unknown column/],
    ['export', 'format=geojson', /exactly one slide/],
    ['export', 'format=csv&bbox=0,0,1e12,5', /bbox/],
    ['export', 'format=csv&bbox=10,0,5,5', /bbox min/],
    ['export', 'format=csv&bbox=1,2,3', /bbox/],
    ['export', 'format=csv&gzip=yes', /gzip/],
    ['export', 'format=csv&r.age_years=90:10', /exceeds max/],
    ['manifest', 'format=csv&sha256=maybe', /sha256/],
    ['counts', 'kind=nuclei&n.f=area_um2:1:2,solidity:x:', /n: ranges/],
    ['counts', '', /kind/],
    ['histogram', 'kind=nuclei&feature=contour', /not a feature/],
    ['histogram', 'kind=nuclei&feature=area_um2&bins=100000', /bins/],
    ['table', 'format=xml', /format/],
    ['table', 'format=csv&cols=slide_id,secret', /unknown column/],
    ['table', 'format=csv&sort=-nope', /sort/],
  ])('%s ?%s → 400', async (route, query, reason) => {
    const response = await call(route, query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(reason);
  });

  it('answers valid requests: counts, histogram, a bbox export, a manifest and the slide table', async () => {
    const counts = await call('counts', 'kind=nuclei&n.class=2&n.f=area_um2:20:');
    expect(counts.status).toBe(200);
    const histogram = (await (await call('histogram', 'kind=nuclei&feature=area_um2&bins=10&n.class=2')).json()) as {
      counts: number[];
    };
    expect(histogram.counts).toHaveLength(10);
    const box = await call('export', `format=csv&slides=${slide}&bbox=0,0,400,400`);
    expect(box.status).toBe(200);
    expect(box.headers.get('content-disposition')).toContain(`${slide}.csv`);
    const lines = (await box.text()).trimEnd().split('\n');
    for (const line of lines.slice(1)) {
      const [, , x, y] = line.split(',').map(Number);
      expect(x).toBeLessThanOrEqual(400);
      expect(y).toBeLessThanOrEqual(400);
    }
    const manifest = await call('manifest', `format=geojson&slides=${slide}&n.class=2&sha256=0`);
    expect(manifest.status).toBe(200);
    expect(((await manifest.json()) as { slides: string[] }).slides).toEqual([slide]);
    const table = await call('table', 'format=csv&obj=nuclei&n.class=2&c.project=COAD');
    const rows = (await table.text()).trimEnd().split('\n');
    expect(rows[0]).toContain('filtered_nuclei_count');
    expect(rows.length).toBeGreaterThan(1);
  });

  it('serves an unfiltered Parquet export spliced from the stored files (ZSTD), a filtered one from DuckDB (Snappy)', async () => {
    for (const [query, codec] of [
      [`format=parquet&slides=${slide}&columns=area_um2`, 'ZSTD'],
      [`format=parquet&slides=${slide}&columns=area_um2&n.class=2`, 'SNAPPY'],
    ] as const) {
      const response = await call('export', query);
      expect(response.status).toBe(200);
      const metadata = parquetMetadata(await response.arrayBuffer());
      expect(metadata.schema.map((element) => element.name).slice(1)).toEqual(['slide_id', 'object_id', 'area_um2']);
      expect(metadata.row_groups[0]?.columns[2]?.meta_data?.codec, query).toBe(codec);
    }
  });
});
