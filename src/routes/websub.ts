import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { seal } from '../auth/secret-box';
import { sealingKeys } from '../auth/secrets-key';
import { privateCallbacksAllowed, type AppEnv } from '../env';
import { createApiApp } from '../http/api-app';
import { httpsRequired, outboundUrlRefusal } from '../http/outbound-url';
import { readBodyWithin } from '../http/read-body';
import { HUB_PATH, siteOrigin } from '../http/site-urls';
import type { WebSubVerifyMessage } from '../model/push-messages';
import { clampLease, DEFAULT_LEASE_SECONDS, MAX_LEASE_SECONDS, MIN_LEASE_SECONDS } from '../push/websub/lease';
import { parseTopic } from '../push/websub/topics';

/** A form of four short fields and a URL or two: anything larger is not a subscription request. */
const MAX_FORM_BYTES = 8 * 1024;
const MAX_URL_CHARS = 2048;
/** The issue's bound, 200 bytes (WebSub §5.1 asks subscribers for fewer: a hub may take that one more). */
const MAX_SECRET_BYTES = 200;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The one description of a subscription request: it validates the form and documents it. */
export const WebSubRequestSchema = z
  .object({
    'hub.mode': z.enum(['subscribe', 'unsubscribe'], { error: 'must be subscribe or unsubscribe' }),
    'hub.topic': z.string({ error: 'is required' }).min(1, 'is required').max(MAX_URL_CHARS, `must be at most ${MAX_URL_CHARS} characters`).openapi({
      description: 'The rel=self URL of one of the site’s feeds, first page: /feed.xml, /atom.xml, /feed.json, or the same under /tags/{tag}, /publishers/{id}, /lang/{code}.',
      example: 'https://news.example.kz/lang/kk/atom.xml',
    }),
    'hub.callback': z.string({ error: 'is required' }).min(1, 'is required').max(MAX_URL_CHARS, `must be at most ${MAX_URL_CHARS} characters`).openapi({
      description: 'An absolute https URL (http and private hosts only where ALLOW_PRIVATE_CALLBACKS is on) that answers the verification GET and receives content POSTs.',
      example: 'https://reader.example/websub/callback?feed=17',
    }),
    'hub.lease_seconds': z
      .string()
      .regex(/^\d{1,10}$/, 'must be a whole number of seconds')
      .optional()
      .openapi({ description: `Clamped to ${MIN_LEASE_SECONDS}…${MAX_LEASE_SECONDS} (1 hour … 10 days); ${DEFAULT_LEASE_SECONDS} (7 days) when absent. The verification request names the lease granted.` }),
    'hub.secret': z
      .string()
      .refine((s) => bytes(s) <= MAX_SECRET_BYTES, `must be at most ${MAX_SECRET_BYTES} bytes`)
      .optional()
      .openapi({ description: 'Signs every content delivery: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>`. At most 200 bytes; over https only.' }),
  })
  .openapi('WebSubRequest');

type WebSubRequest = z.infer<typeof WebSubRequestSchema>;

const HUB_FIELDS = Object.keys(WebSubRequestSchema.shape);

