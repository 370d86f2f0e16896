import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sealingKeys, UNOPENABLE_SECRET_DETAIL } from '../auth/secrets-key';
import { privateCallbacksAllowed, type AppEnv } from '../env';
import { createApiApp } from '../http/api-app';
import { httpsRequired, outboundUrlRefusal } from '../http/outbound-url';
import { problemContent, problemJson } from '../http/problem';
import {
  DeliveryAttemptSchema,
  NewSubscriptionSchema,
  normalizedFilter,
  RotatedSecretSchema,
  SubscriptionId,
  SubscriptionWithHealthSchema,
  SubscriptionWithSecretSchema,
} from '../model/subscription-schema';
import { recentAttempts } from '../push/partners/delivery-log';
import { newSubscriptionId, partnerObject } from '../push/partners/partner-client';
import { filterFitsMetadata } from '../push/partners/subscription-record';
import { listPartnerSubscriptions } from '../store/partner-subscriptions';
import { adminSecurity, adminUnauthorized, notFoundResponse, secretsKeyBroken } from './admin-route-docs';

const security = adminSecurity;
const unauthorized = adminUnauthorized;
const notFound = notFoundResponse('Unknown subscription');
const IdParam = z.object({ id: SubscriptionId.openapi({ param: { name: 'id', in: 'path' } }) });

// A malformed id can name no subscription: 404, not 422.
const idHook = (result: { success: boolean }, c: Context<AppEnv>) => (result.success ? undefined : problemJson(c, 404, 'No such subscription.'));

/** Why a partner URL may not be used, or null: https only, unless local subscribers are allowed. */
function urlRefusal(url: string, allowPrivate: boolean): string | null {
  if (httpsRequired(url, allowPrivate)) return 'must be an https URL';
  return outboundUrlRefusal(url, { allowPrivate });
}

export const adminSubscriptions = createApiApp()
  .openapi(
    createRoute({
      method: 'post', path: '/admin/subscriptions', tags: ['Admin'], security, summary: 'Subscribe a partner to article events',
      description: 'Events matching the filter are POSTed to the URL, signed per Standard Webhooks. Returns the signing secret once; store it, it cannot be read back.',
      request: { body: { required: true, content: { 'application/json': { schema: NewSubscriptionSchema } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: SubscriptionWithSecretSchema } } },
        422: { description: 'Schema violation, a URL that may not be called (not https, credentials, a loopback, private or local host), or a filter too large', content: problemContent },
        ...secretsKeyBroken,
        ...unauthorized,
      },
    }),
    async (c) => {
      const config = sealingKeys(c.env);
      if (!config.ok) return problemJson(c, 500, config.detail);
      const input = c.req.valid('json');
      const refused = urlRefusal(input.url, privateCallbacksAllowed(c.env));
      if (refused) return problemJson(c, 422, 'The subscription URL may not be called.', [{ path: 'url', message: refused }]);
      const filter = normalizedFilter(input.filter);
      if (!filterFitsMetadata(filter)) {
        return problemJson(c, 422, 'The filter is too large.', [{ path: 'filter', message: 'must fit 1024 bytes once serialized (fewer or shorter values)' }]);
      }
      const description = input.description === undefined || input.description === '' ? {} : { description: input.description };
      // 80 random bits: a taken id is practically impossible, and would only mean drawing again.
      for (;;) {
        const id = newSubscriptionId();
        const created = await partnerObject(c.env.PARTNERS, id).create({ id, url: input.url, ...description, filter }, config.keys, Date.now());
        if (created !== 'taken') return c.json({ ...created.view, secret: created.secret }, 201);
      }
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/admin/subscriptions', tags: ['Admin'], security, summary: 'Partner subscriptions and their health',
      description: 'Secrets are never shown here. A subscription deleted a moment ago may still be missing from or present in KV\'s listing for up to a minute; its object has the last word.',
      responses: {
        200: { description: 'Every subscription, oldest first', content: { 'application/json': { schema: z.object({ subscriptions: z.array(SubscriptionWithHealthSchema) }) } } },
        ...unauthorized,
      },
    }),
    async (c) => {
      const listed = await listPartnerSubscriptions(c.env.KV);
      const views = await Promise.all(listed.map(({ id }) => partnerObject(c.env.PARTNERS, id).view(id)));
      const subscriptions = views.flatMap((view) => (view ? [view] : []));
      subscriptions.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
      return c.json({ subscriptions }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/admin/subscriptions/{id}', tags: ['Admin'], security, summary: 'Delete a partner subscription',
      description: 'No delivery is signed for it once this answers, retries included. The id is never reissued.',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...notFound, ...unauthorized },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      if (!(await partnerObject(c.env.PARTNERS, id).remove(id, Date.now()))) return problemJson(c, 404, 'No such subscription.');
      return c.body(null, 204);
    },
    idHook,
  )
  .openapi(
    createRoute({
      method: 'post', path: '/admin/subscriptions/{id}/secrets', tags: ['Admin'], security, summary: 'Rotate the signing secret',
      description: 'The new secret signs from now on; the previous one keeps signing beside it (two v1 signatures in webhook-signature) until previous_valid_until, 24 hours later. A second rotation ends the earlier overlap.',
      request: { params: IdParam },
      responses: {
        201: { description: 'New secret', content: { 'application/json': { schema: RotatedSecretSchema } } },
        ...notFound,
        ...secretsKeyBroken,
        ...unauthorized,
      },
    }),
    async (c) => {
      const config = sealingKeys(c.env);
      if (!config.ok) return problemJson(c, 500, config.detail);
      const id = c.req.valid('param').id;
      const rotated = await partnerObject(c.env.PARTNERS, id).rotate(id, config.keys, Date.now());
      if (rotated === 'missing') return problemJson(c, 404, 'No such subscription.');
      if (rotated === 'unopenable') return problemJson(c, 500, UNOPENABLE_SECRET_DETAIL);
      return c.json({ id, secret: rotated.secret, previous_valid_until: new Date(rotated.previousValidUntil).toISOString() }, 201);
    },
    idHook,
  )
  .openapi(
    createRoute({
      method: 'get', path: '/admin/subscriptions/{id}/deliveries', tags: ['Admin'], security, summary: 'Recent delivery attempts',
      description: 'The last 100 attempts of the past 7 days, newest first.',
      request: { params: IdParam },
      responses: {
        200: { description: 'Attempts, newest first', content: { 'application/json': { schema: z.object({ deliveries: z.array(DeliveryAttemptSchema) }) } } },
        ...notFound,
        ...unauthorized,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      if (!(await partnerObject(c.env.PARTNERS, id).view(id))) return problemJson(c, 404, 'No such subscription.');
      return c.json({ deliveries: await recentAttempts(c.env.KV, id) }, 200);
    },
    idHook,
  );
