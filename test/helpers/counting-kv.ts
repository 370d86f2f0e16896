/** Wraps a KV binding and counts every operation, so KV cost per request can be asserted exactly. */
export interface KvCounts {
  get: number;
  list: number;
  put: number;
  delete: number;
}

export function countingKv(kv: KVNamespace): { kv: KVNamespace; counts: KvCounts; reset(): void } {
  const counts: KvCounts = { get: 0, list: 0, put: 0, delete: 0 };
  const counted = new Set<keyof KvCounts>(['get', 'list', 'put', 'delete']);
  const proxy = new Proxy(kv, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = prop === 'getWithMetadata' ? 'get' : prop;
      return (...args: unknown[]) => {
        if (typeof name === 'string' && counted.has(name as keyof KvCounts)) counts[name as keyof KvCounts]++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    kv: proxy,
    counts,
    reset() {
      counts.get = counts.list = counts.put = counts.delete = 0;
    },
  };
}
