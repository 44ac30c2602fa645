// Lint: the recommended JS and TypeScript rules, on sources and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'build/**', 'node_modules/**', 'runs/**', 'experiments/**', 'assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Examples are plain scripts for Node (and, under examples/browser, for a page).
    files: ['examples/**/*.{js,mjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', document: 'readonly', window: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
