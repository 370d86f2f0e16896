import type { SealingKeys } from './secret-box';

/** AES-256 takes a 32-byte key; shorter key material is a typo or a placeholder, not a secret. */
export const MIN_SECRETS_KEY_BYTES = 32;

export type SecretsKeyConfig = { ok: true; keys: SealingKeys } | { ok: false; detail: string };

/**
 * The sealing keys from the Worker's configuration, or why there are none. There is no fallback
 * key: one known to everybody would make a KV dump reveal every webhook secret.
 * SECRETS_KEY_PREVIOUS has no length floor because it only opens: it is whatever key sealed the
 * records before, and they are re-sealed under SECRETS_KEY on their next use.
 */
export function sealingKeys(env: { SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS?: string }): SecretsKeyConfig {
  const current = env.SECRETS_KEY;
  if (current === undefined || current === '') {
    return { ok: false, detail: 'The server is missing its SECRETS_KEY configuration; nothing was changed.' };
  }
  if (new TextEncoder().encode(current).length < MIN_SECRETS_KEY_BYTES) {
    return { ok: false, detail: `The server's SECRETS_KEY configuration is shorter than ${MIN_SECRETS_KEY_BYTES} bytes; nothing was changed.` };
  }
  return { ok: true, keys: env.SECRETS_KEY_PREVIOUS === undefined ? { current } : { current, previous: env.SECRETS_KEY_PREVIOUS } };
}

/** Why a stored secret opened under neither key: SECRETS_KEY changed without SECRETS_KEY_PREVIOUS. */
export const UNOPENABLE_SECRET_DETAIL =
  'A stored webhook secret opens under neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS; nothing was changed.';
