import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/app-server';
import { hasChromium, launchBrowser } from '../support/browser';
import { makeTempDir } from '../support/temp-dir';
import { writeTinyDataset } from '../support/tiny-dataset';

describe('home page (production server, real Chromium, real DuckDB)', () => {
  const temp = makeTempDir();
  let server: AppServer;

  beforeAll(async () => {
    expect(hasChromium(), 'Chromium is required for browser tests (.ci/run installs it)').toBe(true);
    await writeTinyDataset(temp.dir, [
      {
        slide_id: 'TCGA-AA-3949-01Z-00-DX1',
        patient_id: 'TCGA-AA-3949',
        project: 'COAD',
        msi_status: 'MSI-H',
        stage: 'II',
        nuclei_count: 612880,
        mpp: 0.2527,
        source: 'test',
      },
      {
        slide_id: 'TCGA-AG-A02N-01Z-00-DX1',
        patient_id: 'TCGA-AG-A02N',
        project: 'READ',
        msi_status: 'MSS',
        stage: 'III',
        nuclei_count: 41203,
        mpp: 0.2527,
        source: 'test',
      },
    ]);
    server = await startAppServer(temp.dir);
  });

  afterAll(async () => {
    await server?.stop();
    temp.remove();
  });

  it('renders the product name and the slides DuckDB read from Parquet', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(server.url);
      expect(response?.status()).toBe(200);
      await expect(page.locator('header').textContent()).resolves.toContain('Cerberus Atlas');
      // The table is virtualised: slide rows carry data-slide-id, spacer rows do not.
      const rows = page.locator('[data-testid="slides-table"] tbody tr[data-slide-id]');
      expect(await rows.count()).toBe(2);
      const first = await rows.nth(0).textContent();
      expect(first).toContain('TCGA-AA-3949-01Z-00-DX1');
      expect(first).toContain('MSI-H');
      expect(first).toContain('612,880');
      expect(await rows.nth(1).textContent()).toContain('READ');
      await expect(page.getByTestId('dataset-summary').textContent()).resolves.toContain('Simulated objects');
      // Tailwind is compiled in: the header has a white background, not the default transparent.
      const background = await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe('rgb(255, 255, 255)');
    } finally {
      await browser.close();
    }
  });

  it('answers /api/health with the dataset id, version and slide count', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, dataset: 'tiny', version: '1', slides: 2, simulated: true });
  });
});

describe('cohort table virtualisation (625 slides)', () => {
  const temp = makeTempDir();
  let server: AppServer;

  beforeAll(async () => {
    const slides = Array.from({ length: 625 }, (_, i) => ({
      slide_id: `TCGA-ZZ-${String(i).padStart(4, '0')}-01Z-00-DX1`,
      patient_id: `TCGA-ZZ-${String(i).padStart(4, '0')}`,
      project: i % 3 === 0 ? 'READ' : 'COAD',
      nuclei_count: (i * 7919) % 100_000,
      mpp: 0.25,
      source: 'test',
    }));
    await writeTinyDataset(temp.dir, slides, 'many');
    server = await startAppServer(temp.dir);
  });

  afterAll(async () => {
    await server?.stop();
    temp.remove();
  });

  it('keeps only the rows in view in the DOM and reaches the last slide by scrolling', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/?sort=-nuclei_count`);
      const rows = page.locator('[data-testid="slides-table"] tbody tr[data-slide-id]');
      expect(await page.getByTestId('slides-table').getAttribute('data-row-count')).toBe('625');
      expect(await rows.count()).toBeLessThan(60);
      const viewport = page.getByTestId('slides-table-viewport');
      await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const last = 'TCGA-ZZ-0000-01Z-00-DX1'; // nuclei_count 0: last in descending order
      await expect.poll(() => rows.last().getAttribute('data-slide-id')).toBe(last);
      expect(await rows.count()).toBeLessThan(60);
    } finally {
      await browser.close();
    }
  });
});