/** WebSub's subscriber is a program: a plain-text reason is what it can log. */
function text(status: 202 | 400 | 413 | 415 | 500, body: string): Response {
  return new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function readForm(form: URLSearchParams): { ok: true; fields: Record<string, string> } | { ok: false; reason: string } {
  const fields: Record<string, string> = {};
  for (const [name, value] of form) {
    if (!HUB_FIELDS.includes(name)) continue;
    if (name in fields) return { ok: false, reason: `${name} is given more than once` };
    // An empty optional field is a form's way of leaving it out.
    if (value === '' && (name === 'hub.secret' || name === 'hub.lease_seconds')) continue;
    fields[name] = value;
  }
  return { ok: true, fields };
}

/** The callback as it will be stored and hashed (the fragment is never sent), or why it is refused. */
function canonicalCallback(raw: string, allowPrivate: boolean): { ok: true; url: string } | { ok: false; reason: string } {
  const url = URL.parse(raw);
  if (!url) return { ok: false, reason: 'hub.callback is not an absolute URL' };
  url.hash = '';
  const refusal = outboundUrlRefusal(url, { allowPrivate });
  if (refusal !== null) return { ok: false, reason: `hub.callback is refused: ${refusal}` };
  if (httpsRequired(url, allowPrivate)) return { ok: false, reason: 'hub.callback must be an https URL' };
  if (url.href.length > MAX_URL_CHARS) return { ok: false, reason: `hub.callback must be at most ${MAX_URL_CHARS} characters` };
  return { ok: true, url: url.href };
}

async function subscriptionRequest(c: Context<AppEnv>): Promise<Response> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return text(415, 'The request must be a form: Content-Type application/x-www-form-urlencoded.');
  const body = await readBodyWithin(c.req.raw, MAX_FORM_BYTES);
  if (!body.ok) return text(413, `The form exceeds ${MAX_FORM_BYTES} bytes.`);

  const form = readForm(new URLSearchParams(new TextDecoder().decode(body.bytes)));
  if (!form.ok) return text(400, form.reason);
  const parsed = WebSubRequestSchema.safeParse(form.fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return text(400, issue ? `${issue.path.join('.')} ${issue.message}` : 'The form is not a subscription request.');
  }
  const request: WebSubRequest = parsed.data;
  const allowPrivate = privateCallbacksAllowed(c.env);

  const callback = canonicalCallback(request['hub.callback'], allowPrivate);
  if (!callback.ok) return text(400, callback.reason);
  if (URL.parse(request['hub.topic']) === null) return text(400, 'hub.topic is not an absolute URL');

  const topic = parseTopic(request['hub.topic'], siteOrigin(c));
  if (!topic.ok) {
    if (request['hub.mode'] === 'unsubscribe') return text(400, `hub.topic is not a topic of this hub: ${topic.reason}`);
    // §5.2: the hub may deny a subscription asynchronously, at the callback, with a reason.
    await c.env.DELIVERIES.send({ kind: 'websub.deny', topic: request['hub.topic'], callback: callback.url, reason: topic.reason });
    return text(202, `Accepted; the subscription will be denied at the callback: ${topic.reason}.`);
  }

  const message: WebSubVerifyMessage = {
    kind: 'websub.verify',
    mode: request['hub.mode'],
    topic: topic.topic,
    callback: callback.url,
    leaseSeconds: clampLease(request['hub.lease_seconds'] === undefined ? undefined : Number(request['hub.lease_seconds'])),
    requestedAt: Date.now(),
  };
  const secret = request['hub.secret'];
  if (secret !== undefined && request['hub.mode'] === 'subscribe') {
    // §5.1: a secret SHOULD only be sent to a hub over https, or it is no longer a secret.
    if (new URL(c.req.url).protocol !== 'https:' && !allowPrivate) return text(400, 'hub.secret may only be sent over https');
    const keys = sealingKeys(c.env);
    if (!keys.ok) return text(500, keys.detail);
    message.secret = await seal(secret, keys.keys.current);
  }
  await c.env.DELIVERIES.send(message);
  return text(202, `Accepted; the hub will verify the ${request['hub.mode']} request at the callback.`);
}

export const websub = createApiApp();
websub.post(HUB_PATH, subscriptionRequest);

// The handler reads the form itself (plain-text answers, WebSub's parameter names), so the route
// is documented here rather than validated by OpenAPIHono; the schema is the same one.
const plain = { 'text/plain': { schema: z.string() } };
websub.openAPIRegistry.registerPath({
  method: 'post',
  path: HUB_PATH,
  tags: ['WebSub'],
  summary: 'Subscribe to a feed, or unsubscribe (WebSub hub)',
  description:
    'W3C WebSub §5.1. Every feed names this hub (`<atom:link rel="hub">`, JSON Feed `hubs`, `Link: <…/websub>; rel="hub"`). ' +
    'The hub answers 202 and then verifies intent (§5.3): a GET to the callback with `hub.mode`, `hub.topic`, `hub.challenge` and (subscribe) `hub.lease_seconds`; ' +
    'the subscription is active only if the callback answers 2xx with exactly the challenge as its body. A topic the hub does not serve is denied at the callback (§5.2: `hub.mode=denied`, `hub.reason`). ' +
    'Each change of a topic is POSTed to its subscribers (§7) with the feed’s Content-Type, `Link` rel=hub and rel=self, and `X-Hub-Signature: sha256=…` when a secret was given (§8).',
  request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: WebSubRequestSchema } } } },
  responses: {
    202: { description: 'Accepted: verification (or denial) follows at the callback', content: plain },
    400: { description: 'Not a valid request (the reason, as plain text)', content: plain },
    413: { description: 'The form is too large', content: plain },
    415: { description: 'Not a form', content: plain },
  },
});
