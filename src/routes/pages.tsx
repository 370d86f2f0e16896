import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { problem } from '../http/problem';
import { articlePagePath, feedLinks, languageLinks, listingPagePath, scopeTitle, siteLanguages, siteOrigin, siteTitle } from '../http/site-urls';
import { versionedResponse } from '../http/versioned-response';
import { ArticleId, PublisherId } from '../model/article-schema';
import { siteLanguage, siteTimeZone } from '../http/site-locale';
import { renderArticlePage } from '../render/html/article-page';
import { labelsFor, uiLanguage } from '../render/html/labels';
import { articleDescription } from '../render/html/head-meta';
import { renderListingPage } from '../render/html/listing-page';
import { ArticleStore, MAX_LISTS_PER_NUMBERED_PAGE, storedAt } from '../store/article-store';
import { tagKey, type Scope } from '../store/keys';
import { languageName, primaryLanguage } from '../text/language';
import { shortHash } from '../text/short-hash';
import { canonicalTagPath } from './canonical-tag';
import { lastModifiedOf, listingVersion, readRecords, scopeFromRoute } from './listing';

const FRONT_PAGE_SIZE = 20;
const LISTING_PAGE_SIZE = 25;
const SIDE_LIST_SIZE = 8;
const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** The outlet's languages (SITE_LANGUAGES): the header links their listings. */
function outletLanguages(c: Context<AppEnv>) {
  return siteLanguages(c).map((code) => languageLinks(siteOrigin(c), siteTitle(c), code));
}

/**
 * Autodiscovery of a listing's language feeds besides its own: a language listing's own feeds
 * already carry its hreflang; a mixed one (front page, /news, tag, publisher) names each of the
 * outlet's languages, since it shows them all.
 */
function listingLanguageFeeds(c: Context<AppEnv>, scope: Scope) {
  return scope.kind === 'lang' ? [] : outletLanguages(c);
}

function listingHeading(c: Context<AppEnv>, scope: Scope, publisherName: string | undefined, tagSpelling: string | undefined): string {
  switch (scope.kind) {
    case 'all':
      return labelsFor(uiLanguage(siteLanguage(c))).allNews;
    case 'tag':
      return `#${tagSpelling ?? scope.tag}`;
    case 'publisher':
      return publisherName ?? scope.publisher;
    case 'lang':
      return languageName(scope.lang);
  }
}

function listingDescription(siteName: string, scope: Scope, heading: string, page: number): string {
  const what = scope.kind === 'all' ? `All stories on ${siteName}` : scope.kind === 'lang' ? `Stories in ${heading} on ${siteName}` : scope.kind === 'tag' ? `Stories tagged ${heading} on ${siteName}` : `Stories published by ${heading} on ${siteName}`;
  return page > 1 ? `${what}, newest first: page ${page}.` : `${what}, newest first.`;
}

/**
 * Paging: `?page=N`, found by position (ArticleStore.listRefsAt), so every page links the one
 * newer and the one older, and a page's URL names the same place in the listing tomorrow.
 * Titles, descriptions and canonical URLs differ per page. Deeper than the numbered pages reach,
 * the feeds and the API page on by cursor.
 */
const MAX_PAGE = Math.floor((MAX_LISTS_PER_NUMBERED_PAGE * 1000) / LISTING_PAGE_SIZE);

/** The page a query asks for: 1 when absent or empty; null when it is no page number at all. */
function pageNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return 1;
  return /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : null;
}

