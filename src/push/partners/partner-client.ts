import type { Env } from '../../env';

/** The Durable Object of one partner subscription (partner-object.ts), by the subscription id. */
export function partnerObject(partners: Env['PARTNERS'], id: string) {
  return partners.get(partners.idFromName(id));
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A fresh subscription id: 16 characters of base32, 80 random bits (model SubscriptionId). */
export function newSubscriptionId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += ID_ALPHABET[byte & 31] ?? 'a';
  return id;
}
