import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import { filterToSql, type ObjectFilter } from '../../lib/filters';
import { startAppServer, type AppServer } from '../support/app-server';
import { hasChromium, launchBrowser } from '../support/browser';
import { ensureTestDataset } from '../support/test-dataset';

const FILTER_QUERY = 'obj=nuclei&n.class=2,3&n.f=area_um2:30:';
const FILTER: ObjectFilter = { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 30 }] };

describe('cohort page (production server, real Chromium, test dataset)', () => {
  let server: AppServer;
  let dataset: OpenedDataset;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const rows = async (sql: string) => (await dataset.connection.runAndReadAll(sql)).getRows();
  const shownSlideIds = (page: Page) =>
    page
      .locator('[data-testid="slides-table"] tbody tr[data-slide-id]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-slide-id')));

  beforeAll(async () => {
    expect(hasChromium(), 'Chromium is required for browser tests').toBe(true);
    const dir = await ensureTestDataset();
    dataset = await openDataset(dir, { threads: 1 });
    server = await startAppServer(dir);
    browser = await launchBrowser({ width: 1400, height: 1100 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dataset?.close();
  });

  it('shows every slide; sorting and filtering work and live in the URL', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    const all = (await rows('SELECT slide_id FROM slides ORDER BY slide_id')).map((r) => r[0]);
    expect(await shownSlideIds(page)).toEqual(all);
    await page.getByTestId('sort-nuclei_count').click();
    await page.getByTestId('sort-nuclei_count').click();
    const byCount = (await rows('SELECT slide_id FROM slides ORDER BY nuclei_count DESC')).map((r) => r[0]);
    await expect.poll(() => shownSlideIds(page)).toEqual(byCount);
    expect(page.url()).toContain('sort=-nuclei_count');
    await page.getByTestId('level-project-READ').click();
    const coad = (await rows("SELECT slide_id FROM slides WHERE project = 'COAD' ORDER BY nuclei_count DESC")).map(
      (r) => r[0],
    );
    await expect.poll(() => shownSlideIds(page)).toEqual(coad);
    expect(new URL(page.url()).searchParams.get('c.project')).toBe('COAD');
    await page.getByTestId('slide-search').fill(String(coad[0]).slice(5, 12).toLowerCase());
    await expect.poll(() => shownSlideIds(page)).toEqual([coad[0]]);
    // The URL restores the same view.
    const again = await browser.context.newPage();
    await again.goto(page.url());
    expect(await shownSlideIds(again)).toEqual([coad[0]]);
  });

  it('a cohort object filter adds per-slide counts equal to DuckDB and carries into the viewer link', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?${FILTER_QUERY}`);
    await page.locator('[data-testid="counts-status"][data-state="ready"]').waitFor();
    const expected = new Map(
      (
        await rows(`SELECT slide_id, count(*) FILTER (WHERE ${filterToSql(FILTER)})::INTEGER FROM nuclei GROUP BY 1`)
      ).map((r) => [r[0], r[1]]),
    );
    const cells = await page
      .locator('tbody tr[data-slide-id]')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-slide-id'),
          tr.querySelector('[data-column="filtered_count"]')?.textContent,
        ]),
      );
    expect(cells.length).toBe(expected.size);
    for (const [slide, text] of cells) expect(Number(String(text).replaceAll(',', ''))).toBe(expected.get(slide));
    const href = await page.locator('tbody tr[data-slide-id] a').first().getAttribute('href');
    expect(href).toMatch(/^\/slides\/TCGA-[^?]+\?n\.class=2%2C3&n\.f=area_um2%3A30%3A$/);
    await page.getByTestId('object-histogram').waitFor();
    // Editing the filter in the UI re-counts: add an eccentricity range.
    await page.getByTestId('object-range-feature').selectOption('eccentricity');
    await page.getByTestId('object-range-max').fill('0.5');
    await page.getByTestId('object-range-add').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('n.f')).toContain('eccentricity::0.5');
    await page.locator('[data-testid="counts-status"][data-state="ready"]').waitFor();
    const narrowed: ObjectFilter = {
      ...FILTER,
      ranges: [...(FILTER.ranges ?? []), { feature: 'eccentricity', max: 0.5 }],
    };
    const total = Number((await rows(`SELECT count(*)::INTEGER FROM nuclei WHERE ${filterToSql(narrowed)}`))[0]?.[0]);
    await expect
      .poll(async () => page.getByTestId('counts-status').textContent())
      .toContain(`${total.toLocaleString('en-US')} objects pass`);
    await page.screenshot({ path: 'docs/images/cohort.png', fullPage: true });
  });

  it('shows a user-defined biomarker from the URL as a column equal to DuckDB counts', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?b1=count:nuclei&b1.class=3&sort=-b1`);
    const expected = await rows(
      `SELECT s.slide_id, count(n.slide_id) FROM slides s LEFT JOIN nuclei n ON n.slide_id = s.slide_id AND n.class_id = 3 GROUP BY s.slide_id ORDER BY 2 DESC, 1`,
    );
    const cells = await page
      .locator('[data-testid="slides-table"] tbody tr[data-slide-id]')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-slide-id'),
          tr.querySelector('td[data-column="b1"]')?.textContent ?? '',
        ]),
      );
    expect(cells.map(([id, value]) => [id, Number(String(value).replaceAll(',', ''))])).toEqual(
      expected.map((r) => [r[0], Number(r[1])]),
    );
    expect(await page.locator('thead').textContent()).toMatch(/Lymphocyte/);
  });

  it('downloads from the cohort page: the CSV rows and the manifest hash match DuckDB', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?${FILTER_QUERY}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-objects').click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]?.startsWith('slide_id,object_id,x_um,y_um,class_id')).toBe(true);
    const expected = await rows(
      `SELECT slide_id, object_id, area_um2 FROM nuclei WHERE ${filterToSql(FILTER)} ORDER BY slide_id, object_id`,
    );
    expect(lines.length - 1).toBe(expected.length);
    const header = (lines[0] as string).split(',');
    const area = header.indexOf('area_um2');
    for (const index of [0, Math.floor(expected.length / 2), expected.length - 1]) {
      const cells = (lines[index + 1] as string).split(',');
      const [slide, id, value] = expected[index] as [string, number, number];
      expect([cells[0], Number(cells[1]), Math.fround(Number(cells[area]))]).toEqual([
        `"${slide}"`,
        id,
        Math.fround(value),
      ]);
    }
    const [manifestDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-manifest').click(),
    ]);
    const manifest = JSON.parse(readFileSync(await manifestDownload.path(), 'utf8')) as {
      export: { sha256: string };
      rows: { total: number };
    };
    expect(manifest.rows.total).toBe(expected.length);
    expect(manifest.export.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('the download column chooser puts the chosen columns into the export URL and the file', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?${FILTER_QUERY}`);
    await page.locator('[data-testid="counts-status"][data-state="ready"]').waitFor();
    const chooser = page.getByTestId('download-columns');
    await chooser.locator('summary').click();
    await page.getByTestId('download-columns-all').uncheck();
    for (const name of ['eccentricity', 'area_um2']) await chooser.locator(`input[data-column="${name}"]`).check();
    await expect.poll(() => chooser.locator('summary').textContent()).toMatch(/^2 of \d+ columns$/);
    await expect(chooser.textContent()).resolves.toContain('Area (µm²)');
    const href = (await page.getByTestId('download-objects').getAttribute('href')) ?? '';
    expect(new URL(href, server.url).searchParams.get('columns')).toBe('area_um2,eccentricity');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-objects').click()]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('slide_id,object_id,area_um2,eccentricity');
    const total = Number((await rows(`SELECT count(*)::INTEGER FROM nuclei WHERE ${filterToSql(FILTER)}`))[0]?.[0]);
    expect(lines.length - 1).toBe(total);
    await page.getByTestId('download-columns-all').check();
    const all = (await page.getByTestId('download-objects').getAttribute('href')) ?? '';
    expect(new URL(all, server.url).searchParams.has('columns')).toBe(false);
  });

  it('an export aborted mid-stream frees the server; the next request works', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/export?format=csv&kind=nuclei&contours=1`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    await reader.read().catch(() => undefined);
    const next = await fetch(`${server.url}/api/cohort/counts?kind=glands`);
    expect(next.status).toBe(200);
    const bad = await fetch(`${server.url}/api/export?format=csv&n.f=area_um2:9:1`);
    expect(bad.status).toBe(400);
  });
});
