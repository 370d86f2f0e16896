import { z } from '@hono/zod-openapi';
import { HttpUrl, PublisherId } from './article-schema';

/** Schemas of the publishers admin API: they validate input, type the code and document the API. */

export const NewPublisherSchema = z
  .object({
    // Pulled sources store under "src-…" publisher ids; a webhook publisher must never share them.
    id: PublisherId.refine((id) => !id.startsWith('src-'), 'ids starting with "src-" are reserved for pulled sources'),
    name: z.string().trim().min(1).max(200),
    url: HttpUrl.optional(),
  })
  .openapi('NewPublisher');

export const PublisherWithSecretSchema = z
  .object({ id: z.string(), name: z.string(), url: z.string().nullable(), secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) })
  .openapi('PublisherWithSecret');

export type NewPublisher = z.infer<typeof NewPublisherSchema>;
