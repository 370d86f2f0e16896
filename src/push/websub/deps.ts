import type { SecretsKeyConfig } from '../../auth/secrets-key';

/** What the WebSub handlers and targets need from the Worker, injected so tests stub every request. */
export interface WebSubDeps {
  kv: KVNamespace;
  /** Outbound requests to callbacks; never followed through redirects (the handlers say `redirect: 'manual'`). */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** ALLOW_PRIVATE_CALLBACKS: callbacks are re-checked at every request, as the flag may have changed. */
  allowPrivate: boolean;
  /** sealingKeys(env): opens the hub.secret sealed at subscription time. */
  keys: SecretsKeyConfig;
  /** The topic's current representation, as a GET of it would answer (index.ts passes the app itself). */
  render: (url: string) => Promise<Response>;
  now: () => number;
}
