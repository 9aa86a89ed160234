// @ts-check
/**
 * Mutation testing of the rules (`npm run test:mutation`): Stryker mutates `src/logics` and
 * `src/models` and runs the unit tests (vitest.mutation.config.ts) against each mutant. Not
 * part of `npm test` (1.5–3.5 min on two cores): see README. The report goes to
 * `.reports/mutation/`.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['src/logics/**/*.ts', 'src/models/**/*.ts'],
  coverageAnalysis: 'perTest',
  plugins: ['@stryker-mutator/vitest-runner', './tools/stryker/openapi-metadata.ignorer.mjs'],
  ignorers: ['openapi-metadata'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { logTests: false },
  htmlReporter: { fileName: '.reports/mutation/index.html' },
  jsonReporter: { fileName: '.reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  concurrency: 2,
};
