/**
 * The import layers of src/ (README, "Design notes"), checked by `npm run check:layers`:
 *
 *   index.ts, app.ts → routes/ → ingest/, push/, render/ → model/ → store/
 *   leaf helpers, importable from any layer: http/, auth/, text/
 *
 * A layer imports only layers below it and the leaf helpers; a leaf imports only leaves.
 * Any module may import src/env.ts (the Worker's bindings and configuration).
 * Type-only imports are exempt: a store may name the model's types it stores.
 */
const layer = (name, allowed) => ({
  name: `${name}-imports-only-below`,
  comment: `${name}/ may import only ${allowed.join(', ')} (and npm packages).`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}/`), '^src/env\\.ts$'],
    dependencyTypesNot: ['type-only'],
  },
});

const LEAVES = ['http', 'auth', 'text'];

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    layer('routes', ['ingest', 'push', 'render', 'model', 'store', ...LEAVES]),
    layer('push', ['model', 'store', ...LEAVES]),
    layer('ingest', ['model', 'store', ...LEAVES]),
    layer('render', ['model', ...LEAVES]),
    layer('model', ['store', ...LEAVES]),
    layer('store', LEAVES),
    ...LEAVES.map((leaf) => layer(leaf, LEAVES)),
    {
      name: 'no-unknown-folder',
      comment: 'Every module lives in one of the layers above (or is the entry point).',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: ['^src/(routes|ingest|push|render|model|store|http|auth|text)/', '^src/(app|index|env)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: 'node_modules' },
  },
};
