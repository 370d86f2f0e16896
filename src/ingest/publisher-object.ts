import { DurableObject } from 'cloudflare:workers';
import type { SealingKeys } from '../auth/secret-box';
import { UNOPENABLE_SECRET_DETAIL } from '../auth/secrets-key';
import { verifyWebhookSignature } from '../auth/webhook-signature';
import type { Env } from '../env';
import { fieldErrors } from '../http/problem';
import { WebhookEventSchema, type ArticleInput } from '../model/article-schema';
import type { ChangeEvent } from '../model/change-event';
import { batchesFor } from '../model/queue-batches';
import { ArticleStore } from '../store/article-store';
import { refFromIndexKey } from '../store/keys';
import { PublisherLedger } from '../store/publisher-ledger';
import {
  activeSecrets,
  deleted,
  isActive,
  KvPublisherRecords,
  newPublisher,
  resealed,
  rotated,
  withoutPrevious,
  type PublisherRecord,
} from '../store/publisher-store';
import { shortHash } from '../text/short-hash';
import { ArticleEvents, retryDelay, type ChangeOutcome } from './article-events';
import { answerFor, CONFLICTING_REDELIVERY, problemAnswer, type DeliveryAnswer } from './delivery-answers';
import { KeyedLock } from './keyed-lock';

/**
 * One Durable Object per publisher (SQLite-backed): every write for the publisher passes through
 * it — webhook events, items pulled for it, and its own admin changes. It is one instance
 * worldwide, so its ledger (publisher-ledger.ts) is strongly consistent where KV is not: it
 * orders events, remembers webhook-ids and deletions, knows what KV must hold and repairs KV
 * until it does (alarm). Reads never come here: feeds, pages and the API read KV. Each change KV
 * comes to hold is announced to push subscribers through the ledger's outbox: one CHANGES queue
 * message per change, sent here and again by the alarm until the queue has accepted it.
 */

export interface WebhookRequest {
  publisher: string;
  webhookId: string;
  timestamp: string;
  signature: string;
  contentType: string;
  body: Uint8Array;
}

export interface PulledItem {
  input: ArticleInput;
  /** Base for relative links when it is not the item's own URL. */
  contentBase?: string;
}

export type PulledOutcome = 'new' | 'updated' | 'unchanged' | 'stale' | 'scheduled' | 'unsynced';

// Standard Webhooks senders retry for up to a few days; answers are remembered a little longer.
const REMEMBER_DELIVERY_MS = 4 * 24 * 60 * 60 * 1000;
// Work done by one alarm invocation, well inside the per-invocation limits; more reschedules it.
const ALARM_BATCH = 25;
const PUBLISHER_LOCK = '\u0000publisher';
// One send of the outbox at a time, so no change is sent twice by two overlapping calls.
const OUTBOX_LOCK = '\u0000outbox';
// Outbox rows read per sendBatch round; the rounds of one flush are bounded like the alarm's work.
const OUTBOX_BATCH = 100;
const MAX_STALE_PER_CALL = 20;

const NO_MATCH = 'Signature rejected: no signature matches.';

