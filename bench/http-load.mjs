// HTTP load with wrk (Debian's /usr/bin/wrk) against 127.0.0.1. A Lua done() hook prints the
// raw numbers as JSON, so nothing is scraped from wrk's human-readable output.
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;

// Every request names its own host. The bench's wrangler dev has no SITE_URL, so the request
// origin is part of every version and cache key (links are built from it): the service must
// list, read and render each time (a true cache miss). A query parameter would not do: only
// `cursor` takes part in cache keys, and cursors name other pages.
const UNIQUE = `
local counter = 0
local nonce = "x"
tid = 0
setup = function(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
init = function(args)
  nonce = args[1] or "x"
end
request = function()
  counter = counter + 1
  -- wrk.format uses the table it is given instead of wrk.headers, so copy them first.
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Host"] = "m-" .. nonce .. "-" .. tid .. "-" .. counter .. ".bench.invalid"
  return wrk.format(nil, wrk.path, headers)
end
`;

/** Throws with the install step when wrk (Debian package `wrk`) is missing. */
export function wrkVersion() {
  const out = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (out.error) throw new Error('npm run bench needs wrk: apt-get install wrk');
  return `${out.stdout}${out.stderr}`.split('\n')[0].trim();
}

export async function writeScripts(dir) {
  const plain = join(dir, 'report.lua');
  const unique = join(dir, 'unique.lua');
  await writeFile(plain, REPORT);
  await writeFile(unique, UNIQUE + REPORT);
  return { plain, unique };
}

function runWrk(args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(' ')} failed (${code}): ${err || out}`));
      resolve(JSON.parse(line.slice('BENCH_JSON '.length)));
    });
  });
}

/**
 * One measured run: a short warm-up, then `seconds` of load. `unique` varies the Host header
 * per request (cache misses); `headers` are sent with every request (e.g. If-None-Match).
 */
export async function load(url, { scripts, seconds = 5, warmupSeconds = 1, threads = 2, connections = 16, headers = {}, unique = false, nonce = 'n' }) {
  if (!Number.isInteger(seconds) || !Number.isInteger(warmupSeconds)) throw new Error('wrk takes whole seconds');
  // A long timeout: a slow answer is a latency figure, not a dropped request.
  const common = ['-t', String(threads), '-c', String(connections), '--timeout', '30s', '--latency', '-s', unique ? scripts.unique : scripts.plain];
  for (const [k, v] of Object.entries(headers)) common.push('-H', `${k}: ${v}`);
  if (warmupSeconds > 0) await runWrk([...common, '-d', `${warmupSeconds}s`, url, '--', `${nonce}w`], (warmupSeconds + 30) * 1000);
  const r = await runWrk([...common, '-d', `${seconds}s`, url, '--', nonce], (seconds + 30) * 1000);
  const errors = Object.values(r.errors).reduce((s, n) => s + n, 0);
  const ms = (us) => (r.requests > 0 ? us / 1000 : null); // wrk reports 0 for an empty histogram
  return {
    rps: r.requests / (r.duration_us / 1e6),
    // Little's law for a closed loop: connections ÷ mean latency. It has no ramp-up/ramp-down
    // truncation, so it cross-checks wrk's completed ÷ duration on slow routes.
    littleRps: r.requests > 0 ? connections / (r.latency_us.mean / 1e6) : null,
    p50Ms: ms(r.latency_us.p50),
    p90Ms: ms(r.latency_us.p90),
    p99Ms: ms(r.latency_us.p99),
    meanMs: ms(r.latency_us.mean),
    maxMs: ms(r.latency_us.max),
    requests: r.requests,
    seconds: r.duration_us / 1e6,
    bytes: r.bytes,
    errors,
    errorDetail: r.errors,
    threads,
    connections,
  };
}
