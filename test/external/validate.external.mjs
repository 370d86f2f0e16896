// `npm run validate`: the running service's feeds checked by tools nobody here wrote —
// Python's feedparser (bozo 0, entries match), xmllint (well-formedness), the JSON Feed 1.1
// rules, newsboat (what a subscriber's reader keeps) and jing with RFC 4287's RELAX NG schema —
// with the demo articles plus hostile ones and a three-author article with a cover in the store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDemoArticles, seedDemo, DEMO_PUBLISHER } from '../../scripts/lib/demo-content.mjs';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';
import { sendEvent } from '../../scripts/lib/webhook-client.mjs';

const CHECKER = fileURLToPath(new URL('./feed_check.py', import.meta.url));
const NEWSBOAT_CHECKER = fileURLToPath(new URL('./newsboat_check.py', import.meta.url));
const ATOM_SCHEMA = fileURLToPath(new URL('../fixtures/atom.rnc', import.meta.url));
const PYTHON = process.env.FEEDPARSER_PYTHON ?? '/usr/bin/python3';
let server;
let stateDir;
let articles;
// Primary language subtags of the stored articles whose /lang/{code}/ feeds answer; empty when
// the service has no per-language feeds.
let languages = [];

const HOSTILE = [
  { id: 'hostile-amp', title: 'Tom & Jerry <b>bold</b> ]]> twice ]]> <![CDATA[', content_html: '<p>a & b < c ]]></p>', authors: [{ name: 'A & <B> "Q"' }] },
  { id: 'hostile-ctrl', title: 'Control\u0001chars\u001f and \uFFFE gone', content_html: '<p>\u0007bell</p>' },
  { id: 'hostile-rtl', title: '\u202Eمرحبا שלום 🎉 Әділ', content_html: '<p dir="rtl">مرحبا</p>', tags: ['& <tag> "q"'] },
  { id: 'hostile-attr', title: 'Attributes', content_html: '<p>x</p>', image: { url: 'https://img.example/a.jpg?x=1&y=<2>', caption: 'cap & <cap>', credit: '"Credit" & co' }, source: { name: 'Src & <Co>', url: 'https://src.example/?a=1&b=2' } },
];

// Three authors and a cover photo with caption and credit, in Kazakh: the article the issue's
// closing note describes reader by reader.
const THREE_AUTHORS = {
  id: 'three-authors-cover',
  language: 'kk',
  title: 'Үш автор бір мақалада: «Әділ», Гүлнар және Ерлан',
  content_html: '<p>Үш тілші бірге жазған мақала.</p>',
  authors: [{ name: 'Әділ Сейітов' }, { name: 'Гүлнар Әбдіқадырова' }, { name: 'Ерлан Жақсылықов' }],
  image: { url: 'https://demo.newswire.example/images/three-authors.png', caption: 'Тілшілер редакцияда', credit: 'Демо редакциясы' },
};

// TARGET (issue 13, RSS renderer): RSS names every author in ONE <dc:creator>, joined in the
// article's language; a repeated dc:creator loses all but the last in newsboat and all but the
// first in rss-parser. Fails against a renderer that still repeats dc:creator. Written out per article.
const RSS_CREATOR = { [THREE_AUTHORS.id]: 'Әділ Сейітов, Гүлнар Әбдіқадырова және Ерлан Жақсылықов' };

function rssCreator(a) {
  const names = (a.authors ?? []).map((p) => p.name);
  if (names.length <= 1) return names[0] ?? '';
  if (!(a.id in RSS_CREATOR)) throw new Error(`write out the RSS creator expected for ${a.id}`);
  return RSS_CREATOR[a.id];
}

function expectedEntries(list, format) {
  return list.map((a) => ({
    title: a.title,
    published: a.date_published,
    authors: format === 'rss' && (a.authors ?? []).length > 1 ? [rssCreator(a)] : (a.authors ?? []).map((p) => p.name),
  }));
}

// newsboat's author column: RSS gives the one dc:creator; for Atom newsboat itself joins the
// <author> names with ", ". TARGET (issue 13, renderers): an article with a cover has it as a
// <figure> opening the item's content (newsboat_check.py says why that is newsboat's lead image).
function newsboatEntries(list, format) {
  return list.map((a) => ({
    title: a.title,
    author: format === 'rss' ? rssCreator(a) : (a.authors ?? []).map((p) => p.name).join(', '),
    image: a.image ?? null,
  }));
}

before(async () => {
  const { ADMIN_TOKEN } = await ensureDevVars();
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-validate-'));
  server = await startDevServer({ persistTo: stateDir });
  const { secret } = await seedDemo(server.baseUrl, ADMIN_TOKEN);
  for (const [i, h] of [...HOSTILE, THREE_AUTHORS].entries()) {
    const data = { ...h, date_published: new Date(Date.UTC(2026, 9, 1 + i, 8)).toISOString() };
    const res = await sendEvent({ baseUrl: server.baseUrl, publisher: DEMO_PUBLISHER.id, secret, event: { type: 'article.published', timestamp: new Date().toISOString(), data } });
    assert.equal(res.status, 201, res.body);
  }
  // What the service stored (sanitized) is what every feed must carry.
  const ids = [...(await loadDemoArticles()).map((a) => a.id), ...HOSTILE.map((h) => h.id), THREE_AUTHORS.id];
  articles = await Promise.all(ids.map(async (id) => (await fetch(`${server.baseUrl}/api/articles/${DEMO_PUBLISHER.id}/${id}`)).json()));
  articles.sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
  const held = [...new Set(articles.filter((a) => a.language).map((a) => primaryLanguage(a)))].sort();
  const served = await Promise.all(held.map(async (code) => (await status(`${server.baseUrl}/lang/${code}/atom.xml`)) !== 404));
  // All or nothing: one language served and another not is a failure the checks below report.
  if (served.some(Boolean)) languages = held;
});

