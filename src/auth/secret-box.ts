/**
 * Publisher webhook secrets at rest: AES-256-GCM under a key derived from the SECRETS_KEY
 * Worker secret, so a dump of the KV namespace alone reveals no signing secret.
 */

/** `current` seals and opens; `previous` only opens, while SECRETS_KEY is being rotated. */
export interface SealingKeys {
  current: string;
  previous?: string;
}

/** A secret opened under `previous` is stale: it should be sealed again under `current`. */
export interface OpenedSecret {
  plaintext: string;
  stale: boolean;
}

export interface SealedSecret {
  iv: string;
  ct: string;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function aesKey(material: string): Promise<CryptoKey> {
  let key = keyCache.get(material);
  if (!key) {
    key = crypto.subtle
      .digest('SHA-256', encoder.encode(material))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    keyCache.set(material, key);
  }
  return key;
}

export async function seal(plaintext: string, keyMaterial: string): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await aesKey(keyMaterial), encoder.encode(plaintext));
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

export async function open(sealed: SealedSecret, keyMaterial: string): Promise<string> {
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv) }, await aesKey(keyMaterial), fromBase64(sealed.ct));
  return new TextDecoder().decode(pt);
}

async function tryOpen(sealed: SealedSecret, keyMaterial: string): Promise<string | null> {
  try {
    return await open(sealed, keyMaterial);
  } catch {
    // AES-GCM refuses a wrong key through its authentication tag: this key did not seal it.
    return null;
  }
}

/** Opens under the current key, else the previous one; null when neither sealed it. */
export async function openWithEither(sealed: SealedSecret, keys: SealingKeys): Promise<OpenedSecret | null> {
  const plaintext = await tryOpen(sealed, keys.current);
  if (plaintext !== null) return { plaintext, stale: false };
  if (keys.previous === undefined) return null;
  const old = await tryOpen(sealed, keys.previous);
  return old === null ? null : { plaintext: old, stale: true };
}

/** A Standard Webhooks secret: "whsec_" + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}
