import type { Child } from 'hono/jsx';
import { SITE_CSS } from './asset-versions';
import { HeadMeta, type PageMeta } from './head-meta';
import type { Labels, UiLanguage } from './labels';

export interface FeedLinks {
  title: string;
  rss: string;
  atom: string;
  json: string;
  /** A single-language feed's code, for the links' hreflang. */
  hreflang?: string;
}

/** A language's listing page and its feeds. */
export interface LanguageLinks extends FeedLinks {
  hreflang: string;
  /** The language's name in itself ("Қазақ тілі"). */
  name: string;
  page: string;
}

export interface LayoutProps {
  siteTitle: string;
  pageTitle: string;
  lang: string;
  /** Description, canonical URL, robots, social and structured data (head-meta.tsx). */
  meta: PageMeta;
  /** Autodiscovery for the feeds that match this page (site, tag, publisher or language). */
  feeds: FeedLinks;
  /** Autodiscovery for the feeds of the page's language(s), besides `feeds`. */
  languageFeeds?: readonly LanguageLinks[];
  /** The outlet's languages, linked from the header. */
  languages?: readonly LanguageLinks[];
  /** The site's own words on this page, and their language when it is not the page's (`lang`). */
  labels: Labels;
  labelsLang?: UiLanguage;
  head?: Child;
  children: Child;
}

function FeedAutodiscovery(props: { feeds: FeedLinks }) {
  const f = props.feeds;
  return (
    <>
      <link rel="alternate" type="application/rss+xml" hreflang={f.hreflang} title={`${f.title} (RSS)`} href={f.rss} />
      <link rel="alternate" type="application/atom+xml" hreflang={f.hreflang} title={`${f.title} (Atom)`} href={f.atom} />
      <link rel="alternate" type="application/feed+json" hreflang={f.hreflang} title={`${f.title} (JSON Feed)`} href={f.json} />
    </>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <HeadMeta siteTitle={props.siteTitle} pageTitle={props.pageTitle} lang={props.lang} meta={props.meta} />
        <FeedAutodiscovery feeds={props.feeds} />
        {(props.languageFeeds ?? []).map((feeds) => (
          <FeedAutodiscovery feeds={feeds} />
        ))}
        {props.head}
        <link rel="stylesheet" href={SITE_CSS} />
      </head>
      <body>
        <header class="site" lang={props.labelsLang}>
          <div class="wrap site-bar">
            <a class="brand" href="/">
              {props.siteTitle}
            </a>
            <nav class="sections" aria-label={props.labels.sections}>
              <a href="/">{props.labels.latestNews}</a>
              <a href="/news">{props.labels.allNews}</a>
            </nav>
            {props.languages?.length ? (
              <nav class="languages" aria-label={props.labels.languages}>
                {props.languages.map((l) => (
                  <a href={l.page} hreflang={l.hreflang} lang={l.hreflang}>
                    {l.name}
                  </a>
                ))}
              </nav>
            ) : null}
          </div>
        </header>
        {props.children}
        <footer class="site" lang={props.labelsLang}>
          <div class="wrap site-bar">
            <span>{props.labels.feeds}</span>
            <a href={props.feeds.rss}>RSS</a>
            <a href={props.feeds.atom}>Atom</a>
            <a href={props.feeds.json}>JSON Feed</a>
            <a href="/docs">{props.labels.api}</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function documentHtml(page: { toString(): string }): string {
  return `<!DOCTYPE html>${page.toString()}`;
}
