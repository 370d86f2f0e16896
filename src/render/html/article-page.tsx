import { raw } from 'hono/html';
import type { StoredArticle } from '../../model/article-schema';
import type { PageMeta } from './head-meta';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';
import { Time } from './time-label';

export interface SideHeadline {
  title: string;
  href: string;
}

export interface ArticlePageInput {
  siteTitle: string;
  article: StoredArticle;
  /** Head metadata: canonical URL, description, publisher page (head-meta.tsx). */
  meta: PageMeta;
  feeds: FeedLinks;
  /** The feeds of the article's language, when it has one. */
  languageFeeds?: readonly LanguageLinks[];
  languages?: readonly LanguageLinks[];
  tagHref: (tag: string) => string;
  latest: SideHeadline[];
}

/** One article: headline, cover figure with credit, lede, source, body, byline, tags, times. */
export function renderArticlePage(input: ArticlePageInput): string {
  const a = input.article;
  return documentHtml(
    <Layout
      siteTitle={input.siteTitle}
      pageTitle={a.title}
      lang={a.language ?? 'en'}
      meta={input.meta}
      feeds={input.feeds}
      languageFeeds={input.languageFeeds}
      languages={input.languages}
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
