import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { problemBody, type FieldError } from '../http/problem';
import type { NotApplied, Scheduled } from '../model/delivery-outcome-schema';
import type { ChangeOutcome } from './article-events';

/** The answer to one webhook delivery: built in the publisher's object, sent by the route, replayed for a repeated webhook-id. */
export interface DeliveryAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function problemAnswer(status: ContentfulStatusCode, detail: string, errors?: FieldError[]): DeliveryAnswer {
  return { status, body: problemBody(status, detail, errors) };
}

export const PARTLY_APPLIED =
  'The change was recorded, but not all of it has reached storage yet. It will be completed without a new request; retrying this delivery is safe.';

export const CONFLICTING_REDELIVERY =
  'This webhook-id was already delivered with a different body; nothing was applied. A new event needs a new webhook-id.';

/** What a publisher is told about one applied (or refused) article event. */
export function answerFor(outcome: ChangeOutcome, publisher: string, eventType: string): DeliveryAnswer {
  if ('synced' in outcome && !outcome.synced) return problemAnswer(500, PARTLY_APPLIED);
  switch (outcome.kind) {
    case 'created':
      return { status: 201, body: outcome.article, headers: { location: `/api/articles/${publisher}/${outcome.article.id}` } };
    case 'replaced':
    case 'unchanged':
      return { status: 200, body: outcome.article, headers: { 'content-location': `/api/articles/${publisher}/${outcome.article.id}` } };
    case 'scheduled': {
      const body: Scheduled = { id: outcome.id, scheduled_for: outcome.scheduledFor };
      return { status: 202, body };
    }
    case 'deleted':
      return { status: 204, body: null };
    case 'stale': {
      const body: NotApplied = { id: outcome.id, applied: false, reason: 'stale' };
      return { status: 200, body };
    }
    case 'missing':
      return problemAnswer(
        404,
        eventType === 'article.updated' ? `No article "${outcome.id}" from this publisher to update.` : `No article "${outcome.id}" from this publisher.`,
      );
  }
}
