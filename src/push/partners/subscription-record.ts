import type { SealedSecret } from '../../auth/secret-box';
import { MAX_LIST_METADATA_BYTES, type SubscriptionFilter, type SubscriptionHealth, type SubscriptionView } from '../../model/subscription-schema';

/**
 * A partner subscription as its Durable Object (partner-object.ts) holds it, and the KV mirror
 * the fan-out reads. The object is the truth (strongly consistent, secrets sealed); KV
 * `wh:sub:{id}` carries only what matching needs, in list metadata, so one `list()` matches a
 * change against every subscription without reading a value.
 */

/** While a rotated-out secret keeps signing next to the new one (documented in the README). */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * How long a subscription's deliveries may fail without a single success before an event that
 * is given up on disables it (documented in the README).
 */
export const DISABLE_AFTER_FAILING_MS = 24 * 60 * 60 * 1000;

export interface PartnerRecord {
  id: string;
  url: string;
  description?: string;
  filter: SubscriptionFilter;
  created_at: string;
  /** Signs every delivery. */
  secret: SealedSecret;
  /** The secret before the last rotation: signs too, until `until` (epoch ms). */
  previous?: { secret: SealedSecret; until: number };
  disabled?: { at: string; reason: string };
}

/** Delivery health: written by every attempt, kept apart from the record so admin changes and deliveries never overwrite each other. */
export interface PartnerHealth {
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  failing_since: string | null;
  dropped_events: number;
}

export const FRESH_HEALTH: PartnerHealth = {
  last_success_at: null,
  last_failure_at: null,
  last_error: null,
  consecutive_failures: 0,
  failing_since: null,
  dropped_events: 0,
};

/** The list metadata of `wh:sub:{id}`: the filter, and `d: 1` once disabled. */
export interface PartnerListMetadata {
  f: SubscriptionFilter;
  d?: 1;
}

export function listMetadata(filter: SubscriptionFilter, disabled: boolean): PartnerListMetadata {
  return disabled ? { f: filter, d: 1 } : { f: filter };
}

/** Whether the filter's metadata fits KV's limit even once the subscription is disabled. */
export function filterFitsMetadata(filter: SubscriptionFilter): boolean {
  return new TextEncoder().encode(JSON.stringify(listMetadata(filter, true))).length <= MAX_LIST_METADATA_BYTES;
}

export function publicView(record: PartnerRecord): SubscriptionView {
  const view: SubscriptionView = { id: record.id, url: record.url, filter: record.filter, created_at: record.created_at };
  if (record.description !== undefined) view.description = record.description;
  return view;
}

export function healthView(record: PartnerRecord, health: PartnerHealth): SubscriptionHealth {
  const state = record.disabled ? 'disabled' : health.consecutive_failures > 0 ? 'failing' : 'healthy';
  return {
    state,
    ...health,
    disabled_at: record.disabled?.at ?? null,
    disabled_reason: record.disabled?.reason ?? null,
  };
}

/** The KV mirror's value: the public record (never a secret), for an operator reading KV. */
export function mirrorValue(record: PartnerRecord): string {
  return JSON.stringify(record.disabled ? { ...publicView(record), disabled: record.disabled } : publicView(record));
}
