// The HTML site in a real browser (Debian Chromium driven by playwright-core) against
// `wrangler dev` with a fresh local KV and the demo content loaded through signed webhooks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { DEMO_PUBLISHER, loadDemoArticles, seedDemo } from '../../scripts/lib/demo-content.mjs';
import { sendEvent, toEvent } from '../../scripts/lib/webhook-client.mjs';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server;
let browser;
let page;
let stateDir;
let demo;
let demoSecret;

before(async () => {
  const vars = await ensureDevVars();
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-e2e-'));
  server = await startDevServer({ persistTo: stateDir });
  demoSecret = (await seedDemo(server.baseUrl, vars.ADMIN_TOKEN)).secret;
  demo = (await loadDemoArticles(server.baseUrl)).sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('latest news in a browser', () => {
  it('shows the demo headlines newest first', async () => {
    await page.goto(`${server.baseUrl}/`);
    assert.equal(await page.locator('h1').textContent(), 'Latest news');
    const headlines = await page.locator('ol.headlines h2').allTextContents();
    assert.deepEqual(headlines, demo.map((a) => a.title));
  });

  it('"View all" leads to the full listing, and each headline opens its article', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: 'View all →' }).click();
    await page.waitForURL(`${server.baseUrl}/news`);
    assert.equal(await page.locator('h1').textContent(), 'All news');
    assert.equal(await page.locator('ol.headlines li').count(), demo.length);
    await page.getByRole('link', { name: demo[0].title }).click();
    await page.waitForURL(`${server.baseUrl}/news/demo-desk/${demo[0].id}`);
    assert.equal(await page.locator('article h1').textContent(), demo[0].title);
  });
});

describe('an article page in a browser', () => {
  const article = () => demo.find((a) => a.id === 'astana-novyi-most');

  it('shows the cover figure with caption and credit, sections, quotes, source and byline', async () => {
    const a = article();
    await page.goto(`${server.baseUrl}/news/demo-desk/${a.id}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    const figure = page.locator('figure.cover');
    assert.equal(await figure.locator('img').getAttribute('src'), a.image.url);
    assert.equal(await figure.locator('.credit').textContent(), `Фото: ${a.image.credit}`);
    assert.equal(await figure.locator('.caption').textContent(), a.image.caption);
    assert.equal(await figure.locator('img').getAttribute('alt'), a.title);
    assert.equal(await figure.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the demo photo loads from the site itself');
    assert.deepEqual(await page.locator('.body h2').allTextContents(), ['Как строили', 'Что дальше']);
    assert.equal(await page.locator('.body blockquote').count(), 1);
    assert.equal(await page.locator('.byline .source').textContent(), `Сообщает ${a.source.name}`);
    assert.equal(await page.locator('.byline .source a').getAttribute('href'), a.source.url);
    assert.equal(await page.locator('.byline .authors').textContent(), `Автор: ${a.authors[0].name}`);
    assert.equal(await page.locator('.byline a.publisher').getAttribute('href'), `/publishers/${DEMO_PUBLISHER.id}`);
    const side = await page.locator('aside li').allTextContents();
    assert.ok(side.length >= 3 && !side.includes(a.title), 'the side list shows other recent headlines');
  });

  it('links its tags to tag pages that list it', async () => {
    await page.goto(`${server.baseUrl}/news/demo-desk/astana-novyi-most`);
    await page.getByRole('link', { name: '#Астана' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').textContent(), '#Астана');
    assert.ok((await page.locator('ol.headlines h2').allTextContents()).includes(article().title));
  });
});

describe('feed autodiscovery', () => {
  // Besides its own three feeds, a page advertises its language's (hreflang): a mixed listing
  // each of SITE_LANGUAGES, an article its own, a language listing only its own.
  const pages = [
    ['/', ['en', 'kk', 'ru']],
    ['/news/demo-desk/burkitshi-festival', ['kk']],
    ['/tags/Алматы', ['en', 'kk', 'ru']],
    ['/lang/ru', []],
  ];
  for (const [path, languages] of pages) {
    it(`${path} advertises three feeds, and its languages' (${languages.join(', ')}), that parse`, async () => {
      await page.goto(`${server.baseUrl}${encodeURI(path)}`);
      const links = await page.$$eval('link[rel="alternate"]', (els) => els.map((e) => ({ type: e.type, href: e.href, hreflang: e.hreflang })));
      const own = path.startsWith('/lang/') ? links.filter((l) => l.href.startsWith(`${server.baseUrl}${path}/`)) : links.filter((l) => !l.hreflang);
      assert.deepEqual(own.map((l) => l.type).sort(), ['application/atom+xml', 'application/feed+json', 'application/rss+xml']);
      const others = links.filter((l) => !own.includes(l));
      assert.deepEqual([...new Set(others.map((l) => l.hreflang))].sort(), languages);
      for (const l of others) assert.ok(l.href.startsWith(`${server.baseUrl}/lang/${l.hreflang}/`), l.href);
      for (const { type, href } of links) {
        const res = await fetch(href);
        assert.equal(res.status, 200, href);
        const text = await res.text();
        const feed = type === 'application/feed+json' ? extractFromJson(JSON.parse(text)) : extractFromXml(text);
        assert.ok(feed.entries.length > 0, `${href} has entries`);
        assert.ok(feed.entries.every((e) => e.title && e.link), `${href} entries have title and link`);
      }
    });
  }
});

