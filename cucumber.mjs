/** cucumber-js: TypeScript through tsx, a progress line, and a JSON report for `.ci/run`. */
export default {
  import: [
    'features/support/register-tsx.mjs',
    'features/support/**/*.ts',
    'features/steps/**/*.ts',
  ],
  format: ['progress', 'json:.reports/cucumber.json'],
  formatOptions: { snippetInterface: 'async-await' },
};
