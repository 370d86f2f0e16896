import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { privateSourcesAllowed, type AppEnv, type Env } from '../env';
import { createApiApp } from '../http/api-app';
import { outboundUrlRefusal } from '../http/outbound-url';
import { fieldErrors, problemContent, problemJson, type FieldError } from '../http/problem';
import { readBodyWithin } from '../http/read-body';
import { OpmlRefused, readOpml } from '../ingest/opml';
import { renderOpml } from '../render/opml';
import { NewSourceSchema, OpmlImportResultSchema, PullReportSchema, SourceId, SourceViewSchema, type NewSource, type SkippedOutline } from '../model/source-schema';
import { decodeFeedBytes } from '../ingest/upstream/decode-charset';
import type { FetchLike } from '../ingest/upstream/fetch-upstream';
import { pullSource } from '../ingest/upstream/pull-source';
import { RunBudget } from '../ingest/upstream/run-budget';
import { DEFAULT_RUN_LIMITS, pullContext, type RunLimits } from '../ingest/upstream/schedule';
import type { Sleep } from '../ingest/upstream/source-lease';
import { FeedError } from '../ingest/upstream/upstream-feed';
import { KvPublisherRecords } from '../store/publisher-store';
import { feedUrlHash, SourceStore, sourceView, type SourceRecord } from '../store/source-store';
import { newSourceRecord } from '../ingest/new-source';
import { adminSecurity, adminUnauthorized, notFoundResponse } from './admin-route-docs';

const MAX_OPML_BODY = 1024 * 1024;
// Each created source is one KV write; an invocation may make 1000 KV operations.
const MAX_OPML_SOURCES = 500;
// Everything an import spends on KV (the source list, publisher reads of outlines created or
// refused, the writes) stays under this, with a margin under the 1000 per invocation.
const OPML_KV_BUDGET = 900;
const XML_TYPE = /^(?:text|application)\/(?:[\w.+-]+\+)?(?:xml|x-opml)\s*(?:;|$)/i;

const security = adminSecurity;
const unauthorized = adminUnauthorized;
const notFound = notFoundResponse('Unknown source');
const IdParam = z.object({ id: SourceId.openapi({ param: { name: 'id', in: 'path' } }) });
const opmlContent = { 'text/x-opml': { schema: z.string().openapi({ description: 'OPML 2.0 document' }) } };

// A malformed id can name no source: 404, not 422.
const idHook = (result: { success: boolean }, c: Context<AppEnv>) =>
  result.success ? undefined : problemJson(c, 404, 'No such source.');

/** Null when the namespace may be used; a deleted publisher's id must not be inherited. */
async function publisherRefusal(kv: KVNamespace, env: Env, publisher: string | undefined): Promise<string | null> {
  if (!publisher) return null;
  // The deleted publisher's public marker (written by its object before it answers the delete).
  const record = await new KvPublisherRecords(kv).get(publisher);
  return record?.deleted_at ? `Publisher "${publisher}" was deleted; its namespace is not reused.` : null;
}

/** Publisher verdicts already read in this request: an import naming one publisher many times reads it once. */
type PublisherVerdicts = Map<string, string | null>;

async function createSource(
  kv: KVNamespace,
  env: Env,
  input: NewSource,
  taken: Set<string>,
  verdicts: PublisherVerdicts = new Map(),
): Promise<{ ok: true; record: SourceRecord } | { ok: false; error: string }> {
  const record = newSourceRecord(input, new Date());
  const hash = await feedUrlHash(record.url);
  if (taken.has(hash)) return { ok: false, error: `${record.url} is already a source.` };
  const key = input.publisher ?? '';
  const refusal = verdicts.has(key) ? (verdicts.get(key) ?? null) : await publisherRefusal(kv, env, input.publisher);
  verdicts.set(key, refusal);
  if (refusal) return { ok: false, error: refusal };
  await new SourceStore(kv).put(record);
  taken.add(hash);
  return { ok: true, record };
}

async function takenUrls(store: SourceStore): Promise<Set<string>> {
  return new Set((await store.schedule()).map((e) => e.urlHash));
}

