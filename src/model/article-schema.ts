import { z } from '@hono/zod-openapi';
import { TAG_KEY_BUDGET, tagFitsKey } from '../store/keys';

/**
 * The one article schema: it validates webhook submissions, gives the TypeScript type
 * (z.infer) and generates the OpenAPI document. Field names follow JSON Feed (snake_case).
 */

export const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2048)
  .openapi({ example: 'https://example.kz/news/2026/11/almaty-metro' });

// RFC 3339 with an explicit offset ("Z" counts). zod checks the calendar too (no Feb 30).
export const Rfc3339 = z
  .iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with offset, e.g. 2026-11-25T09:30:00+05:00' })
  .openapi({ example: '2026-11-25T09:30:00+05:00' });

/**
 * The earliest date accepted anywhere: RSS's RFC 822 dates and JavaScript's Date disagree on
 * year 0000, and the feed-date parser reads no year before 1900 either.
 */
export const EARLIEST_DATE = '1900-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST_DATE);
const TOO_EARLY = `must not be before ${EARLIEST_DATE}`;
export const TOO_FAR_AHEAD = 'must not be more than one year ahead of the server clock';
/**
 * How far an event's own time may run ahead of the server clock: the clock skew Standard
 * Webhooks allows its timestamp header. Events are ordered by this time, so one from the
 * far future would make every later real event look stale.
 */
const EVENT_SKEW_MS = 5 * 60_000;

// Bounds compare instants, so the offset counts: 9999-12-31T23:59:59-23:59 is year 10000 in UTC.
// A string Date cannot read passes here: the format check already refuses it, once.
const notBefore1900 = (iso: string): boolean => !(Date.parse(iso) < EARLIEST_MS);

/** At most one calendar year after `now` (epoch ms). */
function withinAYear(iso: string, now: number): boolean {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  return !(Date.parse(iso) > latest.getTime());
}

/** Why a well-formed date is no publication date at `now`, or null when it is one. */
export function publicationDateIssue(iso: string, now: number): string | null {
  if (!notBefore1900(iso)) return TOO_EARLY;
  return withinAYear(iso, now) ? null : TOO_FAR_AHEAD;
}

// "Now" is the server clock at validation time.
const PublicationDate = Rfc3339.refine(notBefore1900, TOO_EARLY)
  .refine((iso) => withinAYear(iso, Date.now()), TOO_FAR_AHEAD)
  .openapi({ description: `From ${EARLIEST_DATE} to one year ahead of the server clock.` });

const EventTime = Rfc3339.refine(notBefore1900, TOO_EARLY)
  .refine((iso) => !(Date.parse(iso) > Date.now() + EVENT_SKEW_MS), 'must not be more than 5 minutes ahead of the server clock')
  .openapi({ description: `When the event happened at the sender: from ${EARLIEST_DATE} to 5 minutes ahead of the server clock.` });

export const ArticleId = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{1,100}$/, 'must be 1–100 characters of A–Z a–z 0–9 . _ ~ -')
  .refine((s) => s !== '.' && s !== '..', 'must not be "." or ".."')
  .openapi({ example: 'almaty-metro-2026-11' });

export const PublisherId = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/, 'must be 2–40 characters of a–z 0–9 -')
  .openapi({ example: 'steppe-daily' });

/** A BCP 47 language tag's shape: a 2–3 letter primary subtag, then subtags of up to 8. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export const LanguageTag = z.string().regex(LANGUAGE_TAG, 'must be a BCP 47 language tag such as en, ru, kk');

const Person = z.object({
  name: z.string().trim().min(1).max(200),
  url: HttpUrl.optional(),
});

export const ArticleSchema = z
  .object({
    id: ArticleId,
    title: z.string().trim().min(1).max(300),
    summary: z.string().max(1000).optional().openapi({ description: 'The lede: one or two sentences.' }),
    content_html: z.string().min(1).max(500_000).openapi({ description: 'Body HTML; sanitized on intake.' }),
    url: HttpUrl.optional().openapi({ description: "The publisher's canonical URL for the story." }),
    image: z
      .object({
        url: HttpUrl,
        caption: z.string().max(500).optional(),
        credit: z.string().max(200).optional().openapi({ description: 'Shown as "Photo: <credit>".' }),
      })
      .optional(),
    authors: z.array(Person).max(20).optional().openapi({ description: 'Original authors (bylines).' }),
    source: Person.optional().openapi({ description: 'The outlet the story is reported from.' }),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(50)
          .refine(tagFitsKey, `is too long to index: at most ${TAG_KEY_BUDGET} bytes once case-folded and percent-encoded (38 CJK characters)`),
      )
      .max(20)
      .optional(),
    language: LanguageTag.optional(),
    date_published: PublicationDate,
    date_modified: PublicationDate.optional(),
  })
  .openapi('Article');

export type ArticleInput = z.infer<typeof ArticleSchema>;

export const ArticleRef = z.object({ id: ArticleId }).openapi('ArticleRef');

const eventBase = { timestamp: EventTime };

/** Body of `POST /webhooks/{publisher}` (Standard Webhooks payload). */
export const WebhookEventSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('article.published'), ...eventBase, data: ArticleSchema }),
    z.object({ type: z.literal('article.updated'), ...eventBase, data: ArticleSchema }),
    z.object({ type: z.literal('article.deleted'), ...eventBase, data: ArticleRef }),
  ])
  .openapi('WebhookEvent');

export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** What the store holds and `GET /api/articles/...` returns: the normalized input plus provenance. */
export const StoredArticleSchema = ArticleSchema.extend({
  publisher: PublisherId,
  publisher_name: z.string(),
  received_at: z.string().openapi({ description: 'When newswire stored this version (RFC 3339, UTC).' }),
}).openapi('StoredArticle');

export type StoredArticle = z.infer<typeof StoredArticleSchema>;
