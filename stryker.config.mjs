// Mutation testing of the modules where a weak test hurts most: webhook signature
// verification, the HTML sanitizer and the KV key layout. `npm run mutation`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // By file name under any folder, so moving a module between layers keeps it mutated.
  mutate: ['src/**/webhook-signature.ts', 'src/**/sanitize-html.ts', 'src/**/keys.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared; one test process keeps a run from crowding out everyone else.
  concurrency: 1,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  // The sandbox needs the sources and the tests, not the demo, bench or local state.
  ignorePatterns: ['bench', 'demo', 'scripts', '.wrangler', 'reports', 'test/e2e', 'test/load', 'test/external'],
  thresholds: { high: 90, low: 80, break: 80 },
};
