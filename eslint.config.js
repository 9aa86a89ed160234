// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const frameworks = [
  { group: ['hono', 'hono/*', '@hono/*'], message: 'logics/ is framework-free: no hono.' },
  { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'logics/ never sees the ORM: use a port.' },
  { group: ['@libsql/*', 'libsql'], message: 'logics/ never sees the driver: use a port.' },
];
const outerLayers = (layer) => [
  {
    group: ['**/adapters/**', '**/adapters'],
    message: `${layer} depends on ports, never on adapters.`,
  },
  { group: ['**/services/**', '**/services'], message: `${layer} must not import the HTTP layer.` },
  {
    group: ['**/configs/**', '**/configs'],
    message: `${layer} must not import the composition root.`,
  },
  { group: ['**/db/**', '**/db'], message: `${layer} must not import the persistence layer.` },
];

export default tseslint.config(
  { ignores: ['node_modules', '.tools', '.wrangler', 'dist', 'drizzle', '.reports', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The layer rules of architecture.md: dependencies point inward.
    files: ['src/logics/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...frameworks,
            ...outerLayers('logics/'),
            {
              group: ['**/repositories/**/*.repository'],
              message: 'logics/ imports ports (*.port), never implementations.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/models/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['hono', 'hono/*'], message: 'models/ is framework-free.' },
            frameworks[1],
            frameworks[2],
            ...outerLayers('models/'),
            {
              group: ['**/logics/**', '**/repositories/**'],
              message: 'models/ is the core: it imports nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/kit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/models/**',
                '**/logics/**',
                '**/repositories/**',
                '**/services/**',
                '**/configs/**',
                '**/db/**',
              ],
              message: 'kit/ is domain-free: it imports nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  prettier,
);
