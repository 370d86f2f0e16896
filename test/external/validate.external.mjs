// `npm run validate`: the running service's feeds checked by tools nobody here wrote —
// Python's feedparser (bozo 0, entries match), xmllint (well-formedness) and the JSON Feed
// 1.1 rules — with the demo articles plus hostile ones in the store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDemoArticles, seedDemo, DEMO_PUBLISHER } from '../../scripts/lib/demo-content.mjs';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';
import { sendEvent } from '../../scripts/lib/webhook-client.mjs';

const CHECKER = fileURLToPath(new URL('./feed_check.py', import.meta.url));
const PYTHON = process.env.FEEDPARSER_PYTHON ?? '/usr/bin/python3';
let server;
let stateDir;
let articles;

const HOSTILE = [
  { id: 'hostile-amp', title: 'Tom & Jerry <b>bold</b> ]]> twice ]]> <![CDATA[', content_html: '<p>a & b < c ]]></p>', authors: [{ name: 'A & <B> "Q"' }] },
  { id: 'hostile-ctrl', title: 'Control\u0001chars\u001f and \uFFFE gone', content_html: '<p>\u0007bell</p>' },
  { id: 'hostile-rtl', title: '\u202Eمرحبا שלום 🎉 Әділ', content_html: '<p dir="rtl">مرحبا</p>', tags: ['& <tag> "q"'] },
  { id: 'hostile-attr', title: 'Attributes', content_html: '<p>x</p>', image: { url: 'https://img.example/a.jpg?x=1&y=<2>', caption: 'cap & <cap>', credit: '"Credit" & co' }, source: { name: 'Src & <Co>', url: 'https://src.example/?a=1&b=2' } },
];

function expectedEntries(list) {
  return list.map((a) => ({ title: a.title, published: a.date_published, authors: (a.authors ?? []).map((p) => p.name) }));
}

before(async () => {
  const { ADMIN_TOKEN } = await ensureDevVars();
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-validate-'));
  server = await startDevServer({ persistTo: stateDir });
  const { secret } = await seedDemo(server.baseUrl, ADMIN_TOKEN);
  for (const [i, h] of HOSTILE.entries()) {
    const data = { ...h, date_published: new Date(Date.UTC(2026, 9, 1 + i, 8)).toISOString() };
    const res = await sendEvent({ baseUrl: server.baseUrl, publisher: DEMO_PUBLISHER.id, secret, event: { type: 'article.published', timestamp: new Date().toISOString(), data } });
    assert.equal(res.status, 201, res.body);
  }
  // What the service stored (sanitized) is what every feed must carry.
  const ids = [...(await loadDemoArticles()).map((a) => a.id), ...HOSTILE.map((h) => h.id)];
  articles = await Promise.all(ids.map(async (id) => (await fetch(`${server.baseUrl}/api/articles/${DEMO_PUBLISHER.id}/${id}`)).json()));
  articles.sort((a, b) => Date.parse(b.date_published) - Date.parse(a.date_published));
});

after(async () => {
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const SCOPES = () => [
  { path: '', list: articles },
  { path: `/publishers/${DEMO_PUBLISHER.id}`, list: articles },
  { path: `/tags/${encodeURIComponent('Алматы')}`, list: articles.filter((a) => a.tags?.includes('Алматы')) },
];

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
        url: `${server.baseUrl}${scope.path}/${{ rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' }[format]}`,
        format,
        expected: expectedEntries(scope.list),
      })),
    );
    const out = JSON.parse(execFileSync(PYTHON, [CHECKER], { input: JSON.stringify({ feeds }) }).toString());
    assert.equal(out.checked, 9);
    assert.deepEqual(out.problems, []);
  });
});
