import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sealingKeys } from '../auth/secrets-key';
import type { AppEnv } from '../env';
import { createApiApp } from '../http/api-app';
import { problem, problemContent } from '../http/problem';
import { readBodyWithin } from '../http/read-body';
import { PublisherId, StoredArticleSchema, WebhookEventSchema } from '../model/article-schema';
import { NotAppliedSchema, ScheduledSchema } from '../model/delivery-outcome-schema';
import type { DeliveryAnswer } from '../ingest/delivery-answers';
import { announced, publisherObject } from '../ingest/publisher-client';

export const MAX_WEBHOOK_BODY = 1024 * 1024;

function answerAsResponse(answer: DeliveryAnswer, replayed: boolean): Response {
  const headers: Record<string, string> = { ...answer.headers };
  if (replayed) headers['idempotent-replayed'] = 'true';
  if (answer.body === null) return new Response(null, { status: answer.status, headers });
  const isProblem = answer.status >= 400;
  headers['content-type'] = isProblem ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

/**
 * Headers and body are checked here; the signature, the webhook-id and the event are the
 * publisher's object's business (ingest/publisher-object.ts), where they are decided in order.
 */
async function receiveWebhook(c: Context<AppEnv>): Promise<Response> {
  // Checked first: without a key no publisher can be verified, known or not.
  const config = sealingKeys(c.env);
  if (!config.ok) return problem(500, config.detail);
  const publisher = c.req.param('publisher') ?? '';
  const webhookId = c.req.header('webhook-id');
  const timestamp = c.req.header('webhook-timestamp');
  const signature = c.req.header('webhook-signature');
  if (!webhookId || !timestamp || !signature) return problem(401, 'webhook-id, webhook-timestamp and webhook-signature headers are required.');
  if (webhookId.length > 256) return problem(401, 'webhook-id is longer than 256 characters.');

  // The body is read before the publisher is looked up, and the content type checked only after
  // the signature: until a signature is valid, a known and an unknown publisher answer alike.
  const body = await readBodyWithin(c.req.raw, MAX_WEBHOOK_BODY);
  if (!body.ok) return problem(413, `The body exceeds ${MAX_WEBHOOK_BODY} bytes.`);
  // A malformed id names no publisher (and no object is created for it).
  if (!PublisherId.safeParse(publisher).success) return problem(401, 'Signature rejected: no signature matches.');

  const request = { publisher, webhookId, timestamp, signature, contentType: c.req.header('content-type') ?? '', body: body.bytes };
  const { answer, replayed } = await announced(async () => publisherObject(c.env, publisher).receiveWebhook(request, config.keys));
  return answerAsResponse(answer, replayed);
}

export const webhooks = createApiApp();
webhooks.post('/webhooks/:publisher', receiveWebhook);

// The handler reads the raw body itself (the signature covers its exact bytes), so the
// route is documented here rather than validated by OpenAPIHono; the schema is the same.
webhooks.openAPIRegistry.registerPath({
  method: 'post',
  path: '/webhooks/{publisher}',
  tags: ['Publishers'],
  summary: 'Publish, update or delete an article (Standard Webhooks)',
  description:
    'Signed per standardwebhooks.com: `webhook-signature: v1,<base64 HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")>`. ' +
    'Timestamps more than 5 minutes off are refused. A repeated webhook-id with the same body gets the first answer again and is applied once; ' +
    'with a different body it is a 409 and nothing is applied. ' +
    'Events are applied in the order of their envelope `timestamp`, whatever order they arrive in: an event older than the one behind the stored version ' +
    '(or its deletion) is acknowledged with `{"applied": false, "reason": "stale"}` and changes nothing; a deletion is remembered for 35 days. ' +
    'A `date_published` more than 5 minutes ahead is an embargo: 202 with `scheduled_for`, invisible everywhere until then; an update reschedules, a delete cancels. ' +
    'A publisher reaches only its own articles.',
  request: {
    params: z.object({ publisher: PublisherId.openapi({ param: { name: 'publisher', in: 'path' } }) }),
    headers: z.object({
      'webhook-id': z.string().max(256),
      'webhook-timestamp': z.string().openapi({ description: 'Unix seconds' }),
      'webhook-signature': z.string().openapi({ description: 'Space-separated `v1,<base64>` signatures' }),
    }),
    body: { required: true, content: { 'application/json': { schema: WebhookEventSchema } } },
  },
  responses: {
    200: {
      description: 'Replaced or unchanged (article.published of an existing id, or article.updated); or a stale event, not applied',
      content: { 'application/json': { schema: z.union([StoredArticleSchema, NotAppliedSchema]) } },
    },
    201: { description: 'Created (also a publish newer than the deletion of its id)', content: { 'application/json': { schema: StoredArticleSchema } } },
    202: { description: 'Scheduled: date_published is more than 5 minutes ahead', content: { 'application/json': { schema: ScheduledSchema } } },
    204: { description: 'Deleted' },
    400: { description: 'Malformed JSON', content: problemContent },
    401: { description: 'Signature missing or invalid, unknown or deleted publisher, timestamp out of tolerance', content: problemContent },
    404: { description: 'article.updated or article.deleted of an unknown id', content: problemContent },
    409: { description: 'This webhook-id was delivered before with a different body; nothing applied', content: problemContent },
    413: { description: 'Body over 1 MiB', content: problemContent },
    415: { description: 'Not application/json (checked after the signature)', content: problemContent },
    422: { description: 'Schema violation, with an `errors` list', content: problemContent },
    500: {
      description:
        "SECRETS_KEY missing or shorter than 32 bytes, or it cannot open this publisher's secret; or the change was recorded but only partly written " +
        '(it is completed without a new request, and retrying the delivery is safe)',
      content: problemContent,
    },
  },
});
