import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { StoredArticle } from '../model/article-schema';
import type { Scope } from '../store/keys';
import { languageName, primaryLanguage } from '../text/language';

/** The public URL scheme of the site, in one place: pages, feeds and their autodiscovery. */
export function siteTitle(c: Context<AppEnv>): string {
  return c.env.SITE_TITLE ?? 'newswire';
}

/**
 * The canonical origin for absolute URLs in feeds and pages. Entry ids (tag: URIs) are built
 * from its host, so production sets SITE_URL and ids never depend on which hostname a
 * reader happened to use; locally the request's own origin is used.
 */
export function siteOrigin(c: Context<AppEnv>): string {
  const configured = c.env.SITE_URL;
  return configured ? new URL(configured).origin : new URL(c.req.url).origin;
}

export type FeedFormat = 'rss' | 'atom' | 'json';

/** The WebSub hub's endpoint, on the site's own origin: every feed names it as rel=hub. */
export const HUB_PATH = '/websub';

/** WebSub §4 discovery as HTTP: `Link: <hub>; rel="hub", <self>; rel="self"` (RFC 8288). */
export function websubLinkHeader(hubUrl: string, selfUrl: string): string {
  return `<${hubUrl}>; rel="hub", <${selfUrl}>; rel="self"`;
}

export const FEED_FILES: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export function scopeBasePath(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return '';
    case 'tag':
      return `/tags/${encodeURIComponent(scope.tag)}`;
    case 'publisher':
      return `/publishers/${scope.publisher}`;
    case 'lang':
      return `/lang/${scope.lang}`;
  }
}

export function feedPath(scope: Scope, format: FeedFormat): string {
  return `${scopeBasePath(scope)}/${FEED_FILES[format]}`;
}

/** The HTML listing a feed mirrors: "/news" for the whole site, else the tag or publisher page. */
export function listingPagePath(scope: Scope): string {
  return scope.kind === 'all' ? '/news' : scopeBasePath(scope);
}

export function articlePagePath(a: Pick<StoredArticle, 'publisher' | 'id'>): string {
  return `/news/${a.publisher}/${a.id}`;
}

export function tagPagePath(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

export function withCursor(path: string, cursor: string | undefined): string {
  return cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path;
}

/** Absolute autodiscovery links for a scope's three feeds; a language's carry its code as hreflang. */
export function feedLinks(origin: string, scope: Scope, title: string): { title: string; rss: string; atom: string; json: string; hreflang?: string } {
  return {
    title,
    rss: origin + feedPath(scope, 'rss'),
    atom: origin + feedPath(scope, 'atom'),
    json: origin + feedPath(scope, 'json'),
    ...(scope.kind === 'lang' ? { hreflang: scope.lang } : {}),
  };
}

/**
 * The outlet's languages (SITE_LANGUAGES, e.g. "kk,ru,en"), as primary subtags in the order
 * given, for what must name them without reading KV: autodiscovery on mixed pages, the header,
 * /docs. KV cannot list the distinct codes under `i:lang:` (list() has no delimiter) and a
 * registry key written with each article would be one hot key; the /lang routes themselves
 * serve any code the store holds, configured or not.
 */
export function siteLanguages(c: Context<AppEnv>): string[] {
  const codes = (c.env.SITE_LANGUAGES ?? '').split(',').map((s) => primaryLanguage(s.trim()));
  return [...new Set(codes.filter((code): code is string => code !== undefined))];
}

/** A language's listing page and feeds, for autodiscovery and navigation. */
export function languageLinks(origin: string, siteTitle: string, code: string): { title: string; rss: string; atom: string; json: string; hreflang: string; name: string; page: string } {
  const scope: Scope = { kind: 'lang', lang: code };
  return { ...feedLinks(origin, scope, scopeTitle(siteTitle, scope)), hreflang: code, name: languageName(code), page: listingPagePath(scope) };
}

export function scopeTitle(siteTitle: string, scope: Scope, publisherName?: string): string {
  switch (scope.kind) {
    case 'all':
      return siteTitle;
    case 'tag':
      return `${siteTitle} — #${scope.tag}`;
    case 'publisher':
      return `${siteTitle} — ${publisherName ?? scope.publisher}`;
    case 'lang':
      return `${siteTitle} — ${languageName(scope.lang)}`;
  }
}
