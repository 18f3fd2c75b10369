/**
 * The Content Security Policy does not break the app (issue 10 §6): Chromium loads the cohort
 * page and a slide viewer from the production server with no CSP violation, and deck.gl draws
 * its first frame. Run under `flock /tmp/atlas-next-build.lock` (it may build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/app-server';
import { hasChromium, launchBrowser } from '../support/browser';
import { ensureTestDataset } from '../support/test-dataset';
import { ensureProductionBuild } from './support/production-build';

describe.runIf(hasChromium())('CSP in a real browser', () => {
  let server: AppServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let slide = '';

  beforeAll(async () => {
    ensureProductionBuild();
    const dir = await ensureTestDataset();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    slide = manifest.files.flatMap((f) => /^nuclei\/slide_id=([^/]+)/.exec(f.path)?.[1] ?? [])[0]!;
    server = await startAppServer(dir);
    browser = await launchBrowser({ width: 800, height: 600 });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each([
    ['the cohort page', () => '/', '[data-testid="cohort-table"], table, main'],
    ['a slide viewer (deck.gl WebGL)', () => `/slides/${slide}`, '[data-testid="slide-map"][data-frame-rows]'],
  ])('%s loads without CSP violations', async (_name, path, ready) => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    const response = await page.goto(`${server.url}${path()}`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector(ready, { timeout: 60_000 });
    // zod 4 probes for JIT support with `Function("")` inside try/catch and falls back when refused;
    // that probe is the only eval the app attempts (client code can silence it: z.config({ jitless: true })).
    expect(violations.filter((v) => !/CSP script-src eval/.test(v))).toEqual([]);
    await page.close();
  });
});
