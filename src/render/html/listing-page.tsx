import type { StoredArticle } from '../../model/article-schema';
import type { PageMeta } from './head-meta';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';
import { Time } from './time-label';

export interface ListingPageInput {
  siteTitle: string;
  heading: string;
  /** Head metadata: canonical URL, description, page number, noindex (head-meta.tsx). */
  meta: PageMeta;
  /** The heading's language when it is not the page's (a language listing's name in itself). */
  headingLang?: string;
  /** Shown under the heading, e.g. what a tag page lists. */
  intro?: string;
  articles: StoredArticle[];
  articleHref: (a: StoredArticle) => string;
  feeds: FeedLinks;
  languageFeeds?: readonly LanguageLinks[];
  languages?: readonly LanguageLinks[];
  /** "View all" on the front page; "Older stories" on paged listings. */
  moreLink?: { href: string; label: string };
  firstPageHref?: string;
  showThumbnails: boolean;
}

function Headline(props: { article: StoredArticle; href: string; thumbnail: boolean }) {
  const a = props.article;
  return (
    <li lang={a.language}>
      {props.thumbnail && a.image ? <img src={a.image.url} alt={a.image.caption ?? ''} loading="lazy" width="160" height="106" /> : null}
      <div>
        <h2>
          <a href={props.href}>{a.title}</a>
        </h2>
        {a.summary ? <p>{a.summary}</p> : null}
        <p class="meta">
          {a.publisher_name} · <Time iso={a.date_published} />
        </p>
      </div>
    </li>
  );
}

/** The front page ("Latest news"), "/news" and the tag, publisher and language pages. */
export function renderListingPage(input: ListingPageInput): string {
  return documentHtml(
    <Layout siteTitle={input.siteTitle} pageTitle={input.heading} lang="en" meta={input.meta} feeds={input.feeds} languageFeeds={input.languageFeeds} languages={input.languages}>
      <main>
        <section>
          <h1 lang={input.headingLang}>{input.heading}</h1>
          {input.intro ? <p class="meta">{input.intro}</p> : null}
          {input.articles.length === 0 ? <p>No stories yet.</p> : null}
          <ol class="headlines">
            {input.articles.map((a) => (
              <Headline article={a} href={input.articleHref(a)} thumbnail={input.showThumbnails} />
            ))}
          </ol>
          <p class="pager">
            {input.firstPageHref ? <a href={input.firstPageHref}>← Newest</a> : null} {input.moreLink ? <a href={input.moreLink.href} rel="next">{input.moreLink.label}</a> : null}
          </p>
        </section>
      </main>
    </Layout>,
  );
}
