// Loads the demo articles into a running newswire through its real write path:
// the admin API registers the demo publisher, signed webhooks deliver the articles.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { adminRequest, sendEvent, toEvent } from './webhook-client.mjs';

const DEMO_DIR = fileURLToPath(new URL('../../demo/articles/', import.meta.url));
export const DEMO_PUBLISHER = { id: 'demo-desk', name: 'newswire demo desk', url: 'https://demo.newswire.example/' };

/**
 * The demo articles. Their photos are the server's own static assets (public/images/demo/), named
 * by site-relative URLs in the files; intake takes only absolute http(s) URLs, so given the
 * server's base URL they are made absolute against it.
 */
export async function loadDemoArticles(baseUrl) {
  const files = (await readdir(DEMO_DIR)).filter((f) => f.endsWith('.json')).sort();
  const articles = await Promise.all(files.map(async (f) => JSON.parse(await readFile(DEMO_DIR + f, 'utf8'))));
  if (baseUrl === undefined) return articles;
  return articles.map((a) => withAbsoluteImage(a, baseUrl));
}

/** The article with its photo's URL resolved against the server's base URL (absolute ones stay). */
export function withAbsoluteImage(article, baseUrl) {
  return article.image ? { ...article, image: { ...article.image, url: new URL(article.image.url, baseUrl).href } } : article;
}

/** Returns the demo publisher's current secret (a fresh one when it already existed). */
export async function seedDemo(baseUrl, adminToken) {
  let res = await adminRequest(baseUrl, adminToken, 'POST', '/admin/publishers', DEMO_PUBLISHER);
  if (res.status === 409) {
    // The secret is shown only once, so a later start rotates to learn a usable one.
    res = await adminRequest(baseUrl, adminToken, 'POST', `/admin/publishers/${DEMO_PUBLISHER.id}/secrets`);
    await adminRequest(baseUrl, adminToken, 'DELETE', `/admin/publishers/${DEMO_PUBLISHER.id}/secrets/previous`);
  }
  if (res.status !== 201) throw new Error(`could not register the demo publisher: ${res.status} ${JSON.stringify(res.body)}`);
  const secret = res.body.secret;
  const articles = await loadDemoArticles(baseUrl);
  for (const article of articles) {
    const sent = await sendEvent({ baseUrl, publisher: DEMO_PUBLISHER.id, secret, event: toEvent(article) });
    if (sent.status >= 300) throw new Error(`demo article ${article.id}: ${sent.status} ${sent.body}`);
  }
  return { secret, count: articles.length };
}
