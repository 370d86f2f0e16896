/** Bindings and secrets of the Worker (wrangler.toml, `wrangler secret put`, .dev.vars locally). */
export interface Env {
  KV: KVNamespace;
  /** Bearer token for /admin/*. */
  ADMIN_TOKEN: string;
  /** Key material that encrypts publisher webhook secrets at rest. */
  SECRETS_KEY: string;
  SITE_TITLE?: string;
  /** Canonical public origin, e.g. https://news.example.kz; feeds and entry ids use it. */
  SITE_URL?: string;
}

export type AppEnv = { Bindings: Env };
