import { noteArticleWrite } from '../http/recent-versions';
import type { ArticleInput, StoredArticle } from '../model/article-schema';
import { normalizeArticle, type Provenance } from '../model/normalize';
import type { ArticleStore } from '../store/article-store';
import { withArticleLock } from '../store/article-lock';

export type IntakeMode = 'upsert' | 'replace-existing';

export type IntakeResult =
  | { outcome: 'created' | 'replaced' | 'unchanged'; article: StoredArticle }
  | { outcome: 'missing' };

/** Fields that say nothing about the story itself; a re-delivery differing only here changes nothing. */
function sameStory(a: StoredArticle, b: StoredArticle): boolean {
  return JSON.stringify({ ...a, received_at: '' }) === JSON.stringify({ ...b, received_at: '' });
}

/**
 * The one path into the store, for webhook submissions and pulled upstream items alike:
 * normalize (sanitize, strip XML-forbidden characters) → write, skipping writes when the
 * story is unchanged so re-pulls and retries cost no KV writes.
 */
export async function ingestArticle(
  store: ArticleStore,
  input: ArticleInput,
  provenance: Provenance,
  mode: IntakeMode = 'upsert',
): Promise<IntakeResult> {
  const article = normalizeArticle(input, provenance);
  return withArticleLock(provenance.publisher, input.id, async () => {
    const previous = await store.get(provenance.publisher, input.id);
    if (!previous && mode === 'replace-existing') return { outcome: 'missing' };
    if (previous && sameStory(previous, article)) return { outcome: 'unchanged', article: previous };
    const { created } = await announced(() => store.put(article, previous));
    return { outcome: created ? 'created' : 'replaced', article };
  });
}

export function deleteArticle(store: ArticleStore, publisher: string, id: string): Promise<boolean> {
  return withArticleLock(publisher, id, () => announced(() => store.delete(publisher, id)));
}

/**
 * Tells this isolate's listing memo (http/recent-versions.ts) that articles change, before
 * the write and again after it: a listing version read while the write lands is not trusted.
 */
async function announced<T>(write: () => Promise<T>): Promise<T> {
  noteArticleWrite();
  try {
    return await write();
  } finally {
    noteArticleWrite();
  }
}
