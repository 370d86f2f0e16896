import type { SourcePullMessage } from './ingest/upstream/pull-message';

/** Bindings and secrets of the Worker (wrangler.toml, `wrangler secret put`, .dev.vars locally). */
export interface Env {
  KV: KVNamespace;
  /** `[version_metadata]`: the deployed version's id is part of every ETag and cache key. */
  CF_VERSION_METADATA: WorkerVersionMetadata;
  /** One message per due upstream source; the cron sends, the queue handler pulls. */
  SOURCE_PULLS: Queue<SourcePullMessage>;
  /** Bearer token for /admin/*. */
  ADMIN_TOKEN: string;
  /** Key material that encrypts publisher webhook secrets at rest. */
  SECRETS_KEY: string;
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
