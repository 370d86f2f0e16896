/**
 * Counts article writes made by this isolate. In-isolate caches of listing versions compare it
 * to know, without a KV read, that nothing was written here since they looked; writes in other
 * isolates are caught by their freshness window instead.
 */
let generation = 0;

export function noteArticleWrite(): void {
  generation++;
}

export function articleWriteGeneration(): number {
  return generation;
}
