/**
 * cucumber-js: TypeScript through tsx, a progress line, and a JSON report for `.ci/run`.
 * The default profile runs the app in-process; `--profile worker` runs the same scenarios
 * against the built Worker in workerd (`npm run build` first), all but those tagged
 * `@in-process`, which need fakes only the in-process app has (clock, email, faults, log).
 */
const common = {
  import: [
    'features/support/register-tsx.mjs',
    'features/support/**/*.ts',
    'features/steps/**/*.ts',
  ],
  formatOptions: { snippetInterface: 'async-await' },
};

export default {
  ...common,
  format: ['progress', 'json:.reports/cucumber.json'],
};

export const worker = {
  ...common,
  tags: 'not @in-process',
  worldParameters: { target: 'worker' },
  format: ['progress', 'json:.reports/cucumber-worker.json'],
};
