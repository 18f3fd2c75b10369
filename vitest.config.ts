import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = {
  '@': fileURLToPath(new URL('.', import.meta.url)),
  // 'server-only' throws outside a React Server build; tests import server modules directly.
  'server-only': fileURLToPath(new URL('./test/support/server-only-stub.ts', import.meta.url)),
};

/** Tests that run the production server: one at a time, after a single `next build`. */
const SERVER_TESTS = [
  'test/browser/**/*.test.ts',
  'test/reliability/api-fuzz.test.ts',
  'test/reliability/server-security.test.ts',
  'test/reliability/csp-browser.test.ts',
  'test/reliability/lanes-server.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    // .ci/run sets ATLAS_TEST_REPORT to derive its "N passed, N failed" line from the JSON report.
    reporters: process.env.ATLAS_TEST_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.ATLAS_TEST_REPORT ? { json: process.env.ATLAS_TEST_REPORT } : undefined,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...SERVER_TESTS, 'test/.tmp/**'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: SERVER_TESTS,
          globalSetup: ['test/support/build-app.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
