import { z } from '@hono/zod-openapi';
import { tagFitsKey, tagKey, TAG_KEY_BUDGET } from '../store/keys';
import { primaryLanguage } from '../text/language';
import { LanguageTag, PublisherId } from './article-schema';

/**
 * Schemas of the partner subscriptions admin API (routes/admin-subscriptions.ts): they validate
 * input, type the code and document the API. Filter values are stored normalized (tags
 * case-folded as the tag index folds them, languages as primary subtags), so matching a change
 * (push/partners/partner-filter.ts) compares plain strings.
 */

export const SubscriptionId = z
  .string()
  .regex(/^[a-z2-7]{16}$/, 'must be a 16-character subscription id')
  .openapi({ example: 'q4m7zk2rbx5t3wna' });

/** Values per filter dimension: a filter is a short allow-list, and must fit KV list metadata. */
export const MAX_FILTER_VALUES = 50;

/**
 * KV list metadata is at most 1024 bytes serialized; the fan-out matches on it without reading
 * any value, so the whole normalized filter (with the disabled flag) must fit.
 */
export const MAX_LIST_METADATA_BYTES = 1024;

const dimension = <T extends z.ZodType>(item: T, description: string) =>
  z.array(item).min(1).max(MAX_FILTER_VALUES).optional().openapi({ description });

export const SubscriptionFilterSchema = z
  .object({
    publishers: dimension(PublisherId, 'Publisher ids; any of them matches.'),
    tags: dimension(
      z
        .string()
        .trim()
        .min(1)
        .max(50)
        .refine(tagFitsKey, `is too long to index: at most ${TAG_KEY_BUDGET} bytes once case-folded and percent-encoded`)
        .transform(tagKey),
      'Tags, matched case-insensitively (as /tags/{tag} matches); any of them matches.',
    ),
    languages: dimension(
      LanguageTag.transform((tag) => primaryLanguage(tag) ?? tag.toLowerCase()),
      'BCP 47 language tags; only the primary subtag counts ("kk-Cyrl-KZ" is "kk"); any of them matches.',
    ),
  })
  .strict()
  .openapi('SubscriptionFilter', {
    description: 'Dimensions combine with AND; a dimension left out matches every article. An article matches if it matched before or after the change.',
  });

/** The normalized filter as stored: duplicates removed, absent dimensions left out. */
export interface SubscriptionFilter {
  publishers?: string[];
  tags?: string[];
  languages?: string[];
}

export const NewSubscriptionSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute https URL' }).max(2048).openapi({
      example: 'https://partner.example/hooks/newswire',
      description: 'Where events are POSTed: https (plain http only to local hosts where ALLOW_PRIVATE_CALLBACKS is on). Redirects are never followed.',
    }),
    description: z.string().trim().max(500).optional(),
    filter: SubscriptionFilterSchema.optional(),
  })
  .strict()
  .openapi('NewSubscription');

export type NewSubscription = z.infer<typeof NewSubscriptionSchema>;

const unique = (values: readonly string[] | undefined): string[] | undefined => (values === undefined ? undefined : [...new Set(values)]);

export function normalizedFilter(filter: NewSubscription['filter']): SubscriptionFilter {
  const out: SubscriptionFilter = {};
  const publishers = unique(filter?.publishers);
  const tags = unique(filter?.tags);
  const languages = unique(filter?.languages);
  if (publishers) out.publishers = publishers;
  if (tags) out.tags = tags;
  if (languages) out.languages = languages;
  return out;
}

export const SubscriptionHealthSchema = z
  .object({
    state: z.enum(['healthy', 'failing', 'disabled']),
    last_success_at: z.string().nullable(),
    last_failure_at: z.string().nullable(),
    last_error: z.string().nullable(),
    consecutive_failures: z.number().int(),
    failing_since: z.string().nullable().openapi({ description: 'The first failure since the last success.' }),
    dropped_events: z.number().int().openapi({ description: 'Events given up on after their last attempt.' }),
    disabled_at: z.string().nullable(),
    disabled_reason: z.string().nullable(),
  })
  .openapi('SubscriptionHealth');

export type SubscriptionHealth = z.infer<typeof SubscriptionHealthSchema>;

export const SubscriptionViewSchema = z
  .object({
    id: SubscriptionId,
    url: z.string(),
    description: z.string().optional(),
    filter: z.object({ publishers: z.array(z.string()).optional(), tags: z.array(z.string()).optional(), languages: z.array(z.string()).optional() }),
    created_at: z.string(),
  })
  .openapi('Subscription');

export type SubscriptionView = z.infer<typeof SubscriptionViewSchema>;

export const SubscriptionWithHealthSchema = SubscriptionViewSchema.extend({ health: SubscriptionHealthSchema }).openapi('SubscriptionWithHealth');

export const SubscriptionWithSecretSchema = SubscriptionViewSchema.extend({
  secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Shown only here: store it.' }),
}).openapi('SubscriptionWithSecret');

export const RotatedSecretSchema = z
  .object({
    id: SubscriptionId,
    secret: z.string().openapi({ description: 'The new signing secret, shown only here.' }),
    previous_valid_until: z.string().openapi({ description: 'Until then deliveries carry a signature with the previous secret too.' }),
  })
  .openapi('RotatedSecret');

export const DeliveryAttemptSchema = z
  .object({
    webhook_id: z.string(),
    event: z.enum(['article.published', 'article.updated', 'article.deleted']),
    status: z.number().int().nullable().openapi({ description: 'The HTTP status answered; null when none came (network error, timeout, refused URL).' }),
    attempt: z.number().int(),
    at: z.string(),
    error: z.string().optional(),
  })
  .openapi('DeliveryAttempt');

export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;
