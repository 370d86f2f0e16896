// The reader's site as the measurements see it: `wrangler dev` on a fresh local KV with the demo
// content plus the edge-case articles (test/fixtures/site/), and one URL for every page type.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from './demo-content.mjs';
import { startDevServer } from './dev-server.mjs';
import { ensureDevVars } from './dev-vars.mjs';
import { adminRequest, sendEvent, toEvent } from './webhook-client.mjs';

const EDGE_DIR = fileURLToPath(new URL('../../test/fixtures/site/', import.meta.url));

/** A second publisher, so the edge cases never depend on what the demo content holds. */
export const EDGE_PUBLISHER = { id: 'edge-desk', name: 'Edge & "Case" desk', url: 'https://edge.newswire.example/' };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Nothing may leave the machine: every host name but the loopback address fails to resolve
 * (demo and fixture URLs name hosts that must never be looked up), and Chromium's own services
 * (component updates, metrics, safe browsing lists) stay off.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export const PHONE = { name: 'phone', width: 390, height: 844 };
export const DESKTOP = { name: 'desktop', width: 1366, height: 900 };

/**
 * Every page type a reader can reach, with the status it must answer. Tag paths use the
 * case-folded spelling, the one canonical URL of a tag.
 */
export const PAGE_TYPES = [
  { name: 'front page', path: '/', status: 200 },
  { name: 'all news', path: '/news', status: 200 },
  { name: 'tag page', path: `/tags/${encodeURIComponent('астана')}`, status: 200 },
  { name: 'publisher page', path: '/publishers/demo-desk', status: 200 },
  { name: 'language page', path: '/lang/kk', status: 200 },
  { name: 'article with image', path: '/news/demo-desk/astana-novyi-most', status: 200 },
  { name: 'article without image', path: `/news/${EDGE_PUBLISHER.id}/bez-foto`, status: 200 },
  { name: 'long-headline article', path: `/news/${EDGE_PUBLISHER.id}/long-headline`, status: 200 },
  { name: 'long-word article', path: `/news/${EDGE_PUBLISHER.id}/uzyn-soz`, status: 200 },
  { name: 'hostile article', path: `/news/${EDGE_PUBLISHER.id}/hostile-markup`, status: 200 },
  { name: '404 page', path: '/news/demo-desk/no-such-story', status: 404 },
];

/** The edge-case articles; `{{origin}}` in a fixture becomes the server's origin (images it serves). */
export async function loadEdgeArticles(origin) {
  const files = (await readdir(EDGE_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => JSON.parse((await readFile(join(EDGE_DIR, f), 'utf8')).replaceAll('{{origin}}', origin))));
}

export async function seedEdgeCases(baseUrl, adminToken) {
  const res = await adminRequest(baseUrl, adminToken, 'POST', '/admin/publishers', EDGE_PUBLISHER);
  if (res.status !== 201) throw new Error(`could not register ${EDGE_PUBLISHER.id}: ${res.status} ${JSON.stringify(res.body)}`);
  for (const article of await loadEdgeArticles(baseUrl)) {
    const sent = await sendEvent({ baseUrl, publisher: EDGE_PUBLISHER.id, secret: res.body.secret, event: toEvent(article) });
    if (sent.status >= 300) throw new Error(`edge-case article ${article.id}: ${sent.status} ${sent.body}`);
  }
}

/**
 * `wrangler dev` on its own empty store, seeded with the demo content and, unless `edgeCases`
 * is false, the edge-case articles; `stop()` ends it and removes the store.
 */
export async function startSite({ edgeCases = true } = {}) {
  const vars = await ensureDevVars();
  const stateDir = await mkdtemp(join(tmpdir(), 'newswire-site-'));
  const server = await startDevServer({ persistTo: stateDir });
  try {
    await seedDemo(server.baseUrl, vars.ADMIN_TOKEN);
    if (edgeCases) await seedEdgeCases(server.baseUrl, vars.ADMIN_TOKEN);
  } catch (err) {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
    throw err;
  }
  return {
    baseUrl: server.baseUrl,
    async stop() {
      await server.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
