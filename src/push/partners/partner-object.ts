import { DurableObject } from 'cloudflare:workers';
import { newWebhookSecret, openWithEither, seal, type SealingKeys } from '../../auth/secret-box';
import type { Env } from '../../env';
import type { SubscriptionFilter, SubscriptionHealth, SubscriptionView } from '../../model/subscription-schema';
import { partnerSubscriptionKey } from '../../store/keys';
import {
  DISABLE_AFTER_FAILING_MS,
  FRESH_HEALTH,
  healthView,
  listMetadata,
  mirrorValue,
  publicView,
  SECRET_OVERLAP_MS,
  type PartnerHealth,
  type PartnerRecord,
} from './subscription-record';

/**
 * One Durable Object per partner subscription (SQLite-backed), addressed by the subscription id.
 * It is the one place the subscription changes: create, rotate, delete and disable run one at a
 * time in arrival order, each writing the KV mirror (`wh:sub:{id}`) before it answers, so the
 * mirror follows the order of the changes. Deliveries ask it for the URL and the signing secrets
 * (strongly consistent: a delete or a disable stops the next attempt, whatever KV still lists)
 * and report each attempt's outcome to its health. A delete leaves a tombstone: nothing revives
 * the id.
 */

export interface NewPartner {
  id: string;
  url: string;
  description?: string;
  filter: SubscriptionFilter;
}

export type SigningTarget = { ok: true; url: string; secrets: string[] } | { ok: false; reason: 'missing' | 'disabled' | 'unopenable' };

interface Tombstone {
  id: string;
  deleted_at: string;
}

