// The page Content-Security-Policy in Chromium: JSON-LD is a data block, which the policy
// (no script source at all) must leave alone, and no script-src violation is ever reported.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadDemoArticles, seedDemo } from '../../scripts/lib/demo-content.mjs';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server;
let browser;
let stateDir;
let demo;

before(async () => {
  const vars = await ensureDevVars();
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-csp-'));
  server = await startDevServer({ persistTo: stateDir });
  await seedDemo(server.baseUrl, vars.ADMIN_TOKEN);
  demo = await loadDemoArticles();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('Content-Security-Policy in Chromium', () => {
  it('an article page reports no script violation, and its JSON-LD stays readable', async () => {
    const page = await browser.newPage();
    // Init scripts run from the browser, outside the page's policy.
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    });
    const res = await page.goto(`${server.baseUrl}/news/demo-desk/${demo[0].id}`);
    assert.match(res.headers()['content-security-policy'], /^default-src 'none'; /);
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld['@type'], 'NewsArticle');
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations.filter((v) => v.directive.startsWith('script-src')), []);
    await page.close();
  });
});
