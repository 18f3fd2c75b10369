/**
 * The slide viewer end to end: production server, real Chromium (software WebGL), the `test`
 * dataset. Waits on the map's frame signal (data-frame-lod / data-frame-rows set in deck's
 * onAfterRender), looks at pixels and DOM, and checks values against DuckDB.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import { CLASS_DICTIONARIES, toRgb } from '../../lib/registry';
import { startAppServer, type AppServer } from '../support/app-server';
import { hasChromium, launchBrowser } from '../support/browser';
import { waitForMap } from '../support/map-frame';
import { ensureTestDataset } from '../support/test-dataset';

/** Counts screenshot pixels of the map within ±tolerance of each RGB colour (decoded by the page itself). */
async function colourCounts(
  page: Page,
  colours: readonly (readonly number[])[],
  tolerance = 10,
): Promise<{ counts: number[]; distinct: number }> {
  const box = (await page.getByTestId('slide-map').boundingBox())!;
  const png = (await page.screenshot({ clip: box })).toString('base64');
  return page.evaluate(
    async ({ png, colours, tolerance }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [image.width, image.height];
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, image.width, image.height).data;
      const counts = colours.map(() => 0);
      const distinct = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        distinct.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        colours.forEach((c, k) => {
          if (
            Math.abs(data[i]! - c[0]!) <= tolerance &&
            Math.abs(data[i + 1]! - c[1]!) <= tolerance &&
            Math.abs(data[i + 2]! - c[2]!) <= tolerance
          )
            counts[k]!++;
        });
      }
      return { counts, distinct: distinct.size };
    },
    { png, colours, tolerance },
  );
}

