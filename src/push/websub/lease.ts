/**
 * hub.lease_seconds (WebSub §5.1: the hub decides the lease, §5.3 tells the subscriber which):
 * a lease shorter than an hour would spend more on renewals than on news; ten days bounds how
 * long a callback that silently went away keeps costing deliveries.
 */
export const MIN_LEASE_SECONDS = 3600;
export const MAX_LEASE_SECONDS = 10 * 86_400;
export const DEFAULT_LEASE_SECONDS = 7 * 86_400;

export function clampLease(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_LEASE_SECONDS;
  return Math.min(MAX_LEASE_SECONDS, Math.max(MIN_LEASE_SECONDS, requested));
}
