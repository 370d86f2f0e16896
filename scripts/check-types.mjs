#!/usr/bin/env node
// `npm run check:types`: fails when worker-configuration.d.ts is not exactly what `npm run types`
// generates now. `wrangler types --check` compares only the hash in the file's header, so a hand
// edit below it would pass; this regenerates and compares the whole text, then puts the file back.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { OFFLINE_ENV } from './lib/dev-server.mjs';

const FILE = 'worker-configuration.d.ts';
const committed = await readFile(FILE, 'utf8').catch(() => null);
const run = spawnSync('npm', ['run', '--silent', 'types'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...OFFLINE_ENV } });
if (run.status !== 0) {
  console.error(`check:types: \`npm run types\` failed (exit ${run.status})`);
  process.exit(1);
}
const generated = await readFile(FILE, 'utf8');
if (committed === generated) {
  console.log(`${FILE} is current`);
} else {
  if (committed === null) console.error(`check:types: ${FILE} is missing`);
  else await writeFile(FILE, committed);
  console.error(`check:types: ${FILE} differs from what \`npm run types\` generates from wrangler.toml; run it and commit the file`);
  process.exit(1);
}
