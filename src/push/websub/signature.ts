const encoder = new TextEncoder();

/** WebSub §8: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with hub.secret>`. */
export async function hubSignature(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
