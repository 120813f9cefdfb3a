import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './kiosk-ui/svelte.config.js';

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      'kiosk-ui/.svelte-kit/',
      'kiosk-ui/build/',
      'monitor-ui/.svelte-kit/',
      'monitor-ui/build/',
      '.data/',
      'dist/',
      '.cache/',
      'test-results/',
      'playwright-report/',
      'tests/.output/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // Type-aware rules: a promise nobody awaits, or one passed where a plain callback is
    // expected, loses its error (an unhandled rejection ends a Node process).
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['tests/playwright.config.ts'] },
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The contract's index evaluates every TypeBox schema: one value imported from it put
    // TypeBox and all the schemas (23 KiB gzip) into the kiosk's home screen. The QR encoder
    // would land there too: every screen is in the home screen's chunk.
    files: ['kiosk-ui/src/**/*.ts', 'kiosk-ui/src/**/*.svelte'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@bianmin/contract',
              allowTypeImports: true,
              message:
                'The kiosk imports only types from the contract index; a value goes in a schema-free module with a subpath of its own (e.g. @bianmin/contract/elder-pace).',
            },
            {
              name: 'qr',
              message:
                'Lazy-load it: lib/qr/qr-matrix.ts imports it with import(), so the encoder stays out of the home screen (docs/benchmarks.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'tests/**', '**/cli.ts', '**/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
