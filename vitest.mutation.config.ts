import { defineConfig } from 'vitest/config';

/**
 * The unit project alone, for mutation testing (`npm run test:mutation`): logic over
 * in-memory fakes and the model rules; no database, no workerd. The layer-rules probes run
 * the linter, not the code under mutation, so they are left out.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: ['tests/unit/layer-rules.test.ts'],
    environment: 'node',
  },
});
