import { PARTNER_SUBSCRIPTION_PREFIX } from './keys';

/**
 * Every partner subscription's KV mirror (`wh:sub:{id}`) with its list metadata: one `list()` per
 * thousand, no value read. The admin listing and the fan-out's matching both start here.
 */
export async function listPartnerSubscriptions<M>(kv: KVNamespace): Promise<{ id: string; metadata: M | null }[]> {
  const out: { id: string; metadata: M | null }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<M>({ prefix: PARTNER_SUBSCRIPTION_PREFIX, ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) out.push({ id: key.name.slice(PARTNER_SUBSCRIPTION_PREFIX.length), metadata: key.metadata ?? null });
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}
