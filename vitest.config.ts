import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const alias = {
  '@': fileURLToPath(new URL('.', import.meta.url)),
  // 'server-only' throws outside a React Server build; tests import server modules directly.
  'server-only': fileURLToPath(new URL('./test/support/server-only-stub.ts', import.meta.url)),
};

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
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/build-app.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