type Stored = { live: PartnerRecord } | { gone: Tombstone };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS subscription (one INTEGER PRIMARY KEY CHECK (one = 1), record TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS health (one INTEGER PRIMARY KEY CHECK (one = 1), health TEXT NOT NULL);
`;

/** A reason or an error as stored and shown: bounded, so a huge upstream message cannot bloat the row or a log entry. */
const MAX_REASON_CHARS = 300;

export function clipped(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

export class PartnerObject extends DurableObject<Env> {
  /** The KV binding the mirror is written to; a test may swap in a failing one. */
  kv: KVNamespace;
  private readonly sql: SqlStorage;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.kv = env.KV;
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  /**
   * Admin changes one at a time: the object interleaves calls at every await (sealing, the KV
   * write), so without this a rotate could save a record a concurrent delete already replaced.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private stored(): Stored | null {
    const row = this.sql.exec<{ record: string }>('SELECT record FROM subscription').toArray()[0];
    if (!row) return null;
    const parsed = JSON.parse(row.record) as PartnerRecord | Tombstone;
    return 'deleted_at' in parsed ? { gone: parsed } : { live: parsed };
  }

  private live(): PartnerRecord | null {
    const stored = this.stored();
    return stored && 'live' in stored ? stored.live : null;
  }

  private save(record: PartnerRecord | Tombstone): void {
    this.sql.exec('INSERT OR REPLACE INTO subscription (one, record) VALUES (1, ?)', JSON.stringify(record));
  }

  private health(): PartnerHealth {
    const row = this.sql.exec<{ health: string }>('SELECT health FROM health').toArray()[0];
    return row ? (JSON.parse(row.health) as PartnerHealth) : { ...FRESH_HEALTH };
  }

  private saveHealth(health: PartnerHealth): void {
    this.sql.exec('INSERT OR REPLACE INTO health (one, health) VALUES (1, ?)', JSON.stringify(health));
  }

  private async mirror(record: PartnerRecord): Promise<void> {
    await this.kv.put(partnerSubscriptionKey(record.id), mirrorValue(record), { metadata: listMetadata(record.filter, record.disabled !== undefined) });
  }

  /** Exactly one create of an id succeeds, and never one of a deleted id. */
  create(input: NewPartner, keys: SealingKeys, now: number): Promise<{ view: SubscriptionView; secret: string } | 'taken'> {
    return this.serially(async () => {
      if (this.stored()) return 'taken';
      const secret = newWebhookSecret();
      const record: PartnerRecord = {
        id: input.id,
        url: input.url,
        ...(input.description !== undefined ? { description: input.description } : {}),
        filter: input.filter,
        created_at: new Date(now).toISOString(),
        secret: await seal(secret, keys.current),
      };
      // The mirror first: if KV refuses, nothing was created and the id stays free.
      await this.mirror(record);
      this.save(record);
      return { view: publicView(record), secret };
    });
  }

  /**
   * A new secret signs from now on; the current one keeps signing beside it for
   * SECRET_OVERLAP_MS, so a partner can switch without missing a delivery. A rotation during
   * an overlap ends the older overlap: at most two secrets sign.
   */
  rotate(id: string, keys: SealingKeys, now: number): Promise<{ secret: string; previousValidUntil: number } | 'missing' | 'unopenable'> {
    return this.serially(async () => {
      const record = this.live();
      if (!record || record.id !== id) return 'missing';
      const current = await openWithEither(record.secret, keys);
      if (!current) return 'unopenable';
      const secret = newWebhookSecret();
      const until = now + SECRET_OVERLAP_MS;
      this.save({
        ...record,
        secret: await seal(secret, keys.current),
        previous: { secret: await seal(current.plaintext, keys.current), until },
      });
      return { secret, previousValidUntil: until };
    });
  }

  /** Once this resolves true, no delivery is signed for the id again and the fan-out stops listing it. */
  remove(id: string, now: number): Promise<boolean> {
    return this.serially(async () => {
      const stored = this.stored();
      if (stored && 'gone' in stored && stored.gone.id === id) {
        // Deleted before, but its KV mirror may have outlived it (a delete that failed between
        // the two steps): removed again, so the fan-out stops listing it. Still a 404.
        await this.kv.delete(partnerSubscriptionKey(id));
        return false;
      }
      const record = this.live();
      if (!record || record.id !== id) return false;
      // The tombstone first: from here no delivery attempt can open the secrets (a signing that
      // had already begun may still finish). Then the KV mirror; should that fail, the request
      // fails and a retry removes it (above).
      this.save({ id, deleted_at: new Date(now).toISOString() });
      await this.kv.delete(partnerSubscriptionKey(id));
      return true;
    });
  }

  /** Stops deliveries with a reason shown in the health; already disabled: kept as it was. */
  disable(id: string, reason: string, now: number): Promise<boolean> {
    return this.serially(async () => {
      const record = this.live();
      if (!record || record.id !== id) return false;
      if (record.disabled) return true;
      const next: PartnerRecord = { ...record, disabled: { at: new Date(now).toISOString(), reason: clipped(reason) } };
      await this.mirror(next);
      this.save(next);
      return true;
    });
  }

  view(id: string): (SubscriptionView & { health: SubscriptionHealth }) | null {
    const record = this.live();
    if (!record || record.id !== id) return null;
    return { ...publicView(record), health: healthView(record, this.health()) };
  }

  /** The URL and every secret that signs at `now`, the current one first. */
  async signingTarget(id: string, keys: SealingKeys, now: number): Promise<SigningTarget> {
    const record = this.live();
    if (!record || record.id !== id) return { ok: false, reason: 'missing' };
    if (record.disabled) return { ok: false, reason: 'disabled' };
    const current = await openWithEither(record.secret, keys);
    if (!current) return { ok: false, reason: 'unopenable' };
    const secrets = [current.plaintext];
    let stale = current.stale;
    if (record.previous && now < record.previous.until) {
      const previous = await openWithEither(record.previous.secret, keys);
      if (previous) secrets.push(previous.plaintext);
      stale ||= previous?.stale === true;
    }
    const expired = record.previous !== undefined && now >= record.previous.until;
    if (stale || expired) await this.tidySecrets(keys, now);
    return { ok: true, url: record.url, secrets };
  }

  /**
   * Forgets a previous secret whose overlap has ended, and seals the others again under
   * SECRETS_KEY once they opened only under SECRETS_KEY_PREVIOUS, so the operator can retire the
   * previous key (README, "Operations").
   */
  private tidySecrets(keys: SealingKeys, now: number): Promise<void> {
    return this.serially(async () => {
      const record = this.live();
      if (!record) return;
      const current = await openWithEither(record.secret, keys);
      if (!current) return;
      const next: PartnerRecord = { ...record, secret: await seal(current.plaintext, keys.current) };
      delete next.previous;
      if (record.previous && now < record.previous.until) {
        const previous = await openWithEither(record.previous.secret, keys);
        if (previous) next.previous = { secret: await seal(previous.plaintext, keys.current), until: record.previous.until };
      }
      this.save(next);
    });
  }

  /** One attempt's outcome, for the health GET /admin/subscriptions shows. */
  recordAttempt(id: string, outcome: { ok: true } | { ok: false; error: string }, now: number): void {
    if (this.live()?.id !== id) return;
    const health = this.health();
    const at = new Date(now).toISOString();
    if (outcome.ok) {
      this.saveHealth({ ...health, last_success_at: at, consecutive_failures: 0, failing_since: null });
    } else {
      this.saveHealth({
        ...health,
        last_failure_at: at,
        last_error: clipped(outcome.error),
        consecutive_failures: health.consecutive_failures + 1,
        failing_since: health.failing_since ?? at,
      });
    }
  }

  /**
   * An event was given up on. Counted; and when the subscription has failed without a success
   * for longer than DISABLE_AFTER_FAILING_MS, it is disabled with the reason shown in its health.
   */
  async noteDropped(id: string, error: string, now: number): Promise<'disabled' | 'kept' | 'missing'> {
    const record = this.live();
    if (!record || record.id !== id) return 'missing';
    const health = this.health();
    this.saveHealth({ ...health, dropped_events: health.dropped_events + 1 });
    const since = health.failing_since === null ? null : Date.parse(health.failing_since);
    if (since === null || now - since < DISABLE_AFTER_FAILING_MS) return 'kept';
    await this.disable(id, `deliveries failed for over a day; last error: ${health.last_error ?? error}`, now);
    return 'disabled';
  }
}
