/** The biomarker explorer in real Chromium against the production server on the demo dataset (625 slides). */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import { startAppServer, type AppServer } from '../support/app-server';
import { hasChromium, launchBrowser } from '../support/browser';
import { ensureDemoDataset } from '../support/demo-dataset';

const FEATURE = 'nuclei_lymphocyte_density_in_tumour_per_mm2';
const GROUP_FEATURE = 'tissue_mucus_fraction';
/** Navigations wait for the server's analysis (a first biomarker scans every nucleus), so poll longer than 1 s. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

describe('explorer (production server, real Chromium, demo dataset)', () => {
  let server: AppServer;
  let dataset: OpenedDataset;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const rows = async (sql: string) => (await dataset.connection.runAndReadAll(sql)).getRows();
  const ready = async (page: Page, plot: string) => {
    await page.locator('[data-testid="explore-root"][data-state="ready"]').waitFor();
    await page.locator(`[data-testid="${plot}"][data-rendered="true"] svg.explore-plot`).first().waitFor();
  };
  const groupCounts = (page: Page) =>
    page
      .locator('[data-testid="group-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-level'), Number(tr.children[1]?.textContent)]));

  beforeAll(async () => {
    expect(hasChromium(), 'Chromium is required for browser tests').toBe(true);
    const dir = await ensureDemoDataset();
    dataset = await openDataset(dir, { threads: 1 });
    server = await startAppServer(dir);
    browser = await launchBrowser({ width: 1400, height: 1000 });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dataset?.close();
  });

  it('group comparison: a feature by MSI status gives a box plot with patient n equal to DuckDB', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?by=cms`);
    await ready(page, 'group-plot');
    await page.getByTestId('feature-select').selectOption(GROUP_FEATURE);
    await eventually(() => new URL(page.url()).searchParams.get('feature')).toBe(GROUP_FEATURE);
    await page.getByTestId('groupby-select').selectOption('msi_status');
    await eventually(() => new URL(page.url()).searchParams.get('by')).toBeNull();
    await ready(page, 'group-plot');
    await eventually(() => page.getByTestId('group-plot').getAttribute('data-rendered')).toBe('true');
    const expected = await rows(
      `SELECT msi_status, count(DISTINCT patient_id)::INTEGER FROM slides WHERE msi_status IS NOT NULL AND ${GROUP_FEATURE} IS NOT NULL GROUP BY 1`,
    );
    const byLevel = new Map(expected.map((r) => [r[0], r[1]]));
    await eventually(() => groupCounts(page)).toEqual(['MSS', 'MSI-L', 'MSI-H'].map((l) => [l, byLevel.get(l)]));
    const total = [...byLevel.values()].reduce((a, b) => Number(a) + Number(b), 0);
    expect(await page.locator('[data-testid="group-plot"] svg.explore-plot a circle').count()).toBe(total);
    expect(await page.locator('[data-testid="group-plot"] svg a').first().getAttribute('href')).toMatch(
      /^\/slides\/TCGA-/,
    );
    await eventually(() => page.getByTestId('group-test').textContent()).toMatch(/Kruskal–Wallis H = .*p = /);
    await expect
      .poll(() => page.getByTestId('exclusions').textContent())
      .toMatch(/patients without MSI status excluded/);
    await page.getByTestId('level-MSI-L').click();
    await eventually(() => new URL(page.url()).searchParams.get('lv')).toBe('MSS,MSI-H');
    await eventually(() => page.getByTestId('group-test').textContent()).toMatch(/Mann–Whitney U = .*rank-biserial/);
    await ready(page, 'group-plot');
    await page.screenshot({ path: 'docs/images/explore-groups.png', fullPage: true });
  });

  it('survival: KM curves with numbers at risk, log-rank and Cox', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore?feature=tissue_stroma_fraction`);
    await ready(page, 'group-plot');
    await page.getByTestId('view-survival').click();
    await eventually(() => new URL(page.url()).searchParams.get('view')).toBe('survival');
    await ready(page, 'survival-plot');
    const charts = page.locator('[data-testid="survival-plot"] svg.explore-plot');
    await eventually(() => charts.count()).toBe(2);
    await eventually(() => charts.nth(1).textContent()).toContain('Number at risk');
    const legend = await page.locator('[data-testid="km-legend"] li').allTextContents();
    expect(legend).toHaveLength(2);
    const atRiskAtZero = legend.map((text) => Number(/: (\d+) patients/.exec(text)?.[1]));
    const usable = await rows(
      `SELECT count(DISTINCT patient_id)::INTEGER FROM slides WHERE os_months IS NOT NULL AND os_event IS NOT NULL AND patient_id IN (SELECT patient_id FROM slides WHERE tissue_stroma_fraction IS NOT NULL)`,
    );
    expect(atRiskAtZero.reduce((a, b) => a + b, 0)).toBe(usable[0]?.[0]);
    expect(await charts.nth(1).locator('text').allTextContents()).toEqual(
      expect.arrayContaining(atRiskAtZero.map(String)),
    );
    await eventually(() => page.getByTestId('logrank').textContent()).toMatch(/Log-rank χ² = .*p = /);
    expect(await page.getByTestId('cox').textContent()).toMatch(/Efron ties.*per SD/s);
    expect(await page.getByTestId('cutpoint-warning').textContent()).toMatch(/optimistic/);
    await page.screenshot({ path: 'docs/images/explore-survival.png', fullPage: true });
  });

  it('a biomarker defined from an object filter appears in the plots, and the URL restores everything', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/explore`);
    await ready(page, 'group-plot');
    await page.getByTestId('biomarker-toggle').click();
    for (const id of [0, 1, 2, 4, 5, 6]) await page.getByTestId(`bm-class-${id}`).click();
    for (const id of [0, 2, 3, 4, 5, 6, 7, 8]) await page.getByTestId(`bm-tissue-${id}`).click();
    await page.getByTestId('bm-measure').selectOption('density');
    await page.getByTestId('bm-add').click();
    await eventually(() => new URL(page.url()).searchParams.get('b1')).toBe('density:nuclei');
    const params = new URL(page.url()).searchParams;
    expect([params.get('feature'), params.get('b1.class'), params.get('b1.tissue')]).toEqual(['b1', '3', '1']);
    await ready(page, 'group-plot');
    const label = 'b1: Lymphocyte nuclei in tumour epithelium per mm² tissue';
    await eventually(() => page.locator('[data-testid="group-plot"] svg').first().textContent()).toContain(label);
    await eventually(() => page.getByTestId('ranking').textContent()).toContain(label);
    const expected = await rows(
      `SELECT s.msi_status, count(DISTINCT s.patient_id)::INTEGER FROM slides s WHERE s.msi_status IS NOT NULL AND s.tissue_area_mm2 > 0 GROUP BY 1`,
    );
    const byLevel = new Map(expected.map((r) => [r[0], r[1]]));
    await eventually(() => groupCounts(page)).toEqual(['MSS', 'MSI-L', 'MSI-H'].map((l) => [l, byLevel.get(l)]));
    await page.getByTestId('view-survival').click();
    await ready(page, 'survival-plot');
    await eventually(() => page.locator('[data-testid="km-legend"] li').count()).toBe(2);
    await page.getByTestId('split-select').selectOption('tertiles');
    await eventually(() => page.locator('[data-testid="km-legend"] li').count()).toBe(3);
    const again = await browser.context.newPage();
    await again.goto(page.url());
    await ready(again, 'survival-plot');
    expect(await again.getByTestId('feature-select').inputValue()).toBe('b1');
    expect(await again.getByTestId('split-select').inputValue()).toBe('tertiles');
    expect(await again.locator('[data-testid="biomarker-list"] li').allTextContents()).toEqual([
      expect.stringContaining(label),
    ]);
    expect(await again.locator('[data-testid="km-legend"] li').allTextContents()).toEqual(
      await page.locator('[data-testid="km-legend"] li').allTextContents(),
    );
  });

  it('the analysis route validates its parameters and serves the plot data as CSV', async () => {
    const bad = await fetch(`${server.url}/api/explore/analysis?view=pie`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/view/);
    const unknown = await fetch(`${server.url}/api/explore/analysis?feature=b1`);
    expect(unknown.status).toBe(400);
    const csv = await (await fetch(`${server.url}/api/explore/analysis?lv=MSS,MSI-H&format=csv`)).text();
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(`patient_id,slide_ids,msi_status,${FEATURE}_patient_mean`);
    const n = await rows(
      `SELECT count(DISTINCT patient_id)::INTEGER FROM slides WHERE msi_status IN ('MSS', 'MSI-H') AND ${FEATURE} IS NOT NULL`,
    );
    expect(lines.length - 1).toBe(n[0]?.[0]);
  });
});
