import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** Lint: Next's recommended rules (React, hooks, a11y basics) plus typescript-eslint; the architecture rule of STYLE.md §1. */
const config = [
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'data/**',
      'bench/results/**',
      'next-env.d.ts',
      'test/fixtures/**',
      'test/.tmp/**',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // lib/ is shared by app/ and pipelines/: it must not depend on either, nor on React or deck.gl.
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '@/app/**', '**/pipelines/**', '@/pipelines/**'],
              message: 'lib/ must not import app/ or pipelines/ (STYLE.md §1).',
            },
            {
              group: ['react', 'react-dom', '@deck.gl/*', 'next', 'next/*'],
              message: 'lib/ is framework-free (STYLE.md §1).',
            },
          ],
        },
      ],
    },
  },
];

export default config;
