// Starts `wrangler dev` on a port of our choosing and waits until it answers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

// wrangler dev would otherwise fetch the Request.cf object from Cloudflare at start and send
// usage metrics: nothing here may leave the machine.
export const OFFLINE_ENV = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitUntilUp(baseUrl, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/openapi.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer within ${timeoutMs / 1000} s`);
}

/**
 * `persistTo` gives the run its own local KV (a fresh directory = an empty store);
 * `quiet` keeps wrangler's request log out of test output; `vars` are Worker vars for this run
 * (`--var`), over wrangler.toml's and whatever a developer's own .dev.vars says.
 */
export async function startDevServer({ port, persistTo, quiet = true, extraArgs = [], vars = {} } = {}) {
  const chosen = port ?? (await freePort());
  // After extraArgs: `--var` takes several values, so a script path after it would be read as one.
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(chosen), '--test-scheduled', '--show-interactive-dev-session=false', ...extraArgs, ...varArgs];
  if (persistTo) args.push('--persist-to', persistTo);
  const child = spawn('wrangler', args, { stdio: quiet ? 'ignore' : 'inherit', env: { ...process.env, ...OFFLINE_ENV } });
  const baseUrl = `http://127.0.0.1:${chosen}`;
  await waitUntilUp(baseUrl, child);
  return {
    baseUrl,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