export class PublisherObject extends DurableObject<Env> {
  /** The KV binding writes go to; a test may swap in a failing one to exercise repair. */
  kv: KVNamespace;
  /** Where change events go (CHANGES); a test may swap in a failing or recording one. */
  changes: Queue<ChangeEvent>;
  /** The clock (epoch ms); a test may move it to release an embargo. */
  now: () => number = () => Date.now();
  private readonly ledger: PublisherLedger;
  private readonly locks = new KeyedLock();
  private readonly inFlight = new Map<string, { bodyHash: string; answer: Promise<DeliveryAnswer> }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.kv = env.KV;
    this.changes = env.CHANGES;
    this.ledger = new PublisherLedger(ctx.storage.sql);
  }

  private events(publisher: string): ArticleEvents {
    this.ledger.claimNamespace(publisher);
    return new ArticleEvents(this.ledger, new ArticleStore(this.kv), publisher, this.now);
  }

  // --- the publisher record ---

  /** The record, adopting one kept in KV from before publishers had objects. */
  private async record(id: string): Promise<PublisherRecord | null> {
    const known = this.current();
    if (known) return known;
    const kvRecords = new KvPublisherRecords(this.kv);
    const adopted = await kvRecords.get(id);
    // Another call may have adopted or created it during the read.
    const meanwhile = this.current();
    if (meanwhile || !adopted) return meanwhile;
    this.save(adopted);
    // A deleted publisher's marker stays; a live record's secrets leave KV.
    if (isActive(adopted)) await kvRecords.forget(id);
    return adopted;
  }

  private current(): PublisherRecord | null {
    const row = this.ledger.publisher();
    return row ? (JSON.parse(row.record) as PublisherRecord) : null;
  }

  private save(record: PublisherRecord): void {
    this.ledger.savePublisher(record.id, JSON.stringify(record));
  }

  /** Exactly one of concurrent creates of one id succeeds. */
  createPublisher(input: { id: string; name: string; url?: string }, keys: SealingKeys): Promise<{ record: PublisherRecord; secret: string } | 'taken'> {
    return this.locks.run(PUBLISHER_LOCK, async () => {
      if (await this.record(input.id)) return 'taken';
      const created = await newPublisher(input, keys, new Date(this.now()));
      this.save(created.record);
      return created;
    });
  }

  rotateSecret(id: string, keys: SealingKeys): Promise<{ record: PublisherRecord; secret: string } | 'missing' | 'unopenable'> {
    return this.locks.run(PUBLISHER_LOCK, async () => {
      const record = await this.record(id);
      if (!isActive(record)) return 'missing';
      const next = await rotated(record, keys);
      if (next === 'unopenable') return next;
      this.save(next.record);
      return next;
    });
  }

  dropPreviousSecret(id: string): Promise<'done' | 'missing' | 'none'> {
    return this.locks.run(PUBLISHER_LOCK, async () => {
      const record = await this.record(id);
      if (!isActive(record)) return 'missing';
      const next = withoutPrevious(record);
      if (!next) return 'none';
      this.save(next);
      return 'done';
    });
  }

  /** Once this resolves, no secret of the publisher verifies, whatever ran concurrently. */
  deletePublisher(id: string): Promise<boolean> {
    return this.locks.run(PUBLISHER_LOCK, async () => {
      const record = await this.record(id);
      if (!isActive(record)) return false;
      const gone = deleted(record, new Date(this.now()));
      // The public marker first: if it cannot be written, nothing changed and a retry works.
      await new KvPublisherRecords(this.kv).markDeleted(gone);
      this.save(gone);
      return true;
    });
  }

  // --- webhooks ---

  async receiveWebhook(req: WebhookRequest, keys: SealingKeys): Promise<{ answer: DeliveryAnswer; replayed: boolean }> {
    const found = await this.record(req.publisher);
    // Unknown and deleted publishers are verified against no secret at all, so they get exactly
    // the answer a known one gives to a wrong signature: no oracle for which ids exist.
    const publisher = isActive(found) ? found : null;
    const opened = publisher ? await activeSecrets(publisher, keys) : { secrets: [], stale: false };
    if (opened === 'unopenable') {
      console.error(`webhook secrets of publisher "${req.publisher}": ${UNOPENABLE_SECRET_DETAIL}`);
      return fresh(problemAnswer(500, UNOPENABLE_SECRET_DETAIL));
    }
    const verdict = await verifyWebhookSignature({ id: req.webhookId, timestamp: req.timestamp, signature: req.signature, body: req.body }, opened.secrets);
    if (!verdict.ok) return fresh(problemAnswer(401, `Signature rejected: ${verdict.reason}.`));
    // A deletion that landed while the signature was being checked wins.
    if (!publisher || !isActive(this.current())) return fresh(problemAnswer(401, NO_MATCH));
    // Only a signed request re-seals: an unsigned one must not cost a write.
    if (opened.stale) await this.reseal(publisher, opened.secrets, keys);
    if (!/^application\/json\s*(;|$)/i.test(req.contentType)) return fresh(problemAnswer(415, 'Send the event as application/json.'));
    return this.once(req, () => this.applyDelivery(publisher, req.body));
  }

  /** Secrets opened under SECRETS_KEY_PREVIOUS, sealed again under SECRETS_KEY; skipped if they changed meanwhile. */
  private reseal(opened: PublisherRecord, secrets: string[], keys: SealingKeys): Promise<void> {
    return this.locks.run(PUBLISHER_LOCK, async () => {
      const now = this.current();
      if (!now || JSON.stringify(now.secrets) !== JSON.stringify(opened.secrets)) return;
      const next = await resealed(now, secrets, keys);
      if (JSON.stringify(this.current()?.secrets) === JSON.stringify(opened.secrets)) this.save(next);
    });
  }

  /**
   * One execution per webhook-id: a repeat with the same body gets the first answer again; with a
   * different body it is a conflict and nothing is applied. Answers that a retry could change are
   * not remembered (see `remembered`), so the retry runs again.
   */
  private async once(req: WebhookRequest, apply: () => Promise<DeliveryAnswer>): Promise<{ answer: DeliveryAnswer; replayed: boolean }> {
    const idHash = await shortHash(req.webhookId);
    const bodyHash = await shortHash(req.body);
    const running = this.inFlight.get(idHash);
    if (running) return running.bodyHash === bodyHash ? { answer: await running.answer, replayed: true } : fresh(problemAnswer(409, CONFLICTING_REDELIVERY));
    const seen = this.ledger.delivery(idHash);
    if (seen) return seen.bodyHash === bodyHash ? { answer: JSON.parse(seen.answer) as DeliveryAnswer, replayed: true } : fresh(problemAnswer(409, CONFLICTING_REDELIVERY));
    const answer = apply();
    this.inFlight.set(idHash, { bodyHash, answer });
    try {
      const settled = await answer;
      if (remembered(settled)) this.ledger.saveDelivery(idHash, bodyHash, JSON.stringify(settled), this.now() + REMEMBER_DELIVERY_MS);
      await this.announce();
      return { answer: settled, replayed: false };
    } finally {
      this.inFlight.delete(idHash);
    }
  }

  private async applyDelivery(publisher: PublisherRecord, body: Uint8Array): Promise<DeliveryAnswer> {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
    } catch {
      return problemAnswer(400, 'The body is not well-formed UTF-8 JSON.');
    }
    const parsed = WebhookEventSchema.safeParse(json);
    if (!parsed.success) return problemAnswer(422, 'The event does not match the schema.', fieldErrors(parsed.error.issues));
    const event = parsed.data;
    const eventAt = Date.parse(event.timestamp);
    const events = this.events(publisher.id);
    const id = event.data.id;
    const outcome: ChangeOutcome = await this.locks.run(id, () =>
      event.type === 'article.deleted'
        ? events.delete(id, eventAt)
        : events.change({
            mode: event.type === 'article.updated' ? 'update' : 'upsert',
            input: event.data,
            provenance: { publisher: publisher.id, publisherName: publisher.name, receivedAt: new Date(this.now()), ...(publisher.url === null ? {} : { publisherUrl: publisher.url }) },
            eventAt,
          }),
    );
    return answerFor(outcome, publisher.id, event.type);
  }

  // --- pulled items ---

  /** Items of one pull for this publisher's namespace, in order; the pull's time orders them. */
  async ingestPulled(publisher: string, publisherName: string, items: PulledItem[], receivedAt: number): Promise<PulledOutcome[]> {
    const events = this.events(publisher);
    const outcomes: PulledOutcome[] = [];
    for (const item of items) {
      const provenance = { publisher, publisherName, receivedAt: new Date(receivedAt), ...(item.contentBase === undefined ? {} : { contentBase: item.contentBase }) };
      const outcome = await this.locks.run(item.input.id, () => events.change({ mode: 'upsert', input: item.input, provenance, eventAt: receivedAt }));
      outcomes.push(pulledOutcome(outcome));
    }
    await this.announce();
    return outcomes;
  }

  // --- index entries readers found stale ---

  /** Index entries of this publisher a reader skipped: removed when no version in the ledger claims them. */
  async removeStaleEntries(publisher: string, keys: string[]): Promise<number> {
    const events = this.events(publisher);
    let removed = 0;
    for (const key of keys.slice(0, MAX_STALE_PER_CALL)) {
      const ref = refFromIndexKey(key);
      if (ref.publisher !== publisher) continue;
      if (await this.locks.run(ref.id, () => events.removeStale(ref.id, key))) removed++;
    }
    return removed;
  }

  // --- repair, embargoes, expiry ---

  override async alarm(): Promise<void> {
    const now = this.now();
    const namespace = this.ledger.namespace();
    if (namespace !== null) {
      const events = this.events(namespace);
      for (const id of this.ledger.dueForRelease(now, ALARM_BATCH)) await this.locks.run(id, () => events.release(id));
      for (const id of this.ledger.dueForRepair(now, ALARM_BATCH)) await this.locks.run(id, () => events.sync(id));
    }
    this.ledger.expire(now);
    await this.sendChanges();
    await this.scheduleAlarm();
  }

  /**
   * After a write: the alarm is set first (for the outbox row's backstop time), so a change
   * event is sent even if the object is reset before or during the send below; then the send,
   * and the alarm moved to whatever is due next.
   */
  private async announce(): Promise<void> {
    await this.scheduleAlarm();
    await this.sendChanges();
    await this.scheduleAlarm();
  }

  /**
   * Sends the outbox rows due now to the CHANGES queue and forgets what it accepted. Never
   * throws: a batch the queue refused stays in the outbox, backing off (the alarm sends it then),
   * and the batches after it are still sent, so no one batch holds up the others; the caller's
   * answer does not depend on it.
   */
  private sendChanges(): Promise<void> {
    return this.locks.run(OUTBOX_LOCK, async () => {
      for (let round = 0; round < ALARM_BATCH; round++) {
        const pending = this.ledger.pendingChanges(this.now(), OUTBOX_BATCH);
        if (pending.length === 0) return;
        let refused = false;
        for (const batch of batchesFor(pending)) {
          const ids = batch.map((p) => p.id);
          try {
            await this.changes.sendBatch(batch.map((p) => ({ body: JSON.parse(p.event) as ChangeEvent })));
            this.ledger.changesSent(ids);
          } catch (err) {
            refused = true;
            const now = this.now();
            this.ledger.changesNotSent(ids, (attempts) => now + retryDelay(attempts));
            console.error(`publisher object: the CHANGES queue refused ${ids.length} change event(s); the alarm sends them again`, err);
          }
        }
        // The queue is refusing: later rows wait for the alarm rather than meet the same now.
        if (refused) return;
      }
    });
  }

  /**
   * The alarm is set for the earliest work the ledger holds (releases, repairs, expiry, change
   * events not yet sent), and removed when it holds none: an alarm with nothing to do (the
   * backstop of a change event that was sent at once) is not left to fire.
   */
  private async scheduleAlarm(): Promise<void> {
    const due = this.ledger.nextDue();
    const set = await this.ctx.storage.getAlarm();
    if (due === null) {
      if (set !== null) await this.ctx.storage.deleteAlarm();
      return;
    }
    const at = Math.max(due, this.now());
    if (set !== at) await this.ctx.storage.setAlarm(at);
  }

  /** What the ledger holds, for operators and tests. */
  async ledgerCounts(): Promise<ReturnType<PublisherLedger['counts']>> {
    return this.ledger.counts();
  }
}

/**
 * Whether a repeat of this delivery must get this answer again. Not a 5xx (a retry finishes what
 * the first attempt left undone), and not a 404: an update that overtook its publish finds the
 * article once the publish has landed, and the sender's retry must then apply it.
 */
function remembered(answer: DeliveryAnswer): boolean {
  return answer.status < 500 && answer.status !== 404;
}

function fresh(answer: DeliveryAnswer): { answer: DeliveryAnswer; replayed: boolean } {
  return { answer, replayed: false };
}

function pulledOutcome(outcome: ChangeOutcome): PulledOutcome {
  if ('synced' in outcome && !outcome.synced) return 'unsynced';
  switch (outcome.kind) {
    case 'created':
      return 'new';
    case 'replaced':
      return 'updated';
    case 'scheduled':
      return 'scheduled';
    case 'stale':
      return 'stale';
    default:
      return 'unchanged';
  }
}
