import { raw } from 'hono/html';
import type { StoredArticle } from '../../model/article-schema';
import { decodeReferences } from '../../text/char-references';
import { collapseWhitespace } from '../../text/whitespace';

/**
 * A page's <head> metadata: title, description, canonical URL, robots, icon, Open Graph,
 * Twitter card and, on an article, schema.org NewsArticle JSON-LD.
 */

/** The site's own picture when an article has none (public/logo-144.png; 144 px is a summary card's minimum). */
export const SITE_IMAGE = { path: '/logo-144.png', width: 144, height: 144 };
export const SITE_ICON = { path: '/favicon.svg', type: 'image/svg+xml' };

export interface ArticleMeta {
  article: StoredArticle;
  /** Absolute URL of the publisher's page on this site. */
  publisherUrl: string;
}

export interface PageMeta {
  /** The site's origin ("https://news.example.kz"), for absolute image URLs. */
  origin: string;
  description: string;
  /** Absolute; none on an error page. */
  canonicalUrl?: string;
  /** A listing's page number beyond the first, named in the title. */
  page?: number;
  /** Error pages and empty listings: not for search engines. */
  noindex?: boolean;
  article?: ArticleMeta;
}

const DESCRIPTION_MAX = 160;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,.;:–—-]+$/, '')}…`;
}

/**
 * An article's description: its lede, else the start of its body as text. Only the body's
 * first few thousand characters are read, so a half-megabyte body costs no more than a short one.
 */
export function articleDescription(a: Pick<StoredArticle, 'summary' | 'content_html' | 'title'>): string {
  if (a.summary?.trim()) return cutAtWord(collapseWhitespace(a.summary), DESCRIPTION_MAX);
  const start = a.content_html.slice(0, 4000).replace(/<[^>]*$/, '');
  const text = collapseWhitespace(decodeReferences(start.replace(/<[^>]*>/g, ' '), (name) => PREDEFINED[name]));
  return cutAtWord(text || a.title, DESCRIPTION_MAX);
}

/** Open Graph's `ll_CC`: the tag's own region, else the language's likely one (kk → kk_KZ). */
export function ogLocale(tag: string): string | undefined {
  try {
    const locale = new Intl.Locale(tag).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : undefined;
  } catch {
    return undefined; // not a tag ICU can parse
  }
}

/** The title a page shows: "Headline — page 2 — Site", the site's name alone on its front page. */
export function documentTitle(siteTitle: string, pageTitle: string, page: number | undefined): string {
  const title = page !== undefined && page > 1 ? `${pageTitle} — page ${page}` : pageTitle;
  return title === siteTitle ? siteTitle : `${title} — ${siteTitle}`;
}

/** JSON inside <script> must not be able to close the element: "<" is escaped as \u003c. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function newsArticleJsonLd(m: ArticleMeta, pageUrl: string, origin: string): string {
  const a = m.article;
  return scriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description: a.summary,
    image: a.image ? [a.image.url] : undefined,
    datePublished: a.date_published,
    dateModified: a.date_modified ?? a.date_published,
    inLanguage: a.language,
    keywords: a.tags,
    mainEntityOfPage: pageUrl,
    url: a.url ?? pageUrl,
    author: a.authors?.map((p) => ({ '@type': 'Person', name: p.name, url: p.url })),
    publisher: {
      '@type': 'Organization',
      name: a.publisher_name,
      url: m.publisherUrl,
      logo: { '@type': 'ImageObject', url: origin + SITE_IMAGE.path, width: SITE_IMAGE.width, height: SITE_IMAGE.height },
    },
    sourceOrganization: a.source ? { '@type': 'NewsMediaOrganization', name: a.source.name, url: a.source.url } : undefined,
  });
}

function ArticleTags(props: { m: ArticleMeta; pageUrl: string; origin: string }) {
  const a = props.m.article;
  return (
    <>
      <meta property="article:published_time" content={a.date_published} />
      {a.date_modified ? <meta property="article:modified_time" content={a.date_modified} /> : null}
      {(a.tags ?? []).map((t) => (
        <meta property="article:tag" content={t} />
      ))}
      <script type="application/ld+json">{raw(newsArticleJsonLd(props.m, props.pageUrl, props.origin))}</script>
    </>
  );
}

export function HeadMeta(props: { siteTitle: string; pageTitle: string; lang: string; meta: PageMeta }) {
  const m = props.meta;
  const article = m.article?.article;
  const locale = ogLocale(props.lang);
  const image = article?.image
    ? { url: article.image.url, alt: article.image.caption ?? article.title }
    : { url: m.origin + SITE_IMAGE.path, alt: props.siteTitle, width: SITE_IMAGE.width, height: SITE_IMAGE.height };
  return (
    <>
      <title>{documentTitle(props.siteTitle, props.pageTitle, m.page)}</title>
      <meta name="description" content={m.description} />
      {m.canonicalUrl ? <link rel="canonical" href={m.canonicalUrl} /> : null}
      {m.noindex ? <meta name="robots" content="noindex" /> : null}
      <link rel="icon" href={SITE_ICON.path} type={SITE_ICON.type} />
      <meta property="og:type" content={article ? 'article' : 'website'} />
      <meta property="og:site_name" content={props.siteTitle} />
      <meta property="og:title" content={article ? article.title : documentTitle(props.siteTitle, props.pageTitle, m.page)} />
      <meta property="og:description" content={m.description} />
      {m.canonicalUrl ? <meta property="og:url" content={m.canonicalUrl} /> : null}
      {locale ? <meta property="og:locale" content={locale} /> : null}
      <meta property="og:image" content={image.url} />
      {'width' in image ? <meta property="og:image:width" content={String(image.width)} /> : null}
      {'height' in image ? <meta property="og:image:height" content={String(image.height)} /> : null}
      <meta property="og:image:alt" content={image.alt} />
      <meta name="twitter:card" content={article?.image ? 'summary_large_image' : 'summary'} />
      {m.article && m.canonicalUrl ? <ArticleTags m={m.article} pageUrl={m.canonicalUrl} origin={m.origin} /> : null}
    </>
  );
}
