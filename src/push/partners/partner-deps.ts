import type { SecretsKeyConfig } from '../../auth/secrets-key';
import type { Env } from '../../env';

/** What partner targets and deliveries need from the Worker; index.ts builds it from env. */
export interface PartnerDeps {
  kv: KVNamespace;
  partners: Env['PARTNERS'];
  /** Wrapped, never the bare global: workerd refuses `fetch` called with another `this`. */
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** ALLOW_PRIVATE_CALLBACKS (env.privateCallbacksAllowed): local partner URLs in development and tests. */
  allowPrivate: boolean;
  /** sealingKeys(env): opens the subscription's secrets. */
  sealing: SecretsKeyConfig;
}
