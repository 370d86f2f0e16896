/**
 * Runs work for one key at a time, in arrival order. Inside a Durable Object this is a lock for
 * the whole publisher: the object is the only instance, but it interleaves requests at every
 * await (input gates close only around its own storage calls, not around KV writes or crypto).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