describe('the typeface', () => {
  // Chromium reports, per node, which font actually drew its glyphs: a Kazakh letter that fell
  // back to another family (the "ransom note") shows up as a second entry.
  async function fontsOf(selector) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert.ok(nodeId, `${selector} exists`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    await cdp.detach();
    return fonts;
  }

  it('draws every glyph of a Kazakh article (headline, lede, byline, body, italic quote) in Literata', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/news/demo-desk/burkitshi-festival`);
    await page.evaluate(() => document.fonts.ready);
    const parts = {
      '.headline': 'Literata',
      '.lede': 'Literata',
      '.byline .authors': 'Literata',
      '.body > p': 'Literata',
      '.body blockquote p': 'Literata',
    };
    for (const [selector, family] of Object.entries(parts)) {
      const text = await page.locator(selector).first().textContent();
      assert.match(text, /[әғқңөұүһі]/i, `${selector} has Kazakh letters`);
      const fonts = await fontsOf(selector);
      assert.deepEqual([...new Set(fonts.map((f) => f.familyName))], [family], `${selector}: ${JSON.stringify(fonts)}`);
      assert.ok(fonts.every((f) => f.isCustomFont), `${selector} uses the site's own font files`);
    }
    // The quote is drawn by the italic face itself, not a slanted upright.
    const quote = await fontsOf('.body blockquote p');
    assert.ok(quote.every((f) => /Italic/.test(f.postScriptName)), JSON.stringify(quote));
    const headline = await fontsOf('.headline');
    assert.ok(headline.every((f) => /Bold/.test(f.postScriptName)), JSON.stringify(headline));
  });

  it('arriving, it moves nothing: the header is as tall in the fallback as in Literata, on a phone', async () => {
    // The header's height in each typeface, page by page: a difference is a layout shift of the
    // whole page when the web font swaps in (Lighthouse's "cumulative layout shift").
    const heights = async (blockFonts) => {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
      const tab = await context.newPage();
      if (blockFonts) await tab.route('**/fonts/**', (route) => route.abort());
      const out = {};
      for (const path of ['/', '/news/demo-desk/burkitshi-festival', '/news/demo-desk/astana-novyi-most']) {
        await tab.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
        out[path] = await tab.evaluate(() => document.querySelector('header.site').getBoundingClientRect().height);
      }
      await context.close();
      return out;
    };
    const literata = await heights(false);
    const fallback = await heights(true);
    assert.deepEqual(fallback, literata);
  });

  it('comes with the stylesheet from the site\'s own assets, cached as immutable', async () => {
    await page.goto(`${server.baseUrl}/`);
    const css = await page.getAttribute('link[rel="stylesheet"]', 'href');
    assert.match(css, /^\/css\/site\.css\?v=[0-9a-f]{12}$/);
    const res = await fetch(`${server.baseUrl}${css}`);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
    const font = /url\((\/fonts\/literata-cyrillic-ext-400-normal\.woff2\?v=[0-9a-f]+)\)/.exec(await res.text())?.[1];
    assert.ok(font);
    assert.equal((await fetch(`${server.baseUrl}${font}`)).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });
});

// Last: it adds a story the listings above do not expect.
describe('at 320 px nothing overflows', () => {
  const LONG = 'Қазақстандағыжаңажолайрықтарыныңқұрылысыаяқталды'.repeat(6);
  const longWord = {
    id: 'long-word-320',
    title: LONG,
    summary: `https://example.kz/${'жол/'.repeat(60)}`,
    content_html: `<p>${LONG}</p><blockquote><p>${LONG}</p></blockquote><p><a href="https://example.kz/">https://example.kz/${'a'.repeat(300)}</a></p>`,
    image: { url: '/images/demo/rail-corridor.svg', caption: LONG, credit: LONG.slice(0, 200) },
    authors: [{ name: LONG.slice(0, 100) }],
    source: { name: LONG.slice(0, 100), url: 'https://example.kz/' },
    tags: [LONG.slice(0, 50)],
    language: 'kk',
    date_published: '2026-11-25T10:00:00+05:00',
  };

  it('an article, the front page and a tag page with a very long unbroken word stay within the screen', async () => {
    const article = { ...longWord, image: { ...longWord.image, url: `${server.baseUrl}${longWord.image.url}` } };
    const sent = await sendEvent({ baseUrl: server.baseUrl, publisher: DEMO_PUBLISHER.id, secret: demoSecret, event: toEvent(article) });
    assert.ok(sent.status < 300, `${sent.status} ${sent.body}`);
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of [`/news/demo-desk/${longWord.id}`, '/', '/news', `/tags/${encodeURIComponent(longWord.tags[0])}`]) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.evaluate(() => document.fonts.ready);
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 320, `${path} is ${width} px wide`);
    }
  });
});
