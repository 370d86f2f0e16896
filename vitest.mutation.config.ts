import { defineConfig } from 'vitest/config';

/**
 * Plain-Node config for StrykerJS (stryker.config.mjs). Stryker can switch mutants inside the
 * workerd pool of vitest.config.ts too, with the same verdicts, but every test run there pays
 * for a workerd start per file, which makes a run several times slower on this shared machine.
 * So mutation runs take only the unit tests that need nothing from `cloudflare:test`; they
 * are also part of the normal workerd suite.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/webhook-signature.test.ts', 'test/**/sanitize-html.test.ts', 'test/**/keys.test.ts'],
    setupFiles: ['test/mutation/timing-safe-equal.ts'],
  },
});
