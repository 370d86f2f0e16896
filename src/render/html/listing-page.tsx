import type { StoredArticle } from '../../model/article-schema';
import { listingPagePath } from '../../http/site-urls';
import { primaryLanguage } from '../../text/language';
import { coverAlt } from './article-page';
import type { PageMeta } from './head-meta';
import { labelsFor, uiLanguage } from './labels';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';
import { Time, type PageLocale } from './time-label';

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
  /** Paged listings past page 1: the next newer page. */
  newerLink?: { href: string; label: string };
  /** Past page 2: page 1 as well. */
  firstPageHref?: string;
  /** The front page: the newest story leads with its cover, the others have thumbnails. */
  showThumbnails: boolean;
  /** SITE_LANGUAGE: the language of the page's own words. */
  siteLanguage: string;
  /** SITE_TIMEZONE, for the stories' local times. */
  timeZone: string;
}

function Headline(props: { article: StoredArticle; href: string; thumbnail: boolean; lead: boolean; pageLang: string; locale: PageLocale }) {
  const a = props.article;
  // The story's own text carries its language when it is not the page's; the meta line is the page's.
  const lang = a.language !== undefined && primaryLanguage(a.language) !== props.pageLang ? a.language : undefined;
  const image = props.thumbnail && a.image ? a.image : undefined;
  return (
    <li class={props.lead ? 'story-card lead' : 'story-card'}>
      {image ? (
        <img class="thumb" src={image.url} alt={coverAlt(a, false)} lang={lang} width="1200" height="800" loading={props.lead ? 'eager' : 'lazy'} decoding="async" />
      ) : null}
      <div class="card-text">
        <h2 lang={lang}>
          <a href={props.href}>{a.title}</a>
        </h2>
        {a.summary ? (
          <p class="summary" lang={lang}>
            {a.summary}
          </p>
        ) : null}
        <p class="meta">
          <a href={listingPagePath({ kind: 'publisher', publisher: a.publisher })}>{a.publisher_name}</a> · <Time iso={a.date_published} locale={props.locale} />
        </p>
      </div>
    </li>
  );
}

/** The front page ("Latest news"), "/news" and the tag, publisher and language pages. */
export function renderListingPage(input: ListingPageInput): string {
  const language = uiLanguage(input.siteLanguage);
  const labels = labelsFor(language);
  const locale: PageLocale = { language, timeZone: input.timeZone };
  return documentHtml(
    <Layout siteTitle={input.siteTitle} pageTitle={input.heading} lang={language} meta={input.meta} labels={labels} feeds={input.feeds} languageFeeds={input.languageFeeds} languages={input.languages}>
      <main class="wrap">
        <section class="listing">
          <h1 lang={input.headingLang}>{input.heading}</h1>
          {input.intro ? <p class="intro">{input.intro}</p> : null}
          {input.articles.length === 0 ? <p>{labels.noStories}</p> : null}
          <ol class={input.showThumbnails ? 'headlines front' : 'headlines'}>
            {input.articles.map((a, i) => (
              <Headline article={a} href={input.articleHref(a)} thumbnail={input.showThumbnails} lead={input.showThumbnails && i === 0} pageLang={language} locale={locale} />
            ))}
          </ol>
          <p class="pager">
            {input.firstPageHref ? <a href={input.firstPageHref}>{labels.newest}</a> : null}{' '}
            {input.newerLink ? (
              <a href={input.newerLink.href} rel="prev">
                {input.newerLink.label}
              </a>
            ) : null}{' '}
            {input.moreLink ? (
              <a href={input.moreLink.href} rel="next">
                {input.moreLink.label}
              </a>
            ) : null}
          </p>
        </section>
      </main>
    </Layout>,
  );
}
