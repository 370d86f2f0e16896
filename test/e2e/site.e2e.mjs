// The HTML site in a real browser (Debian Chromium driven by playwright-core) against
// `wrangler dev` with a fresh local KV and the demo content loaded through signed webhooks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { loadDemoArticles, seedDemo } from '../../scripts/lib/demo-content.mjs';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server;
let browser;
let page;
let stateDir;
let demo;

before(async () => {
  const vars = await ensureDevVars();
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-e2e-'));
  server = await startDevServer({ persistTo: stateDir });
  await seedDemo(server.baseUrl, vars.ADMIN_TOKEN);
  demo = (await loadDemoArticles()).sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
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
    assert.equal(await figure.locator('.credit').textContent(), `Photo: ${a.image.credit}`);
    assert.match(await figure.locator('figcaption').textContent(), new RegExp(a.image.caption));
    assert.deepEqual(await page.locator('.body h2').allTextContents(), ['Как строили', 'Что дальше']);
    assert.equal(await page.locator('.body blockquote').count(), 1);
    assert.equal(await page.locator('.source').textContent(), `${a.source.name} reports.`);
    assert.equal(await page.locator('.source a').getAttribute('href'), a.source.url);
    assert.equal(await page.locator('.original-author').textContent(), `Original author: ${a.authors[0].name}`);
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