/**
 * `allowPrivate` overrides the ALLOW_PRIVATE_SOURCES var (tests of the address rule set it
 * false whatever the test config says); `sleep` lets tests skip the KV write gap.
 */
export function createAdminSources(options: { fetch?: FetchLike; limits?: Partial<RunLimits>; allowPrivate?: boolean; sleep?: Sleep } = {}) {
  // workerd refuses `fetch` called with another `this`, so it is wrapped, not passed.
  const upstreamFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const limits: RunLimits = { ...DEFAULT_RUN_LIMITS, ...options.limits };
  const allowPrivate = (env: Env) => options.allowPrivate ?? privateSourcesAllowed(env);

  return createApiApp()
    .openapi(
      createRoute({
        method: 'post', path: '/admin/sources', tags: ['Admin'], security, summary: 'Add an upstream feed to pull',
        request: { body: { required: true, content: { 'application/json': { schema: NewSourceSchema } } } },
        responses: {
          201: { description: 'Created; due at the next cron run', content: { 'application/json': { schema: SourceViewSchema } } },
          409: { description: 'The URL is already a source, or the publisher was deleted', content: problemContent },
          422: { description: 'Schema violation, or a URL that may not be fetched (credentials, or a loopback, private or local host)', content: problemContent },
          ...unauthorized,
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        const refused = outboundUrlRefusal(input.url, { allowPrivate: allowPrivate(c.env) });
        if (refused) return problemJson(c, 422, 'The source URL may not be fetched.', [{ path: 'url', message: refused }]);
        const store = new SourceStore(c.env.KV);
        const created = await createSource(c.env.KV, c.env, input, await takenUrls(store));
        if (!created.ok) return problemJson(c, 409, created.error);
        return c.json(sourceView(created.record), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/admin/sources', tags: ['Admin'], security, summary: 'Sources and their health',
        responses: { 200: { description: 'Every source, oldest first', content: { 'application/json': { schema: z.object({ sources: z.array(SourceViewSchema) }) } } }, ...unauthorized },
      }),
      async (c) => {
        const records = await new SourceStore(c.env.KV).all();
        records.sort((a, b) => a.created_at.localeCompare(b.created_at));
        return c.json({ sources: records.map(sourceView) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/admin/sources.opml', tags: ['Admin'], security, summary: 'Export the sources as OPML 2.0',
        responses: { 200: { description: 'OPML 2.0', content: opmlContent }, ...unauthorized },
      }),
      async (c) => {
        const records = await new SourceStore(c.env.KV).all();
        records.sort((a, b) => a.created_at.localeCompare(b.created_at));
        const body = renderOpml(records, `${c.env.SITE_TITLE ?? 'newswire'} sources`, new Date());
        return c.body(body, 200, { 'content-type': 'text/x-opml; charset=utf-8', 'content-disposition': 'attachment; filename="sources.opml"' });
      },
    )
    .openapi(
      createRoute({
        method: 'post', path: '/admin/sources.opml', tags: ['Admin'], security, summary: 'Import sources from OPML',
        description:
          `Every outline with an xmlUrl becomes a source (nested outlines too), validated like POST /admin/sources. At most ${MAX_OPML_SOURCES} per import; ` +
          'known URLs and invalid outlines are skipped. A DOCTYPE, or any outline URL that may not be fetched, refuses the whole import (422).',
        request: { body: { required: true, content: opmlContent } },
        responses: {
          200: { description: 'What was created and what was skipped, and why', content: { 'application/json': { schema: OpmlImportResultSchema } } },
          400: { description: 'Not a well-formed OPML document', content: problemContent },
          413: { description: 'Body over 1 MiB', content: problemContent },
          415: { description: 'Not an XML media type', content: problemContent },
          422: { description: 'A DOCTYPE, or outlines whose URLs may not be fetched (each named in errors); nothing was imported', content: problemContent },
          ...unauthorized,
        },
      }),
      async (c) => {
        const contentType = c.req.header('content-type') ?? '';
        if (!XML_TYPE.test(contentType)) return problemJson(c, 415, 'Send the OPML document as text/x-opml, text/xml or application/xml.');
        const body = await readBodyWithin(c.req.raw, MAX_OPML_BODY);
        if (!body.ok) return problemJson(c, 413, `The body exceeds ${MAX_OPML_BODY} bytes.`);
        let outlines;
        try {
          outlines = readOpml(decodeFeedBytes(body.bytes, contentType).text);
        } catch (err) {
          if (err instanceof OpmlRefused) return problemJson(c, 422, err.message);
          if (err instanceof FeedError) return problemJson(c, 400, err.message);
          throw err;
        }
        const parsedOutlines = outlines.map((outline) => ({ outline, parsed: NewSourceSchema.safeParse(outline) }));
        // All or nothing: an import aiming at a host that may not be fetched is a mistake or an attack.
        const refused: FieldError[] = [];
        parsedOutlines.forEach(({ outline, parsed }, i) => {
          const reason = parsed.success ? outboundUrlRefusal(parsed.data.url, { allowPrivate: allowPrivate(c.env) }) : null;
          if (reason) refused.push({ path: `outline[${i}].xmlUrl`, message: `${outline.url}: ${reason}` });
        });
        if (refused.length > 0) {
          return problemJson(c, 422, `${refused.length} outline(s) name a URL that may not be fetched; nothing was imported.`, refused);
        }
        const budget = new RunBudget(c.env.KV, { fetches: 0, kvOps: OPML_KV_BUDGET });
        const taken = await takenUrls(new SourceStore(budget.kv));
        const verdicts: PublisherVerdicts = new Map();
        const created = [];
        const skipped: SkippedOutline[] = [];
        for (const { outline, parsed } of parsedOutlines) {
          if (created.length >= MAX_OPML_SOURCES) {
            skipped.push({ url: outline.url, reason: `import limit of ${MAX_OPML_SOURCES} sources reached` });
            continue;
          }
          if (!parsed.success) {
            skipped.push({ url: outline.url, reason: fieldErrors(parsed.error.issues).map((e) => `${e.path}: ${e.message}`).join('; ') });
            continue;
          }
          // A publisher read and a write at most; outlines past the budget are left for another import.
          if (!budget.canSpendKv(2)) {
            skipped.push({ url: outline.url, reason: `import KV budget of ${OPML_KV_BUDGET} operations reached; import it again` });
            continue;
          }
          const result = await createSource(budget.kv, c.env, parsed.data, taken, verdicts);
          if (!result.ok) skipped.push({ url: outline.url, reason: result.error });
          else created.push(sourceView(result.record));
        }
        return c.json({ created, skipped }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete', path: '/admin/sources/{id}', tags: ['Admin'], security, summary: 'Stop pulling a source',
        description: 'Articles already pulled stay published.',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...notFound, ...unauthorized },
      }),
      async (c) => {
        if (!(await new SourceStore(c.env.KV).delete(c.req.valid('param').id))) return problemJson(c, 404, 'No such source.');
        return c.body(null, 204);
      },
      idHook,
    )
    .openapi(
      createRoute({
        method: 'post', path: '/admin/sources/{id}/pull', tags: ['Admin'], security, summary: 'Pull one source now',
        description: 'Runs the same pull as the cron, also for a source stopped by HTTP 410, and reports what happened.',
        request: { params: IdParam },
        responses: { 200: { description: 'What the pull did (a failed fetch is reported here, not as an HTTP error)', content: { 'application/json': { schema: PullReportSchema } } }, ...notFound, ...unauthorized },
      }),
      async (c) => {
        const budget = new RunBudget(c.env.KV, limits.budget);
        const record = await new SourceStore(budget.kv).get(c.req.valid('param').id);
        if (!record) return problemJson(c, 404, 'No such source.');
        const report = await pullSource(pullContext({ kv: c.env.KV, fetch: upstreamFetch, allowPrivate: allowPrivate(c.env), sleep: options.sleep, publishers: c.env.PUBLISHERS }, budget, limits), record);
        return c.json(report, 200);
      },
      idHook,
    );
}

export const adminSources = createAdminSources();
