import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      // Test-only secrets; production values come from `wrangler secret put`.
      miniflare: {
        bindings: {
          ADMIN_TOKEN: 'test-admin-token',
          SECRETS_KEY: 'test-secrets-key-0123456789abcdef',
          // As in .dev.vars.example; the address-rule tests build the app or pull with it off.
          ALLOW_PRIVATE_SOURCES: 'true',
        },
      },
    }),
  ],
  test: {
    // xss is CommonJS; pre-bundling gives the Worker test runtime its named exports,
    // as wrangler's esbuild bundle does in dev and production.
    deps: { optimizer: { ssr: { enabled: true, include: ['xss'] } } },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
