import type { Child } from 'hono/jsx';
import { HeadMeta, type PageMeta } from './head-meta';

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
  head?: Child;
  children: Child;
}

const STYLE = `
:root{color-scheme:light dark;--muted:#666;--rule:#ddd}
body{font:17px/1.55 Georgia,'Times New Roman',serif;margin:0;color:#111;background:#fff}
@media (prefers-color-scheme:dark){body{color:#eee;background:#141414}:root{--muted:#aaa;--rule:#333}}
a{color:inherit}
header.site,footer.site{font-family:system-ui,sans-serif;padding:.8rem 1.2rem;border-bottom:1px solid var(--rule);display:flex;gap:1.2rem;align-items:baseline;flex-wrap:wrap}
footer.site{border-top:1px solid var(--rule);border-bottom:0;font-size:.85rem;color:var(--muted)}
header.site .brand{font-weight:700;font-size:1.3rem;text-decoration:none}
main{max-width:72rem;margin:0 auto;padding:1rem 1.2rem;display:grid;grid-template-columns:minmax(0,1fr);gap:2rem}
@media (min-width:60rem){main.with-aside{grid-template-columns:minmax(0,1fr) 18rem}}
.headlines{list-style:none;padding:0;margin:0}
.headlines li{display:flex;gap:1rem;padding:1rem 0;border-bottom:1px solid var(--rule)}
.headlines img{width:8rem;height:5.3rem;object-fit:cover;flex:none;background:var(--rule)}
.headlines h2{font-size:1.2rem;margin:0 0 .3rem}
.meta,.credit,.pager,aside{font-family:system-ui,sans-serif;font-size:.85rem;color:var(--muted)}
.lede{font-size:1.15rem}
figure.cover{margin:1rem 0}figure.cover img{max-width:100%;height:auto}
blockquote{border-left:3px solid var(--rule);margin:1rem 0;padding:.2rem 1rem;font-style:italic}
nav.languages{display:flex;gap:.8rem}
.tags{list-style:none;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}.tags a{font-family:system-ui,sans-serif;font-size:.85rem}
`;

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
        <style>{STYLE}</style>
      </head>
      <body>
        <header class="site">
          <a class="brand" href="/">{props.siteTitle}</a>
          <nav>
            <a href="/">Latest news</a> · <a href="/news">View all</a>
          </nav>
          {props.languages?.length ? (
            <nav class="languages">
              {props.languages.map((l) => (
                <a href={l.page} hreflang={l.hreflang} lang={l.hreflang}>
                  {l.name}
                </a>
              ))}
            </nav>
          ) : null}
        </header>
        {props.children}
        <footer class="site">
          <span>Feeds:</span>
          <a href={props.feeds.rss}>RSS</a>
          <a href={props.feeds.atom}>Atom</a>
          <a href={props.feeds.json}>JSON Feed</a>
          <a href="/docs">API</a>
        </footer>
      </body>
    </html>
  );
}

export function documentHtml(page: { toString(): string }): string {
  return `<!DOCTYPE html>${page.toString()}`;
}
