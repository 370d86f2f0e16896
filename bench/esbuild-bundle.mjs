// Bundles TypeScript/TSX from src/ with esbuild (a wrangler dependency) into one ES module.
import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = new URL('..', import.meta.url).pathname;

/** `contents` is a JS entry module resolved from the project root (imports like './src/...'). */
export async function bundle(contents, { platform = 'node', conditions = [], external = [] } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'bench-entry.mjs', loader: 'js' },
    bundle: true,
    platform,
    conditions,
    external,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Bundles, writes into `dir` and imports the module in this Node process. */
export async function bundleAndImport(contents, dir, name) {
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, await bundle(contents, { platform: 'node' }));
  return import(pathToFileURL(file).href);
}
