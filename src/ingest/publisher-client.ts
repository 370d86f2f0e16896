import type { Env } from '../env';
import { noteArticleWrite } from '../http/recent-versions';

/** The Durable Object of one publisher (ingest/publisher-object.ts), by its id. */
export function publisherObject(env: Pick<Env, 'PUBLISHERS'>, id: string) {
  return env.PUBLISHERS.get(env.PUBLISHERS.idFromName(id));
}

/**
 * Tells this isolate's listing memo (http/recent-versions.ts) that articles change, before the
 * write and again after it: a listing version read while the write lands is not trusted.
 */
export async function announced<T>(write: () => Promise<T>): Promise<T> {
  noteArticleWrite();
  try {
    return await write();
  } finally {
    noteArticleWrite();
  }
}
