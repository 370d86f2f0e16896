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
          // Likewise for push: test subscribers are local.
          ALLOW_PRIVATE_CALLBACKS: 'true',
          // Push retries back off from 1 s instead of 30 s (wrangler.toml), as in .dev.vars.example.
          DELIVERY_RETRY_BASE_SECONDS: '1',
          // The cache-layer tests read x-newswire-cache; deployments never send it (not in wrangler.toml).
          EXPOSE_CACHE_LAYER: 'true',
        },
      },
    }),
  ],
  test: {
    // vitest keeps one core for itself by default, which on a 2-core machine runs the files one
    // at a time; its own process does little while the files run in workerd.
    maxWorkers: '100%',
    // Files share two cores; a few of them write hundreds of local KV keys, which on a loaded
    // machine can pass vitest's 5 s default without anything being wrong.
    testTimeout: 20_000,
    // xss is CommonJS; pre-bundling gives the Worker test runtime its named exports,
    // as wrangler's esbuild bundle does in dev and production.
    deps: { optimizer: { ssr: { enabled: true, include: ['xss'] } } },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  },
});
