import { z } from '@hono/zod-openapi';
import { HttpUrl, PublisherId } from './article-schema';

/** Schemas of the sources admin API: they validate input, type the code and document the API. */

export const DEFAULT_INTERVAL_MINUTES = 30;

/** The namespace of newswire's own OPML outline attributes (publisher, interval): export and import. */
export const NEWSWIRE_OPML_NS = 'urn:newswire:opml';

export const SourceId = z
  .string()
  .regex(/^[a-z2-7]{10}$/, 'must be a 10-character source id')
  .openapi({ example: 'k7m2qz4xab' });

export const NewSourceSchema = z
  .object({
    url: HttpUrl.openapi({ example: 'https://dala.example/rss.xml', description: 'The feed (RSS, RSS 1.0, Atom or JSON Feed). Only this URL is ever fetched.' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'Дала жаңалықтары', description: 'Shown as publisher_name of every pulled article.' }),
    publisher: PublisherId.optional().openapi({ description: 'Publisher namespace the articles are stored in; default src-{id}.' }),
    interval_minutes: z
      .number()
      .int()
      .min(10)
      .max(1440)
      .optional()
      .openapi({ description: `Minutes between pulls (default ${DEFAULT_INTERVAL_MINUTES}); the cron runs every 10.` }),
  })
  .openapi('NewSource');

export type NewSource = z.infer<typeof NewSourceSchema>;

export const SourceHealthSchema = z
  .object({
    last_fetch_at: z.string().nullable(),
    last_success_at: z.string().nullable(),
    last_status: z.number().int().nullable().openapi({ description: 'HTTP status of the last fetch; null when no response came (timeout, network error).' }),
    last_error: z.string().nullable(),
    consecutive_failures: z.number().int(),
    next_attempt_at: z.string().nullable().openapi({ description: 'Null once the source is stopped.' }),
    items_seen: z.number().int().openapi({ description: 'Items in the last document parsed.' }),
    stopped: z.enum(['gone']).nullable().openapi({ description: '"gone" after HTTP 410: the source is no longer pulled on schedule.' }),
  })
  .openapi('SourceHealth');

export type SourceHealth = z.infer<typeof SourceHealthSchema>;

export const SourceViewSchema = z
  .object({
    id: SourceId,
    url: z.string(),
    name: z.string(),
    publisher: PublisherId,
    interval_minutes: z.number().int(),
    created_at: z.string(),
    health: SourceHealthSchema,
    moved_to: z.string().optional().openapi({
      description: 'The feed permanently redirects here, but another source already has this URL, so this source kept its own. Delete one of the two.',
    }),
  })
  .openapi('Source');

export type SourceView = z.infer<typeof SourceViewSchema>;

const count = z.number().int();

export const PullReportSchema = z
  .object({
    source: SourceId,
    outcome: z.enum(['fetched', 'not-modified', 'unchanged-body', 'failed', 'gone']).openapi({
      description: 'not-modified: HTTP 304. unchanged-body: same bytes as the last pull, not parsed again.',
    }),
    http_status: z.number().int().nullable(),
    new: count,
    updated: count,
    unchanged: count,
    errors: count.openapi({ description: 'Items skipped: unreadable, without guid or link, or invalid after mapping.' }),
    duplicates: count.openapi({ description: 'Items repeating an id already seen in the same document.' }),
    deferred: count.openapi({ description: 'Items left for the next pull to stay inside the per-run KV budget.' }),
    beyond_cap: count.openapi({ description: 'Items of the document past the per-document item cap: counted, never read.' }),
    error: z.string().nullable(),
    item_errors: z.array(z.string()),
    item_notes: z.array(z.string()).openapi({
      description: 'Items stored with a change: a category dropped because no index key can hold it, a date more than one year ahead replaced. At most 5.',
    }),
    next_attempt_at: z.string().nullable(),
  })
  .openapi('PullReport');

export type PullReport = z.infer<typeof PullReportSchema>;

export const SkippedOutlineSchema = z.object({ url: z.string(), reason: z.string() });
export type SkippedOutline = z.infer<typeof SkippedOutlineSchema>;

export const OpmlImportResultSchema = z
  .object({ created: z.array(SourceViewSchema), skipped: z.array(SkippedOutlineSchema) })
  .openapi('OpmlImportResult');
