/**
 * What one Worker invocation may still spend. Cloudflare counts per invocation: 50
 * subrequests on the free plan (each redirect hop is one) and 1000 operations on KV and
 * other bindings (a bulk get or a list counts once). The budget keeps a margin under both
 * and stops the run early rather than letting the platform kill it half-way through a write.
 */

export interface BudgetLimits {
  fetches: number;
  kvOps: number;
}

const COUNTED = new Set(['get', 'getWithMetadata', 'list', 'put', 'delete']);

export class RunBudget {
  /** The KV binding to use for everything in this run: every call is counted. */
  readonly kv: KVNamespace;
  private fetchesUsed = 0;
  private kvOpsUsed = 0;

  constructor(
    kv: KVNamespace,
    private readonly limits: BudgetLimits,
  ) {
    this.kv = new Proxy(kv, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        const counted = typeof prop === 'string' && COUNTED.has(prop);
        return (...args: unknown[]) => {
          if (counted) this.kvOpsUsed++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /** Takes `n` subrequests if they are all still available. */
  takeFetches(n: number): boolean {
    if (this.fetchesUsed + n > this.limits.fetches) return false;
    this.fetchesUsed += n;
    return true;
  }

  canSpendKv(n: number): boolean {
    return this.kvOpsUsed + n <= this.limits.kvOps;
  }

  get used(): { fetches: number; kvOps: number } {
    return { fetches: this.fetchesUsed, kvOps: this.kvOpsUsed };
  }
}
