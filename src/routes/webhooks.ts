import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SealingKeys } from '../auth/secret-box';
import { sealingKeys, UNOPENABLE_SECRET_DETAIL } from '../auth/secrets-key';
import { verifyWebhookSignature } from '../auth/webhook-signature';
import type { AppEnv } from '../env';
import { createApiApp } from '../http/api-app';
import { fieldErrors, problem, problemBody, problemContent, type FieldError } from '../http/problem';
import { readBodyWithin } from '../http/read-body';
import { PublisherId, StoredArticleSchema, WebhookEventSchema, type WebhookEvent } from '../model/article-schema';
import { deleteArticle, ingestArticle } from '../ingest/article-intake';
import { DeliveryLog, type DeliveryAnswer } from '../store/delivery-store';
import { ArticleStore } from '../store/article-store';
import { isActive, PublisherStore, type PublisherRecord } from '../store/publisher-store';

export const MAX_WEBHOOK_BODY = 1024 * 1024;

function answerAsResponse(answer: DeliveryAnswer, replayed: boolean): Response {
  const headers: Record<string, string> = { ...answer.headers };
  if (replayed) headers['idempotent-replayed'] = 'true';
  if (answer.body === null) return new Response(null, { status: answer.status, headers });
  const isProblem = answer.status >= 400;
  headers['content-type'] = isProblem ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

function problemAnswer(status: 400 | 404 | 422, detail: string, errors?: FieldError[]): DeliveryAnswer {
  return { status, body: problemBody(status, detail, errors) };
}

/** Applies one verified, schema-valid event inside the publisher's own namespace. */
async function applyEvent(store: ArticleStore, publisher: PublisherRecord, event: WebhookEvent): Promise<DeliveryAnswer> {
  if (event.type === 'article.deleted') {
    const deleted = await deleteArticle(store, publisher.id, event.data.id);
    return deleted ? { status: 204, body: null } : problemAnswer(404, `No article "${event.data.id}" from this publisher.`);
  }
  const provenance = { publisher: publisher.id, publisherName: publisher.name, receivedAt: new Date() };
  const mode = event.type === 'article.updated' ? 'replace-existing' : 'upsert';
  const result = await ingestArticle(store, event.data, provenance, mode);
  if (result.outcome === 'missing') return problemAnswer(404, `No article "${event.data.id}" from this publisher to update.`);
  const location = `/api/articles/${publisher.id}/${result.article.id}`;
  return result.outcome === 'created'
    ? { status: 201, body: result.article, headers: { location } }
    : { status: 200, body: result.article, headers: { 'content-location': location } };
}

/** A failed re-seal (e.g. KV's one write per second per key) leaves it for the next delivery. */
async function resealQuietly(publishers: PublisherStore, publisher: PublisherRecord, secrets: string[], keys: SealingKeys): Promise<void> {
  try {
    await publishers.reseal(publisher, secrets, keys);
  } catch (err) {
    console.error(`re-sealing the webhook secrets of publisher "${publisher.id}" under SECRETS_KEY failed`, err);
  }
}

async function receiveWebhook(c: Context<AppEnv>): Promise<Response> {
  // Checked first: without a key no publisher can be verified, known or not.
  const config = sealingKeys(c.env);
  if (!config.ok) return problem(500, config.detail);
  const { keys } = config;
  const publisherId = c.req.param('publisher') ?? '';
  const id = c.req.header('webhook-id');
  const timestamp = c.req.header('webhook-timestamp');
  const signature = c.req.header('webhook-signature');
  if (!id || !timestamp || !signature) return problem(401, 'webhook-id, webhook-timestamp and webhook-signature headers are required.');
  if (id.length > 256) return problem(401, 'webhook-id is longer than 256 characters.');

  // The body is read before the publisher is looked up, and the content type checked only after
  // the signature: until a signature is valid, a known and an unknown publisher answer alike.
  const body = await readBodyWithin(c.req.raw, MAX_WEBHOOK_BODY);
  if (!body.ok) return problem(413, `The body exceeds ${MAX_WEBHOOK_BODY} bytes.`);

  const publishers = new PublisherStore(c.env.KV);
  const found = PublisherId.safeParse(publisherId).success ? await publishers.get(publisherId) : null;
  // Unknown and deleted publishers are verified against no secret at all, so they get exactly
  // the answer a known one gives to a wrong signature: no oracle for which ids exist.
  const publisher = isActive(found) ? found : null;
  const opened = publisher ? await publishers.activeSecrets(publisher, keys) : { secrets: [], stale: false };
  if (opened === 'unopenable') {
    console.error(`webhook secrets of publisher "${publisherId}": ${UNOPENABLE_SECRET_DETAIL}`);
    return problem(500, UNOPENABLE_SECRET_DETAIL);
  }
  const verdict = await verifyWebhookSignature({ id, timestamp, signature, body: body.bytes }, opened.secrets);
  if (!verdict.ok) return problem(401, `Signature rejected: ${verdict.reason}.`);
  // Without a publisher there was no secret, so no signature matched: this is for the type only.
  if (!publisher) return problem(401, 'Signature rejected: no signature matches.');
  // Only a signed request re-seals: an unsigned one must not cost a KV write.
  if (opened.stale) await resealQuietly(publishers, publisher, opened.secrets, keys);

  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) return problem(415, 'Send the event as application/json.');

  const { answer, replayed } = await new DeliveryLog(c.env.KV).once(publisher.id, id, async () => {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body.bytes));
    } catch {
      return problemAnswer(400, 'The body is not well-formed UTF-8 JSON.');
    }
    const parsed = WebhookEventSchema.safeParse(json);
    if (!parsed.success) {
      return problemAnswer(422, 'The event does not match the schema.', fieldErrors(parsed.error.issues));
    }
    return applyEvent(new ArticleStore(c.env.KV), publisher, parsed.data);
  });
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
    'Timestamps more than 5 minutes off are refused. A repeated webhook-id gets the first answer again and is applied once. ' +
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
    200: { description: 'Replaced (article.published of an existing id, or article.updated)', content: { 'application/json': { schema: StoredArticleSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: StoredArticleSchema } } },
    204: { description: 'Deleted' },
    400: { description: 'Malformed JSON', content: problemContent },
    401: { description: 'Signature missing or invalid, unknown or deleted publisher, timestamp out of tolerance', content: problemContent },
    404: { description: 'article.updated or article.deleted of an unknown id', content: problemContent },
    413: { description: 'Body over 1 MiB', content: problemContent },
    415: { description: 'Not application/json (checked after the signature)', content: problemContent },
    422: { description: 'Schema violation, with an `errors` list', content: problemContent },
    500: { description: 'SECRETS_KEY missing or shorter than 32 bytes, or it cannot open this publisher\'s secret', content: problemContent },
  },
});