describe('slide viewer (production server, real Chromium, test dataset)', () => {
  let server: AppServer;
  let dataset: OpenedDataset;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let slideId: string;
  let centre: { x: number; y: number };
  const scalar = async (sql: string) => Number((await dataset.connection.runAndReadAll(sql)).getRows()[0]?.[0]);

  beforeAll(async () => {
    expect(hasChromium(), 'Chromium is required for browser tests').toBe(true);
    const dir = await ensureTestDataset();
    dataset = await openDataset(dir, { threads: 1 });
    const rows = (
      await dataset.connection.runAndReadAll(
        'SELECT slide_id, width_um, height_um FROM slides ORDER BY nuclei_count DESC',
      )
    ).getRows();
    const row = rows[0]!;
    slideId = String(row[0]);
    centre = { x: Number(row[1]) / 2, y: Number(row[2]) / 2 };
    server = await startAppServer(dir);
    browser = await launchBrowser({ width: 1100, height: 1000 });
    // Warm the server's route modules and the browser's JS on another slide, so the timed first paint is this slide's.
    const warm = await browser.context.newPage();
    await warm.goto(`${server.url}/slides/${String(rows[1]![0])}`);
    await waitForMap(warm);
    await warm.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dataset?.close();
  });

  it('renders the slide: first paint within 3 s, tissue and nuclei class colours on the canvas', async () => {
    const page = await browser.context.newPage();
    const started = Date.now();
    const response = await page.goto(`${server.url}/slides/${slideId}?x=${centre.x}&y=${centre.y}&z=0`);
    expect(response?.status()).toBe(200);
    const map = await waitForMap(page, 'points');
    const firstPaintMs = Date.now() - started;
    // Target: ≤ 3 s in CI's software GL. On a machine with more runnable work than cores the wall
    // clock stretches with the load, so the bound scales with the oversubscription there.
    const oversubscription = Math.max(1, loadavg()[0]! / availableParallelism());
    console.info(
      `viewer first paint ${firstPaintMs} ms (load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    );
    expect(firstPaintMs).toBeLessThan(3_000 * oversubscription);
    expect(Number(map.nucleiRows)).toBeGreaterThan(200);
    expect(await page.getByTestId('slide-counts').textContent()).toContain(
      `${(await scalar(`SELECT count(*) FROM nuclei WHERE slide_id = '${slideId}'`)).toLocaleString('en-US')} nuclei`,
    );
    const classes = CLASS_DICTIONARIES.nucleus.filter((c) =>
      ['epithelial', 'lymphocyte', 'connective'].includes(c.key),
    );
    const { counts, distinct } = await colourCounts(
      page,
      classes.map((c) => toRgb(c.color)),
    );
    expect(distinct).toBeGreaterThan(20);
    expect(counts.filter((n) => n > 20).length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('switches representation with zoom: exact cells zoomed out, points, then contours after wheel zoom', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/slides/${slideId}?x=${centre.x}&y=${centre.y}&z=-4`);
    const grid = await waitForMap(page, 'grid');
    expect(grid.gridLevel).toBe('64');
    await page.goto(`${server.url}/slides/${slideId}?x=${centre.x}&y=${centre.y}&z=-0.5`);
    await waitForMap(page, 'points');
    const box = (await page.getByTestId('slide-map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
    const contours = await waitForMap(page, 'contours');
    expect(Number(contours.zoom)).toBeGreaterThan(0.5);
    await expect.poll(() => new URL(page.url()).searchParams.get('z')).toBe(contours.zoom);
    await page.close();
  });

  it('a class filter changes the count and the cross-filtered histogram, matching DuckDB; the URL round-trips', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/slides/${slideId}?x=${centre.x}&y=${centre.y}&z=-1`);
    await waitForMap(page);
    const total = await scalar(`SELECT count(*) FROM nuclei WHERE slide_id = '${slideId}'`);
    const count = page.getByTestId('count-nuclei');
    await expect
      .poll(() => count.textContent())
      .toBe(`${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nuclei`);
    await page.getByTestId('n-add-range').selectOption('area_um2');
    const histogram = page.getByTestId('hist-nuclei-area_um2');
    const sum = async () =>
      ((await histogram.getAttribute('data-counts')) ?? '').split(',').reduce((a, b) => a + Number(b), 0);
    await expect.poll(sum).toBe(total);
    await page.getByTestId('n-class-2').uncheck();
    const kept = await scalar(`SELECT count(*) FROM nuclei WHERE slide_id = '${slideId}' AND class_id <> 2`);
    await expect
      .poll(() => count.textContent())
      .toBe(`${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nuclei`);
    await expect.poll(sum).toBe(kept);
    expect(new URL(page.url()).searchParams.get('n.class')).toBe('0,1,3,4,5,6');
    const drawn = await waitForMap(page);
    const url = page.url();
    await page.reload();
    await waitForMap(page);
    expect(page.url()).toBe(url);
    await expect.poll(() => count.textContent()).toContain(`${kept.toLocaleString('en-US')} of`);
    expect(await page.getByTestId('n-class-2').isChecked()).toBe(false);
    expect((await waitForMap(page)).nucleiRows).toBe(drawn.nucleiRows);
    await page.goBack();
    await expect.poll(() => page.getByTestId('n-class-2').isChecked()).toBe(true);
    await page.close();
  });

  it('a click opens the inspector with the values DuckDB holds, highlighted and kept in the URL', async () => {
    // A nucleus inside a gland whose contour contains its own centroid (true for the near-convex majority).
    const target = (
      await dataset.connection.runAndReadAll(
        `SELECT object_id, x_um, y_um FROM nuclei WHERE slide_id = '${slideId}' AND gland_id IS NOT NULL AND solidity > 0.95 ORDER BY object_id LIMIT 1`,
      )
    ).getRowObjectsJS()[0]!;
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/slides/${slideId}?x=${target.x_um}&y=${target.y_um}&z=3`);
    await waitForMap(page, 'contours');
    const box = (await page.getByTestId('slide-map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('sel'), { timeout: 15_000 })
      .toBe(`nuclei:${target.object_id}`);
    const inspector = page.getByTestId('inspector');
    await expect
      .poll(() => inspector.getAttribute('data-object-id'), { timeout: 15_000 })
      .toBe(String(target.object_id));
    const truth = (
      await dataset.connection.runAndReadAll(
        `SELECT area_um2, eccentricity, tissue_class, gland_id FROM nuclei WHERE slide_id = '${slideId}' AND object_id = ${target.object_id}`,
      )
    ).getRowObjectsJS()[0]!;
    for (const name of ['area_um2', 'eccentricity', 'tissue_class'] as const)
      expect(Number(await page.getByTestId(`inspector-${name}`).getAttribute('data-value'))).toBe(truth[name]);
    expect(await page.getByTestId('inspector-gland-object_id').getAttribute('data-value')).toBe(String(truth.gland_id));
    await page.reload();
    await expect
      .poll(() => page.getByTestId('inspector').getAttribute('data-object-id'), { timeout: 15_000 })
      .toBe(String(target.object_id));
    await page.close();
  });

  it('bad input: malformed URL state gives a notice, a failed query a message in the map, unknown slides a 404 with a way back', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/slides/${slideId}?x=10&y=10&z=99&color=bogus&n.class=42`);
    await expect.poll(() => page.getByTestId('url-notice').textContent()).toContain('Zoom 99');
    await waitForMap(page);
    await page.route('**/api/slides/*/nuclei?*', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: '{"error":"query_failed","message":"The query for this view failed."}',
      }),
    );
    await page.getByTestId('n-class-3').uncheck();
    await expect.poll(() => page.getByTestId('map-error').textContent()).toContain('Could not load nuclei');
    await expect.poll(() => page.getByTestId('count-nuclei').textContent()).not.toContain('…');
    const missing = await page.goto(`${server.url}/slides/TCGA-XX-0000-01Z-00-DX1`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('link', { name: /Back to the cohort/ }).click();
    await page.waitForURL(`${server.url}/`);
    const bad = await fetch(`${server.url}/api/slides/${slideId}/nuclei?lod=grid&level=3&x0=0&y0=0&x1=1&y1=1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^level:/);
    await page.close();
  });
});
