import type { FetchLike } from '../../src/ingest/upstream/fetch-upstream';
import { fixtureBytes } from './fixture-files';

/** A stand-in for the partner outlets: URL → handler, every request recorded. */

export interface SeenRequest {
  url: string;
  headers: Headers;
}

export type UpstreamHandler = (request: SeenRequest & { signal: AbortSignal | null | undefined }) => Response | Promise<Response>;

export function stubUpstream(routes: Record<string, UpstreamHandler> = {}) {
  const requests: SeenRequest[] = [];
  const table = new Map(Object.entries(routes));
  const fetch: FetchLike = async (url, init) => {
    const seen = { url, headers: new Headers(init.headers) };
    requests.push(seen);
    const handler = table.get(url);
    if (!handler) return new Response('no such upstream', { status: 404 });
    return handler({ ...seen, signal: init.signal });
  };
  return {
    fetch,
    requests,
    route(url: string, handler: UpstreamHandler) {
      table.set(url, handler);
    },
    requestsTo(url: string): SeenRequest[] {
      return requests.filter((r) => r.url === url);
    },
  };
}

export function serveFixture(name: string, headers: Record<string, string> = {}): UpstreamHandler {
  return () => new Response(fixtureBytes(name), { headers: { 'content-type': 'application/rss+xml', ...headers } });
}

/** Never answers until aborted, like an upstream that accepted the connection and stalled. */
export const stall: UpstreamHandler = ({ signal }) =>
  new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason));
  });

/** Records the key of every KV write and delete, so tests can say which keys a pull touched. */
export function recordingKv(kv: KVNamespace) {
  const puts: string[] = [];
  const deletes: string[] = [];
  const proxy = new Proxy(kv, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'put') puts.push(String(args[0]));
        if (prop === 'delete') deletes.push(String(args[0]));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    kv: proxy,
    puts,
    deletes,
    reset() {
      puts.length = 0;
      deletes.length = 0;
    },
  };
}
