import { z } from '@hono/zod-openapi';

/**
 * The one article schema: it validates webhook submissions, gives the TypeScript type
 * (z.infer) and generates the OpenAPI document. Field names follow JSON Feed (snake_case).
 */

export const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2048)
  .openapi({ example: 'https://example.kz/news/2026/11/almaty-metro' });

// RFC 3339 with an explicit offset ("Z" counts). zod checks the calendar too (no Feb 30);
// year 0000 is refused because RSS's RFC 822 dates and JavaScript's Date disagree on it.
export const Rfc3339 = z
  .iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with offset, e.g. 2026-11-25T09:30:00+05:00' })
  .refine((s) => !s.startsWith('0000'), 'year 0000 is not a valid publication date')
  .openapi({ example: '2026-11-25T09:30:00+05:00' });

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
    tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
    language: LanguageTag.optional(),
    date_published: Rfc3339,
    date_modified: Rfc3339.optional(),
  })
  .openapi('Article');

export type ArticleInput = z.infer<typeof ArticleSchema>;

export const ArticleRef = z.object({ id: ArticleId }).openapi('ArticleRef');

const eventBase = { timestamp: Rfc3339 };

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
