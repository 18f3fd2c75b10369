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
      const rows = page.locator('[data-testid="slides-table"] tbody tr');
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
