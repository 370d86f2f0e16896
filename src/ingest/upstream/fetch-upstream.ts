import { displayUrl, outboundUrlRefusal, redirectRefusal, type OutboundUrlOptions } from '../../http/outbound-url';
import { readCapped } from '../../http/read-capped';

/**
 * One bounded, conditional GET of an operator-listed feed URL. Redirects are followed by
 * hand (`redirect: 'manual'`) so their number is bounded and each hop is counted against
 * the run's subrequest budget; the timeout covers headers and body together. Every URL,
 * the first and each hop's, passes the outbound-URL check before it is requested.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 };

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type UpstreamResponse =
  | { kind: 'fetched'; status: number; bytes: Uint8Array; contentType: string | null; url: string; validators: Validators; movedTo: string | null }
  | { kind: 'not-modified'; status: 304; validators: Validators; movedTo: string | null }
  | { kind: 'gone'; status: 410 }
  | { kind: 'failed'; status: number | null; reason: string; retryAfterMs?: number };

const USER_AGENT = 'newswire/0.1 (feed aggregator; +https://github.com/newswire)';
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, application/json;q=0.8, */*;q=0.5';
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// RFC 9110 §15.4.2 and RFC 9111 §15.4.9: only these ask clients to update their stored link.
const PERMANENT = new Set([301, 308]);

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function conditionalHeaders(validators: Validators): Headers {
  const headers = new Headers({ 'user-agent': USER_AGENT, accept: ACCEPT });
  if (validators.etag) headers.set('if-none-match', validators.etag);
  if (validators.lastModified) headers.set('if-modified-since', validators.lastModified);
  return headers;
}

function validatorsOf(res: Response, fallback: Validators): Validators {
  return { etag: res.headers.get('etag') ?? fallback.etag, lastModified: res.headers.get('last-modified') ?? fallback.lastModified };
}

export async function fetchUpstream(
  fetchFn: FetchLike,
  url: string,
  validators: Validators,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  now: number = Date.now(),
  outbound: OutboundUrlOptions = { allowPrivate: false },
): Promise<UpstreamResponse> {
  const refused = outboundUrlRefusal(url, outbound);
  if (refused) return { kind: 'failed', status: null, reason: `refused to fetch ${url}: ${refused}` };
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const visited = new Set<string>();
  let current = url;
  // The new address is worth storing only when every hop said it is permanent.
  let allPermanent = true;
  const movedTo = (hops: number) => (hops > 0 && allPermanent ? current : null);
  try {
    for (let hop = 0; ; hop++) {
      visited.add(current);
      const res = await fetchFn(current, { method: 'GET', headers: conditionalHeaders(validators), redirect: 'manual', signal });
      if (REDIRECT.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        const next = location ? URL.parse(location, current) : null;
        if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) return { kind: 'failed', status: res.status, reason: 'redirect without a usable http(s) Location' };
        const hopRefused = redirectRefusal(new URL(current), next, outbound);
        if (hopRefused) return { kind: 'failed', status: res.status, reason: `redirect to ${displayUrl(next)} refused: ${hopRefused}` };
        if (visited.has(next.href)) return { kind: 'failed', status: res.status, reason: `redirect loop at ${next.href}` };
        if (hop >= limits.maxRedirects) return { kind: 'failed', status: res.status, reason: `more than ${limits.maxRedirects} redirects` };
        if (!PERMANENT.has(res.status)) allPermanent = false;
        current = next.href;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'not-modified', status: 304, validators: validatorsOf(res, validators), movedTo: movedTo(hop) };
      }
      if (res.status === 410) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'gone', status: 410 };
      }
      if (!res.ok || res.status === 204) {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'failed', status: res.status, reason: `HTTP ${res.status}`, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now) };
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      const body = declared > limits.maxBytes ? 'too-large' : await readCapped(res.body, limits.maxBytes, signal);
      if (body === 'too-large') {
        await res.body?.cancel().catch(() => undefined);
        return { kind: 'failed', status: res.status, reason: `body larger than ${limits.maxBytes} bytes` };
      }
      return { kind: 'fetched', status: res.status, bytes: body, contentType: res.headers.get('content-type'), url: current, validators: validatorsOf(res, { etag: null, lastModified: null }), movedTo: movedTo(hop) };
    }
  } catch (err) {
    if (signal.aborted) return { kind: 'failed', status: null, reason: `timed out after ${limits.timeoutMs} ms` };
    return { kind: 'failed', status: null, reason: `network error: ${err instanceof Error ? err.message : String(err)}` };
  }
}
