import { raw } from 'hono/html';
import type { StoredArticle } from '../../model/article-schema';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';
import { Time } from './time-label';

export interface SideHeadline {
  title: string;
  href: string;
}

export interface ArticlePageInput {
  siteTitle: string;
  article: StoredArticle;
  pageUrl: string;
  feeds: FeedLinks;
  /** The feeds of the article's language, when it has one. */
  languageFeeds?: readonly LanguageLinks[];
  languages?: readonly LanguageLinks[];
  tagHref: (tag: string) => string;
  latest: SideHeadline[];
}

/** JSON inside <script> must not be able to close the element: "<" is escaped as \u003c. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function newsArticleJsonLd(a: StoredArticle, pageUrl: string): string {
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
    publisher: { '@type': 'Organization', name: a.publisher_name },
    sourceOrganization: a.source ? { '@type': 'NewsMediaOrganization', name: a.source.name, url: a.source.url } : undefined,
  });
}

function OpenGraph(props: { a: StoredArticle; pageUrl: string; siteTitle: string }) {
  const a = props.a;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={props.siteTitle} />
      <meta property="og:title" content={a.title} />
      {a.summary ? <meta property="og:description" content={a.summary} /> : null}
      <meta property="og:url" content={props.pageUrl} />
      {a.image ? <meta property="og:image" content={a.image.url} /> : null}
      {a.image?.caption ? <meta property="og:image:alt" content={a.image.caption} /> : null}
      {a.language ? <meta property="og:locale" content={a.language} /> : null}
      <meta property="article:published_time" content={a.date_published} />
      {a.date_modified ? <meta property="article:modified_time" content={a.date_modified} /> : null}
      {(a.tags ?? []).map((t) => (
        <meta property="article:tag" content={t} />
      ))}
      <script type="application/ld+json">{raw(newsArticleJsonLd(a, props.pageUrl))}</script>
    </>
  );
}

/** One article: headline, cover figure with credit, lede, source, body, byline, tags, times. */
export function renderArticlePage(input: ArticlePageInput): string {
  const a = input.article;
  return documentHtml(
    <Layout
      siteTitle={input.siteTitle}
      pageTitle={a.title}
      lang={a.language ?? 'en'}
      description={a.summary}
      canonicalUrl={input.pageUrl}
      feeds={input.feeds}
      languageFeeds={input.languageFeeds}
      languages={input.languages}
      head={<OpenGraph a={a} pageUrl={input.pageUrl} siteTitle={input.siteTitle} />}
    >
      <main class="with-aside">
        <article>
          <h1>{a.title}</h1>
          <p class="meta">
            {a.publisher_name} · Published <Time iso={a.date_published} />
            {a.date_modified ? (
              <>
                {' '}
                · Updated <Time iso={a.date_modified} />
              </>
            ) : null}
          </p>
          {a.image ? (
            <figure class="cover">
              <img src={a.image.url} alt={a.image.caption ?? ''} />
              {a.image.caption || a.image.credit ? (
                <figcaption>
                  {a.image.caption} {a.image.credit ? <span class="credit">Photo: {a.image.credit}</span> : null}
                </figcaption>
              ) : null}
            </figure>
          ) : null}
          {a.summary ? <p class="lede">{a.summary}</p> : null}
          {a.source ? (
            <p class="source">
              {a.source.url ? <a href={a.source.url}>{a.source.name}</a> : a.source.name} reports.
            </p>
          ) : null}
          <div class="body">{raw(a.content_html)}</div>
          {a.authors?.length ? <p class="original-author">Original author: {a.authors.map((p) => p.name).join(', ')}</p> : null}
          {a.url ? (
            <p class="meta">
              <a href={a.url}>Read at {a.publisher_name}</a>
            </p>
          ) : null}
          {a.tags?.length ? (
            <ul class="tags">
              {a.tags.map((t) => (
                <li>
                  <a href={input.tagHref(t)} rel="tag">
                    #{t}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </article>
        <aside>
          <h2>Latest news</h2>
          <ul>
            {input.latest.map((h) => (
              <li>
                <a href={h.href}>{h.title}</a>
              </li>
            ))}
          </ul>
          <a href="/news">View all</a>
        </aside>
      </main>
    </Layout>,
  );
}