function pagePath(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/**
 * An empty listing is a page that need not exist: a tag or publisher nobody has used, a
 * language the outlet does not publish in, a cursor past the end. Only the whole site's and
 * the outlet's own languages' first pages exist while empty (the header links them). Their
 * feeds stay 200 and empty: a feed reader subscribed before the first story expects a feed.
 */
function emptyIsMissing(c: Context<AppEnv>, scope: Scope, page: number): boolean {
  if (page > 1) return true;
  if (scope.kind === 'tag' || scope.kind === 'publisher') return true;
  return scope.kind === 'lang' && !siteLanguages(c).includes(scope.lang);
}

// Readers expect a reload to show the newest story; revalidation is a cheap 304.
export const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

async function frontPage(c: Context<AppEnv>): Promise<Response> {
  const store = new ArticleStore(c.env.KV);
  return versionedResponse(c, {
    cacheControl: PAGE_CACHE_CONTROL,
    load: async () => {
      const page = await store.listRefs({ kind: 'all' }, FRONT_PAGE_SIZE);
      return {
        version: ['front', ...listingVersion(page)],
        lastModified: lastModifiedOf(page),
        render: async () => {
          const records = await readRecords(c, store, page.items);
          return {
            contentType: HTML_CONTENT_TYPE,
            verified: records.verified,
            body: renderListingPage({
              siteTitle: siteTitle(c),
              heading: labelsFor(uiLanguage(siteLanguage(c))).latestNews,
              meta: { origin: siteOrigin(c), canonicalUrl: `${siteOrigin(c)}/`, description: `Latest news from ${siteTitle(c)}.` },
              articles: records.items,
              articleHref: articlePagePath,
              feeds: feedLinks(siteOrigin(c), { kind: 'all' }, siteTitle(c)),
              languageFeeds: listingLanguageFeeds(c, { kind: 'all' }),
              languages: outletLanguages(c),
              moreLink: { href: '/news', label: `${labelsFor(uiLanguage(siteLanguage(c))).viewAll} →` },
              showThumbnails: true,
              siteLanguage: siteLanguage(c),
              timeZone: siteTimeZone(c),
            }),
          };
        },
      };
    },
  });
}

/** "/news", "/tags/{tag}", "/publishers/{publisher}", "/lang/{code}": full listings, paged by cursor. */
async function listingPage(c: Context<AppEnv>): Promise<Response> {
  const scope = scopeFromRoute(c);
  if (scope instanceof Response) return scope;
  const path = listingPagePath(scope);
  // Links of the earlier scheme (`?cursor=…&page=N`) name their page by number too.
  const number = pageNumber(c.req.query('page'));
  if (c.req.query('cursor') !== undefined) return c.redirect(pagePath(path, Math.min(number ?? 1, MAX_PAGE)), 301);
  // One URL per page: "?page=1" is the listing itself.
  if (c.req.query('page') === '1') return c.redirect(path, 301);
  if (number === null) throw new HTTPException(400, { message: 'The page number is not a number.' });
  if (number > MAX_PAGE) throw new HTTPException(404, { message: 'Older stories are in the feeds and the API, which page on by cursor.' });
  const store = new ArticleStore(c.env.KV);
  return versionedResponse(c, {
    cacheControl: PAGE_CACHE_CONTROL,
    query: ['page'],
    load: async () => {
      const page = await store.listRefsAt(scope, LISTING_PAGE_SIZE, (number - 1) * LISTING_PAGE_SIZE);
      if (page.items.length === 0 && !page.cursor && emptyIsMissing(c, scope, number)) {
        throw new HTTPException(404, { message: number > 1 ? 'There are no older stories here.' : 'There are no stories here.' });
      }
      return {
        version: ['listing', ...listingVersion(page)],
        lastModified: lastModifiedOf(page),
        render: async () => {
          const records = await readRecords(c, store, page.items);
          const articles = records.items;
          const publisherName = scope.kind === 'publisher' ? (articles[0]?.publisher_name ?? scope.publisher) : undefined;
          // The tag as its stories spell it ("Алматы"), not its case-folded key.
          const tagSpelling = scope.kind === 'tag' ? articles.flatMap((a) => a.tags ?? []).find((t) => tagKey(t) === scope.tag) : undefined;
          const heading = listingHeading(c, scope, publisherName, tagSpelling);
          const labels = labelsFor(uiLanguage(siteLanguage(c)));
          const origin = siteOrigin(c);
          return {
            contentType: HTML_CONTENT_TYPE,
            verified: records.verified,
            body: renderListingPage({
              siteTitle: siteTitle(c),
              heading,
              meta: { origin, canonicalUrl: origin + pagePath(path, number), description: listingDescription(siteTitle(c), scope, heading, number), page: number },
              headingLang: scope.kind === 'lang' ? scope.lang : undefined,
              intro: publisherName ? `Stories published by ${publisherName}` : undefined,
              articles,
              articleHref: articlePagePath,
              feeds: feedLinks(siteOrigin(c), scope, scopeTitle(siteTitle(c), scope, publisherName)),
              languageFeeds: listingLanguageFeeds(c, scope),
              languages: outletLanguages(c),
              moreLink: page.cursor && number < MAX_PAGE ? { href: pagePath(path, number + 1), label: labels.older } : undefined,
              newerLink: number > 1 ? { href: pagePath(path, number - 1), label: labels.newer } : undefined,
              firstPageHref: number > 2 ? path : undefined,
              showThumbnails: false,
              siteLanguage: siteLanguage(c),
              timeZone: siteTimeZone(c),
            }),
          };
        },
      };
    },
  });
}

async function articlePage(c: Context<AppEnv>): Promise<Response> {
  const publisher = c.req.param('publisher') ?? '';
  const id = c.req.param('id') ?? '';
  if (!PublisherId.safeParse(publisher).success || !ArticleId.safeParse(id).success) return problem(404, 'No such article.');
  const store = new ArticleStore(c.env.KV);
  return versionedResponse(c, {
    cacheControl: PAGE_CACHE_CONTROL,
    load: async () => {
      const [article, side] = await Promise.all([store.get(publisher, id), store.listRefs({ kind: 'all' }, SIDE_LIST_SIZE + 1)]);
      if (!article) throw new HTTPException(404, { message: `No article "${id}" from publisher "${publisher}".` });
      const latest = side.items.filter((r) => r.publisher !== publisher || r.id !== id).slice(0, SIDE_LIST_SIZE);
      return {
        version: ['article', await shortHash(JSON.stringify(article)), ...latest.map((r) => `${r.key} ${r.meta.t}`)],
        // The article's own last change is when this version was stored (a correction need not
        // set date_modified); the side list's, its entries and removals.
        lastModified: new Date(Math.max(storedAt(article)?.getTime() ?? 0, lastModifiedOf(side)?.getTime() ?? 0)),
        render: async () => {
          const origin = siteOrigin(c);
          const feedTitle = scopeTitle(siteTitle(c), { kind: 'publisher', publisher }, article.publisher_name);
          const lang = article.language === undefined ? undefined : primaryLanguage(article.language);
          return {
            contentType: HTML_CONTENT_TYPE,
            // The version hashes this very record, and the side list shows index metadata only.
            verified: true,
            body: renderArticlePage({
              siteTitle: siteTitle(c),
              article,
              meta: {
                origin,
                canonicalUrl: origin + articlePagePath(article),
                description: articleDescription(article),
                article: { article, publisherUrl: origin + listingPagePath({ kind: 'publisher', publisher }) },
              },
              feeds: feedLinks(origin, { kind: 'publisher', publisher }, feedTitle),
              languageFeeds: lang === undefined ? [] : [languageLinks(origin, siteTitle(c), lang)],
              languages: outletLanguages(c),
              tagHref: canonicalTagPath,
              latest: latest.map((r) => ({ title: r.meta.t, href: articlePagePath(r) })),
              timeZone: siteTimeZone(c),
            }),
          };
        },
      };
    },
  });
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b3261e"/><path d="M14 50V14h8l20 24V14h8v36h-8L22 26v24z" fill="#fff"/></svg>`;

export const pages = new Hono<AppEnv>();
pages.get('/', frontPage);
pages.get('/news', listingPage);
pages.get('/tags/:tag', listingPage);
pages.get('/publishers/:publisher', listingPage);
pages.get('/lang/:lang', listingPage);
pages.get('/news/:publisher/:id', articlePage);
// Browsers and crawlers ask for /favicon.ico whatever the page links: the SVG answers it.
pages.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
pages.get('/favicon.svg', (c) => c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
