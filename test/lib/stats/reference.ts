import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { StatResult, StatSuccess } from '@/lib/stats/result';

const fixtureDirectory = new URL('../../fixtures/stats/', import.meta.url);

/** Parses a JSON reference fixture from test/fixtures/stats (see its README for provenance). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtureDirectory), 'utf8')) as T;
}

/** Asserts |actual − expected| ≤ tolerance · |expected| (absolute below `floor`), with a readable message. */
export function expectClose(actual: number | null, expected: number | null, tolerance = 1e-10, floor = 1e-300): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  const allowed = tolerance * Math.max(Math.abs(expected), floor);
  expect(error, `actual ${actual} vs expected ${expected}`).toBeLessThanOrEqual(allowed);
}

/** Asserts each element of two arrays with expectClose. */
export function expectAllClose(
  actual: readonly (number | null)[],
  expected: readonly (number | null)[],
  tolerance = 1e-10,
): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, index) => expectClose(actual[index] ?? null, value, tolerance));
}

/** Narrows a StatResult to its success branch, failing the test with the reason otherwise. */
export function expectOk<T>(result: StatResult<T>): StatSuccess<T> {
  if (!result.ok) throw new Error(`expected ok, got failure: ${result.reason}`);
  return result;
}

/** Asserts a StatResult failed and returns its reason. */
export function expectFailure<T>(result: StatResult<T>, excluded?: number): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  if (excluded !== undefined) expect(result.excluded).toBe(excluded);
  expect(result.reason.length).toBeGreaterThan(10);
  return result.reason;
}
