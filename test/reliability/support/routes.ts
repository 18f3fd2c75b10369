/**
 * Discovers the app's pages and API routes by walking app/ (so new routes are fuzzed without
 * editing the tests) and the query-parameter names their schemas and handlers read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const APP = resolve(import.meta.dirname, '../../../app');

/** A page or route handler: its URL pattern with `[param]` segments and the parameter names it reads. */
export interface DiscoveredRoute {
  readonly pattern: string;
  readonly kind: 'page' | 'api';
  readonly params: readonly string[];
}

const NAME = /^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*)?$/;

function paramNames(dir: string): string[] {
  const names = new Set<string>();
  for (const file of ['route.ts', 'schema.ts', 'page.tsx']) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/\.get\(\s*['"]([^'"]+)['"]/g)) names.add(m[1]!);
    for (const m of text.matchAll(/^\s*['"]?([a-zA-Z0-9_.]+)['"]?\s*:\s*z\b/gm)) names.add(m[1]!);
  }
  return [...names].filter((n) => NAME.test(n));
}

/** Every page and API route under app/ (route groups and private `_` folders handled). */
export function discoverRoutes(appDir = APP): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  const walk = (dir: string, segments: string[]): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const pattern = `/${segments.join('/')}`;
    if (files.has('route.ts')) routes.push({ pattern, kind: 'api', params: paramNames(dir) });
    if (files.has('page.tsx')) routes.push({ pattern, kind: 'page', params: paramNames(dir) });
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
      const group = /^\(.*\)$/.test(entry.name);
      walk(join(dir, entry.name), group ? segments : [...segments, entry.name]);
    }
  };
  walk(appDir, []);
  return routes.sort((a, b) => (a.pattern < b.pattern ? -1 : 1));
}

/** `pattern` with every `[param]` segment replaced by `value` (URL-encoded unless `raw`). */
export function expandPattern(pattern: string, value: string, raw = false): string {
  return pattern.replace(/\[\.{0,3}[^\]]+\]/g, raw ? value : encodeURIComponent(value));
}
