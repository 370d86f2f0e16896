/**
 * Serializes read-modify-write of one article inside this isolate. KV has no transactions:
 * two replacements racing on the same article would each delete the index entries of the
 * version they read and leave the other's behind. Within an isolate (and all of local dev)
 * this lock rules that out; across isolates readers still skip entries a record no longer
 * claims (ArticleStore.getMany).
 */
const tails = new Map<string, Promise<unknown>>();

export async function withArticleLock<T>(publisher: string, id: string, work: () => Promise<T>): Promise<T> {
  const key = `${publisher}\n${id}`;
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
