/**
 * Hostile request values for API fuzzing: an SQL-injection corpus, path-traversal attempts and
 * fast-check arbitraries mixing plausible and malformed query parameters.
 */
import fc from 'fast-check';

/** Classic SQL-injection payloads (quotes, comments, stacked statements, DuckDB file functions). */
export const SQL_INJECTION: readonly string[] = [
  "'",
  "''",
  "' OR '1'='1",
  "' OR 1=1 --",
  '1; DROP VIEW slides; --',
  "'); DROP TABLE nuclei; --",
  "1 UNION SELECT * FROM read_csv('/etc/passwd')",
  'area_um2:0:1) OR (1=1',
  "area_um2:1:2'); COPY (SELECT 1) TO '/tmp/pwned.csv'; --",
  '" OR ""="',
  '*/ SELECT 1 /*',
  "read_text('/etc/passwd')",
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x7fffffff',
  '99999999999999999999999999',
  '%00',
  '\u0000',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '$1',
  '?',
  '\\',
];

/** Path-traversal and malformed slide ids / file names. */
export const PATH_TRAVERSAL: readonly string[] = [
  '..',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'TCGA-AA-3949-01Z-00-DX1/../../manifest.json',
  'slide_id=*',
  '*',
  'a'.repeat(300),
  '.ingest',
  'manifest.json',
  '%00',
  "TCGA'--",
];

/** A query-parameter value: plausible (numbers, ids, features, lists) or hostile. */
export function valueArbitrary(plausible: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...plausible) },
    { weight: 2, arbitrary: fc.constantFrom(...SQL_INJECTION, ...PATH_TRAVERSAL) },
    { weight: 2, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }).map(String) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...plausible), { maxLength: 5 }).map((a) => a.join(',')) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...plausible), fc.double(), fc.double()).map(([f, a, b]) => `${f}:${a}:${b}`),
    },
    { weight: 1, arbitrary: fc.constant('x'.repeat(5000)) },
  );
}

/** A query string over `names` (each present or not, sometimes repeated) plus unknown names. */
export function queryArbitrary(names: readonly string[], plausible: readonly string[]): fc.Arbitrary<URLSearchParams> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), valueArbitrary(plausible));
  return fc.array(pair, { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs));
}
