// Pure render time of 50 full articles per format, in this Node process (esbuild bundle of src/render).
import { bundleAndImport } from './esbuild-bundle.mjs';
import { benchArticle, publisherOf } from './fixtures.mjs';
import { timeCalls } from './stats.mjs';

const ENTRY = `
export { renderRss } from './src/render/rss';
export { renderAtom } from './src/render/atom';
export { renderJsonFeed } from './src/render/json-feed';
export { renderListingPage } from './src/render/html/listing-page';
export { renderArticlePage } from './src/render/html/article-page';
export { normalizeArticle } from './src/model/normalize';
export { ArticleSchema } from './src/model/article-schema';
export { articlePagePath, feedLinks, feedPath, tagPagePath, listingPagePath } from './src/http/site-urls';
`;

const ORIGIN = 'https://news.example.kz';

export async function renderTimings(tmpDir) {
  const m = await bundleAndImport(ENTRY, tmpDir, 'render-bundle');
  // Stored records exactly as intake makes them: schema-validated, normalized, sanitized.
  const articles = Array.from({ length: 50 }, (_, i) => {
    const pub = publisherOf(i);
    return m.normalizeArticle(m.ArticleSchema.parse(benchArticle(i)), { publisher: pub.id, publisherName: pub.name, receivedAt: new Date('2026-11-24T12:00:00Z') });
  });
  const all = { kind: 'all' };
  // The same FeedDocument shape src/routes/feeds.ts builds for "/feed.*".
  const doc = {
    title: 'newswire',
    description: 'Latest news from newswire',
    homeUrl: ORIGIN + m.listingPagePath(all),
    selfUrl: ORIGIN + m.feedPath(all, 'rss'),
    alternates: { rss: ORIGIN + m.feedPath(all, 'rss'), atom: ORIGIN + m.feedPath(all, 'atom'), json: ORIGIN + m.feedPath(all, 'json') },
    nextUrl: `${ORIGIN}/feed.xml?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
    iconUrl: `${ORIGIN}/favicon.svg`,
    language: undefined,
    updated: new Date(Math.max(...articles.map((a) => Date.parse(a.date_modified ?? a.date_published)))),
    articles,
    articlePageUrl: (a) => ORIGIN + m.articlePagePath(a),
    tagPageUrl: (t) => ORIGIN + m.tagPagePath(t),
  };
  const feeds = m.feedLinks(ORIGIN, all, 'newswire');
  const cases = {
    'render RSS (50 articles)': () => m.renderRss(doc),
    'render Atom (50 articles)': () => m.renderAtom(doc),
    'render JSON Feed (50 articles)': () => m.renderJsonFeed(doc),
    'render HTML listing (50 articles)': () =>
      m.renderListingPage({ siteTitle: 'newswire', heading: 'All news', articles, articleHref: m.articlePagePath, feeds, moreLink: { href: '/news?cursor=x', label: 'Older stories →' }, showThumbnails: true }),
    'render HTML article page': () =>
      m.renderArticlePage({
        siteTitle: 'newswire',
        article: articles[0],
        pageUrl: ORIGIN + m.articlePagePath(articles[0]),
        feeds,
        tagHref: m.tagPagePath,
        latest: articles.slice(1, 9).map((a) => ({ title: a.title, href: m.articlePagePath(a) })),
      }),
  };
  const results = {};
  // Timed through UTF-8 encoding, as the body is sent: a renderer that returns an unflattened
  // string (a V8 rope) would otherwise hand part of its cost to the response.
  const encoder = new TextEncoder();
  for (const [name, fn] of Object.entries(cases)) {
    const bytes = Buffer.byteLength(fn());
    results[name] = { ...timeCalls(() => encoder.encode(fn())), outputBytes: bytes };
  }
  return { inputBytesPerArticle: Math.round(articles.reduce((s, a) => s + JSON.stringify(a).length, 0) / articles.length), results };
}
