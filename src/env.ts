import type { SourcePullMessage } from './ingest/upstream/pull-message';

/** Bindings and secrets of the Worker (wrangler.toml, `wrangler secret put`, .dev.vars locally). */
export interface Env {
  KV: KVNamespace;
  /** One message per due upstream source; the cron sends, the queue handler pulls. */
  SOURCE_PULLS: Queue<SourcePullMessage>;
  /** Bearer token for /admin/*. */
  ADMIN_TOKEN: string;
  /**
   * Key material (at least 32 bytes) that encrypts publisher webhook secrets at rest. Without it
   * the routes that need it answer 500; there is no default key.
   */
  SECRETS_KEY?: string;
  /** The SECRETS_KEY before a rotation: it still opens secrets, which are re-sealed under SECRETS_KEY. */
  SECRETS_KEY_PREVIOUS?: string;
  SITE_TITLE?: string;
  /** Canonical public origin, e.g. https://news.example.kz; feeds and entry ids use it. */
  SITE_URL?: string;
  /** How long (ms) an isolate trusts a listing version it just read; "0" disables. Default 2000. */
  LISTING_MEMO_MS?: string;
  /**
   * "true" lets sources (and their redirects) point at loopback, private and local hosts, for
   * `wrangler dev` against local test feeds. Never set it in production (wrangler.toml).
   */
  ALLOW_PRIVATE_SOURCES?: string;
}

export function privateSourcesAllowed(env: Pick<Env, 'ALLOW_PRIVATE_SOURCES'>): boolean {
  return env.ALLOW_PRIVATE_SOURCES === 'true';
}

export type AppEnv = { Bindings: Env };
