import { defineConfig } from 'vitest/config';

/**
 * Plain-Node config for StrykerJS (stryker.config.mjs). Stryker's vitest runner replaces the
 * test pool with its own to switch mutants, which leaves no room for the workerd pool of
 * vitest.config.ts; so only unit tests that need nothing from `cloudflare:test` run here.
 * They are also part of the normal workerd suite.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/auth/webhook-signature.test.ts', 'test/model/sanitize-html.test.ts', 'test/store/keys.test.ts'],
    setupFiles: ['test/mutation/timing-safe-equal.ts'],
  },
});
