import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { FEED_TYPES, HUB_PATH, feedLinks, feedPath, listingPagePath, articlePagePath, scopeTitle, siteOrigin, siteTitle, tagPagePath, websubLinkHeader, withCursor, type FeedFormat } from '../http/site-urls';
import { versionedResponse } from '../http/versioned-response';
import type { StoredArticle } from '../model/article-schema';
import { renderAtom } from '../render/atom';
import type { FeedDocument } from '../render/feed-document';
import { renderJsonFeed } from '../render/json-feed';
import { renderRss } from '../render/rss';
import { ArticleStore } from '../store/article-store';
import type { Scope } from '../store/keys';
import { lastModifiedOf, listingVersion, listPage, readRecords, scopeFromRoute } from './listing';

export const FEED_SIZE = 50;

// public/logo-144.png, served as a static asset (wrangler.toml [assets]); 144 is RSS 2.0's maximum width.
const LOGO = { path: '/logo-144.png', width: 144, height: 144 };

// Partners poll about once a minute: a minute of client caching costs them nothing in
// freshness, and when they do come back a conditional request is a one-`list()` 304.
export const FEED_CACHE_CONTROL = 'public, max-age=60';

const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

/**
 * A language's feed declares its code, even while empty; a mixed feed declares a language only
 * when every article in it shares one (read from the page's records: no KV operation).
 */
function feedLanguage(scope: Scope, articles: readonly StoredArticle[]): string | undefined {
  return scope.kind === 'lang' ? scope.lang : commonLanguage(articles);
}

/** A feed's language is declared only when every article in it shares one. */
function commonLanguage(articles: readonly StoredArticle[]): string | undefined {
  const first = articles[0]?.language;
  return first && articles.every((a) => a.language === first) ? first : undefined;
}

function selfUrlOf(c: Context<AppEnv>, scope: Scope, format: FeedFormat): string {
  return siteOrigin(c) + withCursor(feedPath(scope, format), c.req.query('cursor') || undefined);
}

function feedDocument(c: Context<AppEnv>, scope: Scope, format: FeedFormat, articles: StoredArticle[], nextCursor: string | undefined): FeedDocument {
  const origin = siteOrigin(c);
  const title = scopeTitle(siteTitle(c), scope, scope.kind === 'publisher' ? articles[0]?.publisher_name : undefined);
  const updated = articles.reduce((max, a) => Math.max(max, Date.parse(a.date_modified ?? a.date_published)), 0);
  return {
    title,
    description: scope.kind === 'all' ? `Latest news from ${title}` : `Latest news: ${title}`,
    homeUrl: origin + listingPagePath(scope),
    selfUrl: selfUrlOf(c, scope, format),
    hubUrl: origin + HUB_PATH,
    alternates: feedLinks(origin, scope, title),
    nextUrl: nextCursor ? origin + withCursor(feedPath(scope, format), nextCursor) : undefined,
    iconUrl: `${origin}/favicon.svg`,
    logo: { url: origin + LOGO.path, width: LOGO.width, height: LOGO.height },
    extensionDocsUrl: `${origin}/docs#newswire-extension`,
    language: feedLanguage(scope, articles),
    updated: updated > 0 ? new Date(updated) : new Date(0),
    articles,
    articlePageUrl: (a) => origin + articlePagePath(a),
    tagPageUrl: (tag) => origin + tagPagePath(tag),
  };
}

function serveFeed(format: FeedFormat) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const scope = scopeFromRoute(c);
    if (scope instanceof Response) return scope;
    const store = new ArticleStore(c.env.KV);
    const response = await versionedResponse(c, {
      cacheControl: FEED_CACHE_CONTROL,
      query: ['cursor'],
      load: async () => {
        const page = await listPage(store, scope, FEED_SIZE, c.req.query('cursor'));
        return {
          version: [format, ...listingVersion(page)],
          lastModified: lastModifiedOf(page),
          render: async () => {
            const records = await readRecords(c, store, page.items);
            const body = RENDERERS[format](feedDocument(c, scope, format, records.items, page.cursor));
            return { body, contentType: FEED_TYPES[format], verified: records.verified };
          },
        };
      },
    });
    // WebSub §4: discovery by HTTP header too, on every answer (a 304 included), so a client
    // reading headers only still finds the hub. A copy: cached responses have immutable headers.
    if (response.status >= 400) return response;
    const linked = new Response(response.body, response);
    linked.headers.set('link', websubLinkHeader(siteOrigin(c) + HUB_PATH, selfUrlOf(c, scope, format)));
    return linked;
  };
}

export const feeds = new Hono<AppEnv>();
for (const prefix of ['', '/tags/:tag', '/publishers/:publisher', '/lang/:lang']) {
  feeds.get(`${prefix}/feed.xml`, serveFeed('rss'));
  feeds.get(`${prefix}/atom.xml`, serveFeed('atom'));
  feeds.get(`${prefix}/feed.json`, serveFeed('json'));
}
