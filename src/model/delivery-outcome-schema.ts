import { z } from '@hono/zod-openapi';
import { ArticleId } from './article-schema';

/** The 200 answer to an event older than the one that produced the stored version: acknowledged, not applied. */
export const NotAppliedSchema = z
  .object({
    id: ArticleId,
    applied: z.literal(false),
    reason: z.literal('stale').openapi({ description: 'The stored version (or deletion) comes from a later event `timestamp`.' }),
  })
  .openapi('NotApplied');

/** The 202 answer to an article whose date_published is more than 5 minutes ahead: an embargo. */
export const ScheduledSchema = z
  .object({
    id: ArticleId,
    scheduled_for: z.string().openapi({ description: 'When it appears in feeds, pages and the API (RFC 3339, UTC).', example: '2026-11-26T06:00:00.000Z' }),
  })
  .openapi('Scheduled');

export type NotApplied = z.infer<typeof NotAppliedSchema>;
export type Scheduled = z.infer<typeof ScheduledSchema>;
