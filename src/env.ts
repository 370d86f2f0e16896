import type { SourcePullMessage } from './ingest/upstream/pull-message';
import type { ChangeEvent } from './model/change-event';
import type { DeliveryMessage } from './model/push-messages';

/*
 * The Worker's bindings, secrets and configuration. `npm run types` (wrangler types) generates
 * worker-configuration.d.ts from wrangler.toml: every binding, [vars] and [secrets] required;
 * `npm run check:types` fails in CI when it is stale. Declared here is what wrangler.toml cannot
 * say: the queue's message type and the optional values an operator may add, with their meaning.
 *
 * Generated, for reference:
 *   KV                     articles, publishers, sources and indexes
 *   SOURCE_PULLS           one message per due upstream source; the cron sends, the queue handler pulls
 *   PUBLISHERS             one Durable Object per publisher: every write for the publisher goes through it
 *   CHANGES                one message per article change KV holds, sent by the publisher's object
 *   DELIVERIES             one message per request to a push subscriber (WebSub, partner webhooks)
 *   PARTNERS               one Durable Object per partner webhook subscription: its admin changes, sealed
 *                          secrets and delivery health
 *   ADMIN_TOKEN            (secret) bearer token for /admin/*
 *   SECRETS_KEY            (secret) at least 32 bytes of key material that encrypts publisher webhook
 *                          secrets at rest; without it the routes that need it answer 500 (no default)
 *   CF_VERSION_METADATA    [version_metadata]: the deployed version's id is part of every ETag and cache key
 *   ASSETS                 [assets]: the static files in public/ (RSS channel logo, stylesheet, fonts, demo
 *                          photos), served before the Worker
 *   SITE_TITLE             the site's name in feeds and pages
 *   SITE_LANGUAGES         the outlet's languages, "kk,ru,en": autodiscovery, header and /docs name
 *                          their /lang/{code} feeds (the routes serve any language stored)
 *   SITE_LANGUAGE          the listings' own words (labels, dates): "en" (default), "ru" or "kk";
 *                          an article page speaks its article's language
 *   SITE_TIMEZONE          the newsroom's IANA time zone for the pages' dates, "Asia/Almaty" by default
 *   ALLOW_PRIVATE_SOURCES  "true" lets sources (and their redirects) point at loopback, private and
 *                          local hosts, for `wrangler dev` against local test feeds (.dev.vars);
 *                          wrangler.toml keeps it "false"
 *   ALLOW_PRIVATE_CALLBACKS  "true" lets WebSub callbacks and partner webhook URLs be loopback, private
 *                          or plain-http local hosts (local subscribers in development and tests);
 *                          wrangler.toml keeps it "false"
 *   DELIVERY_RETRY_BASE_SECONDS  the first retry delay of a push delivery (push/retry-policy.ts), "30"
 */
declare global {
  namespace Cloudflare {
    interface Env {
      SOURCE_PULLS: Queue<SourcePullMessage>;
      CHANGES: Queue<ChangeEvent>;
      DELIVERIES: Queue<DeliveryMessage>;
      /** (secret) The SECRETS_KEY before a rotation: it still opens secrets, which are re-sealed under SECRETS_KEY. */
      SECRETS_KEY_PREVIOUS?: string;
      /** Canonical public origin, e.g. https://news.example.kz; feeds and entry ids use it. */
      SITE_URL?: string;
      /** How long (ms) an isolate trusts a listing version it just read; "0" disables. Default 2000. */
      LISTING_MEMO_MS?: string;
      /** "true" adds x-newswire-cache (memory, hit or miss) to versioned responses: tests only (vitest.config.ts). */
      EXPOSE_CACHE_LAYER?: string;
    }
  }
}

export type Env = Cloudflare.Env;

export function privateSourcesAllowed(env: Pick<Env, 'ALLOW_PRIVATE_SOURCES'>): boolean {
  return env.ALLOW_PRIVATE_SOURCES === 'true';
}

export function privateCallbacksAllowed(env: Pick<Env, 'ALLOW_PRIVATE_CALLBACKS'>): boolean {
  return env.ALLOW_PRIVATE_CALLBACKS === 'true';
}

export type AppEnv = { Bindings: Env };
