/**
 * Private deployments and security headers against the real production server (issue 10 §6),
 * plus a damaged slide served alone (§4). Run under `flock /tmp/atlas-next-build.lock` (it may build).
 */
import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionFile } from '../../lib/contract/layout';
import { startAppServer, type AppServer } from '../support/app-server';
import { ensureTestDataset } from '../support/test-dataset';
import { makeTempDir } from '../support/temp-dir';
import { ensureProductionBuild } from './support/production-build';

const TOKEN = 'tok-3f9a1c77e2b04d8f9e6a';
const PASSWORD = 'correct horse battery staple';
const temp = makeTempDir('atlas-security-');
let dataset = '';
let slides: string[] = [];

const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const targets = (): string[] => ['/', `/slides/${slides[0]}`, '/api/health', `/api/cohort/counts?kind=nuclei`, '/api/export?format=csv&kind=nuclei&columns=area_um2', `/api/slides/${slides[0]}/nuclei?lod=points&x0=0&y0=0&x1=500&y1=500`]; // prettier-ignore

function expectSecurityHeaders(response: Response, url: string): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp, url).toContain("default-src 'self'");
  expect(csp, url).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-frame-options'), url).toBe('DENY');
  expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), url).toBe('no-referrer');
}

beforeAll(async () => {
  ensureProductionBuild();
  const source = await ensureTestDataset();
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  slides = [...new Set(manifest.files.flatMap((f) => /slide_id=([^/]+)/.exec(f.path)?.[1] ?? []))].sort();
  dataset = join(temp.dir, 'dataset');
  cpSync(source, dataset, { recursive: true });
}, 600_000);
afterAll(() => temp.remove());

describe('access control off (the default)', () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer(dataset);
  }, 120_000);
  afterAll(() => server?.stop());

  it('serves pages, API and downloads without credentials, with security headers', async () => {
    for (const url of targets()) {
      const response = await fetch(`${server.url}${url}`);
      await response.arrayBuffer();
      expect(response.status, url).toBe(200);
      expectSecurityHeaders(response, url);
    }
  });

  it('puts the headers on static assets and on 404s too', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    for (const url of [asset!, '/no-such-page']) {
      const response = await fetch(`${server.url}${url}`);
      await response.arrayBuffer();
      expectSecurityHeaders(response, url);
    }
  });
});

describe('access control on (token and users file)', () => {
  let server: AppServer;
  beforeAll(async () => {
    const users = join(temp.dir, 'users.txt');
    writeFileSync(users, `# team\nalice:${PASSWORD}\nbob:other-secret\n`);
    server = await startAppServer(dataset, { ATLAS_ACCESS_TOKEN: TOKEN, ATLAS_USERS_FILE: users });
  }, 120_000);
  afterAll(() => server?.stop());

  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${url}`, { headers, redirect: 'manual' });

  it('answers 401 without credentials on pages, API and downloads, with headers and a reason', async () => {
    for (const url of targets()) {
      const response = await get(url);
      const body = await response.text();
      expect(response.status, url).toBe(401);
      expectSecurityHeaders(response, url);
      expect(body, url).toMatch(
        url.startsWith('/api/') ? /"message":"This deployment is private/ : /<form method="post"/,
      );
    }
  });

  it.each([
    ['a wrong bearer token', { authorization: 'Bearer nope' }],
    ['the token with one character changed', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
    ['a wrong password', { authorization: basic('alice', 'wrong') }],
    ['an unknown user', { authorization: basic('mallory', PASSWORD) }],
    ['a forged session cookie', { cookie: 'atlas_session=YWxpY2U.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
  ])('refuses %s', async (_name, headers) => {
    const response = await get('/api/health', headers);
    await response.arrayBuffer();
    expect(response.status).toBe(401);
  });

  it.each([
    ['the bearer token', { authorization: `Bearer ${TOKEN}` }],
    ['a user and password (Basic)', { authorization: basic('alice', PASSWORD) }],
    ['the token as a Basic password', { authorization: basic('anyone', TOKEN) }],
  ])('serves everything with %s', async (_name, headers) => {
    for (const url of targets()) {
      const response = await get(url, headers);
      await response.arrayBuffer();
      expect(response.status, url).toBe(200);
      expectSecurityHeaders(response, url);
    }
  });

  it('signs in through the login form, sets an HttpOnly cookie and never redirects off-site', async () => {
    const form = new URLSearchParams({ user: 'alice', secret: PASSWORD, next: '//evil.example/x' });
    const login = await fetch(`${server.url}/login`, { method: 'POST', body: form, redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(new URL(login.headers.get('location')!, server.url).host).toBe(new URL(server.url).host);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/atlas_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=strict/i);
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    await page.arrayBuffer();
    expect(page.status).toBe(200);
    const wrong = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ user: 'alice', secret: 'x' }), redirect: 'manual' }); // prettier-ignore
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong user name, password or token');
  });

  it('never writes the token or a password to the server log', () => {
    expect(server.log()).not.toContain(TOKEN);
    expect(server.log()).not.toContain(PASSWORD);
  });
});

describe('a damaged slide on the server', () => {
  let server: AppServer;
  beforeAll(async () => {
    const damaged = join(temp.dir, 'damaged');
    cpSync(dataset, damaged, { recursive: true });
    truncateSync(join(damaged, partitionFile('nuclei', slides[0]!)), 64);
    server = await startAppServer(damaged);
  }, 120_000);
  afterAll(() => server?.stop());

  it('fails only that slide with a clear message; other slides and cohort queries keep working', async () => {
    const nuclei = (slide: string) => fetch(`${server.url}/api/slides/${slide}/nuclei?lod=points&x0=0&y0=0&x1=5000&y1=5000`); // prettier-ignore
    const bad = await nuclei(slides[0]!);
    const body = await bad.text();
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(body).toMatch(/"message":"[^"]{10,}/);
    expect(body).not.toMatch(/\/tmp\/|read_parquet|\n\s+at /);
    const good = await nuclei(slides[1]!);
    await good.arrayBuffer();
    expect(good.status).toBe(200);
    const cohort = await fetch(`${server.url}/api/cohort/counts?kind=glands`);
    await cohort.arrayBuffer();
    expect(cohort.status).toBe(200);
    expect(server.log()).toMatch(/nuclei\/slide_id=[^ ]+\/data\.parquet: \d+ bytes on disk/);
  });
});
