#!/usr/bin/env node
// Prints the one line CI reads, `N passed, M failed`: vitest's tests plus cucumber's
// scenarios (in-process and on the Worker), from the reports `npm test` writes to .reports/.
// A runner that wrote no report (because an earlier step failed) counts as one failure, so a
// broken run never reads green.
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);

let passed = 0;
let failed = 0;

const vitest = read('.reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
} else {
  failed += 1;
}

for (const report of ['.reports/cucumber.json', '.reports/cucumber-worker.json']) {
  const cucumber = read(report);
  if (!cucumber) {
    failed += 1;
    continue;
  }
  for (const feature of cucumber) {
    for (const scenario of feature.elements ?? []) {
      if (scenario.type !== 'scenario') continue;
      const ok = [...(scenario.before ?? []), ...scenario.steps, ...(scenario.after ?? [])].every(
        (step) => step.result?.status === 'passed',
      );
      if (ok) passed += 1;
      else failed += 1;
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
