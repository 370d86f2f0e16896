import { raw } from 'hono/html';
import type { StoredArticle } from '../../model/article-schema';
import type { PageMeta } from './head-meta';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';
import { listingPagePath } from '../../http/site-urls';
import { primaryLanguage } from '../../text/language';
import { balanceHtml } from '../../model/balance-html';
import { labelsFor, uiLanguage, type Labels } from './labels';
import { relevelHeadings } from './relevel-headings';
import { Time, type PageLocale } from './time-label';

export interface SideHeadline {
  title: string;
  href: string;
  /** The headline's language, when known and not the page's. */
  lang?: string;
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
  /** The newsroom's IANA time zone (SITE_TIMEZONE), for the byline's local times. */
  timeZone: string;
}

/** The words of the site's own in `lang` when they are not in the page's language. */
function Label(props: { lang: string | undefined; children: string }) {
  return props.lang ? <span lang={props.lang}>{props.children}</span> : <>{props.children}</>;
}

/**
 * The cover's text alternative. The caption is shown under the photo, so it is never also the
 * alt (a screen reader would read the same sentence twice); the story's headline names what the
 * photo is there for, and an empty alt would hide a photo that carries the story.
 */
export function coverAlt(a: Pick<StoredArticle, 'title' | 'image'>, captionShown: boolean): string {
  const caption = a.image?.caption?.trim();
  return !captionShown && caption ? caption : a.title;
}

function Byline(props: { a: StoredArticle; labels: Labels; labelsLang: string | undefined; locale: PageLocale }) {
  const { a, labels } = props;
  const authors = a.authors ?? [];
  return (
    <div class="byline">
      {authors.length ? (
        <p class="authors">
          <Label lang={props.labelsLang}>{authors.length > 1 ? labels.byMany : labels.by}</Label>{' '}
          {authors.map((p, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {p.url ? (
                <a class="author" href={p.url}>
                  {p.name}
                </a>
              ) : (
                <span class="author">{p.name}</span>
              )}
            </>
          ))}
        </p>
      ) : null}
      <p class="provenance">
        {a.source ? (
          <>
            <span class="source">
              <Label lang={props.labelsLang}>{labels.reportsBefore}</Label>
              {a.source.url ? <a href={a.source.url}>{a.source.name}</a> : a.source.name}
              <Label lang={props.labelsLang}>{labels.reportsAfter}</Label>
            </span>
            {' · '}
          </>
        ) : null}
        <a class="publisher" href={listingPagePath({ kind: 'publisher', publisher: a.publisher })}>
          {a.publisher_name}
        </a>
      </p>
      <p class="dates">
        <Label lang={props.labelsLang}>{labels.published}</Label> <Time iso={a.date_published} locale={props.locale} />
        {a.date_modified ? (
          <>
            {' · '}
            <Label lang={props.labelsLang}>{labels.updated}</Label> <Time iso={a.date_modified} locale={props.locale} />
          </>
        ) : null}
      </p>
    </div>
  );
}

function Cover(props: { a: StoredArticle; labels: Labels; labelsLang: string | undefined }) {
  const image = props.a.image;
  if (!image) return null;
  const caption = image.caption?.trim();
  return (
    <figure class="cover">
      {/* width/height give the ratio the stylesheet's aspect-ratio box confirms before the photo arrives. */}
      <img src={image.url} alt={coverAlt(props.a, Boolean(caption))} width="1200" height="800" fetchpriority="high" decoding="async" />
      {caption || image.credit ? (
        <figcaption>
          {caption ? <span class="caption">{caption}</span> : null}
          {caption && image.credit ? ' ' : null}
          {image.credit ? (
            <span class="credit">
              <Label lang={props.labelsLang}>{props.labels.photo}</Label> {image.credit}
            </span>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** One article: headline, lede, byline, cover figure with credit, body, link to the original, tags. */
export function renderArticlePage(input: ArticlePageInput): string {
  const a = input.article;
  const language = uiLanguage(a.language);
  const labels = labelsFor(language);
  // An article in a language the label table lacks gets English labels, marked as such.
  const labelsLang = a.language !== undefined && primaryLanguage(a.language) !== language ? language : undefined;
  const locale: PageLocale = { language, timeZone: input.timeZone };
  return documentHtml(
    <Layout
      siteTitle={input.siteTitle}
      pageTitle={a.title}
      lang={a.language ?? 'en'}
      labels={labels}
      labelsLang={labelsLang}
      meta={input.meta}
      feeds={input.feeds}
      languageFeeds={input.languageFeeds}
      languages={input.languages}
    >
      <main class="wrap with-aside">
        <article class="story">
          <header class="story-head">
            <h1 class="headline">{a.title}</h1>
            {a.summary ? <p class="lede">{a.summary}</p> : null}
            <Byline a={a} labels={labels} labelsLang={labelsLang} locale={locale} />
          </header>
          <Cover a={a} labels={labels} labelsLang={labelsLang} />
          <div class="body">{raw(relevelHeadings(balanceHtml(a.content_html)))}</div>
          {a.url ? (
            <p class="original">
              <a href={a.url}>
                <Label lang={labelsLang}>{labels.readAt}</Label> {a.publisher_name}
              </a>
            </p>
          ) : null}
          {a.tags?.length ? (
            <ul class="tags" aria-label={labels.tags}>
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
        <aside class="side" lang={labelsLang}>
          <h2>{labels.latestNews}</h2>
          <ul>
            {input.latest.map((h) => (
              <li>
                <a href={h.href} lang={h.lang}>
                  {h.title}
                </a>
              </li>
            ))}
          </ul>
          <a class="more" href="/news">
            {labels.viewAll}
          </a>
        </aside>
      </main>
    </Layout>,
  );
}
