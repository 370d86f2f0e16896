#!/usr/bin/env node
// `npm start`: local secrets from .dev.vars (created from the example), `wrangler dev` with a
// local KV under .wrangler/state, then the demo content through the real webhook path.
import { spawn } from 'node:child_process';
import { seedDemo } from './lib/demo-content.mjs';
import { OFFLINE_ENV, waitUntilUp } from './lib/dev-server.mjs';
import { ensureDevVars } from './lib/dev-vars.mjs';

const PORT = process.env.PORT ?? '8787';
const BASE = `http://127.0.0.1:${PORT}`;

const vars = await ensureDevVars();
const child = spawn('wrangler', ['dev', '--ip', '127.0.0.1', '--port', PORT, '--test-scheduled', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, ...OFFLINE_ENV } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

await waitUntilUp(BASE, child);
try {
  const { secret, count } = await seedDemo(BASE, vars.ADMIN_TOKEN);
  console.log(`\nnewswire is up on ${BASE} — ${count} demo articles loaded.`);
  console.log(`  pages: ${BASE}/  feeds: ${BASE}/feed.xml ${BASE}/atom.xml ${BASE}/feed.json  API docs: ${BASE}/docs`);
  console.log(`  demo publisher: demo-desk, secret: ${secret}`);
  console.log(`  npm run submit -- --publisher demo-desk --secret ${secret} demo/articles/en-rail-corridor.json\n`);
} catch (err) {
  console.error(`demo content not loaded: ${err.message}`);
}