after(async () => {
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

function primaryLanguage(a) {
  return a.language.split('-')[0].toLowerCase();
}

// Every feed scope the checks below read; a new kind of listing is one more line here.
const SCOPES = () => [
  { path: '', list: articles },
  { path: `/publishers/${DEMO_PUBLISHER.id}`, list: articles },
  { path: `/tags/${encodeURIComponent('Алматы')}`, list: articles.filter((a) => a.tags?.includes('Алматы')) },
  ...languages.map((code) => ({ path: `/lang/${code}`, list: articles.filter((a) => a.language && primaryLanguage(a) === code) })),
];

const FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

describe('external validators', () => {
  it('xmllint finds every RSS and Atom document well-formed', async () => {
    for (const scope of SCOPES()) {
      for (const file of ['feed.xml', 'atom.xml']) {
        const xml = await (await fetch(`${server.baseUrl}${scope.path}/${file}`)).text();
        execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
      }
    }
  });

  it('xmllint rejects a malformed document (the check itself works)', () => {
    assert.throws(() => execFileSync('xmllint', ['--noout', '-'], { input: '<a title="x & y"/>', stdio: ['pipe', 'pipe', 'pipe'] }));
  });

  it('feedparser reads every feed without bozo, with matching titles, dates and authors; JSON Feed follows 1.1', () => {
    const feeds = SCOPES().flatMap((scope) =>
      ['rss', 'atom', 'json'].map((format) => ({
        url: `${server.baseUrl}${scope.path}/${FILES[format]}`,
        format,
        expected: expectedEntries(scope.list, format),
      })),
    );
    const out = JSON.parse(execFileSync(PYTHON, [CHECKER], { input: JSON.stringify({ feeds }) }).toString());
    assert.equal(out.checked, feeds.length);
    assert.deepEqual(out.problems, []);
  });

  // newsboat 2.21 (Debian 12) reads RSS and Atom only; it does not parse JSON Feed.
  it('newsboat keeps every item with its exact title, all its authors and its lead image', () => {
    const feeds = SCOPES().flatMap((scope) =>
      ['rss', 'atom'].map((format) => ({ url: `${server.baseUrl}${scope.path}/${FILES[format]}`, expected: newsboatEntries(scope.list, format) })),
    );
    const out = JSON.parse(execFileSync(PYTHON, [NEWSBOAT_CHECKER], { input: JSON.stringify({ feeds }) }).toString());
    assert.equal(out.checked, feeds.length);
    assert.equal(out.items, feeds.reduce((n, f) => n + f.expected.length, 0));
    assert.deepEqual(out.problems, []);
  });

  it('jing finds every Atom feed valid against the RFC 4287 RELAX NG schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newswire-atom-'));
    try {
      const files = [];
      for (const [i, scope] of SCOPES().entries()) {
        const url = `${server.baseUrl}${scope.path}/atom.xml`;
        const res = await fetch(url);
        assert.equal(res.status, 200, url);
        const file = join(dir, `${i}.atom.xml`);
        await writeFile(file, await res.text());
        files.push({ file, url });
      }
      const run = jing(files.map((f) => f.file));
      // jing names the file of each error; say which feed that was.
      const report = files.reduce((text, f) => text.replaceAll(f.file, f.url), run.stdout);
      assert.equal(run.status, 0, report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('jing accepts a minimal Atom feed and rejects one without atom:id (the schema itself works)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newswire-atom-'));
    try {
      const head = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2026-11-01T00:00:00Z</updated><author><name>a</name></author>';
      await writeFile(join(dir, 'valid.xml'), `${head}<id>urn:x:1</id></feed>`);
      await writeFile(join(dir, 'no-id.xml'), `${head}</feed>`);
      assert.equal(jing([join(dir, 'valid.xml')]).status, 0);
      const invalid = jing([join(dir, 'no-id.xml')]);
      assert.equal(invalid.status, 1);
      assert.match(invalid.stdout, /missing required element "id"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('per-language feeds and pages are served for every language the store holds', async (t) => {
    if (languages.length === 0) {
      t.skip('this build serves no /lang/{code}/ feeds');
      return;
    }
    const want = {};
    const got = {};
    for (const code of ['en', 'kk', 'ru']) {
      for (const path of [`/lang/${code}`, ...Object.values(FILES).map((f) => `/lang/${code}/${f}`)]) {
        want[path] = 200;
        got[path] = await status(`${server.baseUrl}${path}`);
      }
    }
    assert.deepEqual(languages, ['en', 'kk', 'ru']);
    assert.deepEqual(got, want);
  });
});

async function status(url) {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

function jing(files) {
  // Debian's wrapper warns on stderr about optional jars it does not need for RELAX NG.
  return spawnSync('jing', ['-c', ATOM_SCHEMA, ...files], { encoding: 'utf8' });
}
