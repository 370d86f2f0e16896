#!/usr/bin/env node
// `npm start`: local secrets from .dev.vars (created from the example), `wrangler dev` with a
// local KV under .wrangler/state, then the demo content through the real webhook path.
import { spawn } from 'node:child_process';
import { copyFile, readFile, access } from 'node:fs/promises';
import { seedDemo } from './lib/demo-content.mjs';

const PORT = process.env.PORT ?? '8787';
const BASE = `http://127.0.0.1:${PORT}`;

async function devVars() {
  try {
    await access('.dev.vars');
  } catch {
    await copyFile('.dev.vars.example', '.dev.vars');
    console.log('created .dev.vars from .dev.vars.example');
  }
  const vars = {};
  for (const line of (await readFile('.dev.vars', 'utf8')).split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

async function waitUntilUp(child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('wrangler dev exited');
    try {
      const res = await fetch(`${BASE}/openapi.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('wrangler dev did not answer within 60 s');
}

const vars = await devVars();
const child = spawn('wrangler', ['dev', '--ip', '127.0.0.1', '--port', PORT, '--test-scheduled', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

await waitUntilUp(child);
try {
  const { secret, count } = await seedDemo(BASE, vars.ADMIN_TOKEN);
  console.log(`\nnewswire is up on ${BASE} — ${count} demo articles loaded.`);
  console.log(`  try: curl ${BASE}/api/articles/demo-desk/astana-novyi-most`);
  console.log(`  demo publisher: demo-desk, secret: ${secret}`);
  console.log(`  npm run submit -- --publisher demo-desk --secret ${secret} demo/articles/en-rail-corridor.json\n`);
} catch (err) {
  console.error(`demo content not loaded: ${err.message}`);
}
