// The deployable Worker, built exactly as `wrangler deploy` would, without uploading.
import { spawn } from 'node:child_process';
import { ROOT } from './esbuild-bundle.mjs';

export function dryRunBuild(outdir) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrangler deploy --dry-run failed (${code}):\n${out}`));
      const version = /wrangler\s+(\d+\.\d+\.\d+)/.exec(out)?.[1];
      resolve({ totalKiB: Number(m[1]), gzipKiB: Number(m[2]), wranglerVersion: version, script: `${outdir}/index.js` });
    });
  });
}
