// Every page type, as Debian Chromium renders it at phone and desktop width, against axe-core
// (WCAG 2.2 AA and best practices) and the W3C Nu HTML checker: no violation, no error, no
// warning. The data holds the demo content and the edge cases of test/fixtures/site/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PAGE_TYPES, PHONE, startSite } from '../../scripts/lib/site-pages.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';
import { describeNuMessages, nuCheck } from './lib/nu-checker.mjs';

const WIDTHS = [PHONE, DESKTOP];
let site;
let browser;
const contexts = new Map();
/** What the browser received for each page type: status, content type, HTML, stylesheet URLs. */
const sources = new Map();
let workDir;

before(async () => {
  site = await startSite();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  contexts.set(PHONE, await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }));
  contexts.set(DESKTOP, await browser.newContext({ viewport: { width: DESKTOP.width, height: DESKTOP.height } }));
  const page = await contexts.get(DESKTOP).newPage();
  for (const type of PAGE_TYPES) {
    const res = await page.goto(`${site.baseUrl}${type.path}`);
    const contentType = res.headers()['content-type'] ?? '';
    const stylesheets = contentType.startsWith('text/html')
      ? await page.$$eval('link[rel~="stylesheet"]', (links) => links.map((l) => l.href))
      : [];
    sources.set(type, { status: res.status(), contentType, html: await res.text(), stylesheets });
  }
  await page.close();
  workDir = await mkdtemp(join(tmpdir(), 'newswire-nu-'));
});

after(async () => {
  await browser?.close();
  await site?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const label = (type) => `${type.name} (${decodeURI(type.path)})`;

function assertHtml(type) {
  const { status, contentType } = sources.get(type);
  assert.ok(contentType.startsWith('text/html'), `${label(type)} answered ${status} ${contentType || 'without a content type'}, not an HTML page`);
}

describe('every page type answers an HTML page with its status', () => {
  for (const type of PAGE_TYPES) {
    it(`${label(type)}: ${type.status} text/html`, () => {
      const { status, contentType } = sources.get(type);
      assert.deepEqual({ status, html: contentType.startsWith('text/html') }, { status: type.status, html: true }, `${label(type)} answered ${status} ${contentType}`);
    });
  }
});

describe('axe-core: WCAG 2.2 AA and best practices', () => {
  for (const type of PAGE_TYPES) {
    for (const width of WIDTHS) {
      it(`${label(type)} at ${width.name} width (${width.width}×${width.height}): 0 violations`, async () => {
        assertHtml(type);
        const page = await contexts.get(width).newPage();
        try {
          await page.goto(`${site.baseUrl}${type.path}`);
          await page.evaluate(() => document.fonts.ready);
          const violations = await axeViolations(page);
          assert.equal(violations.length, 0, describeViolations(violations, `${label(type)} at ${width.name} width ${width.width}×${width.height}`));
        } finally {
          await page.close();
        }
      });
    }
  }
});

/**
 * Known-bad documents prove each checker runs with the intended rules and that its findings
 * reach the assertions: a harness that silently checks nothing would pass every page.
 */
const PROBE_HTML =
  '<!DOCTYPE html>\n<html lang="en">\n<head><title>Harness probe</title><style>p{font:17px/1.5 Georgia,&#39;Times&#39;,serif}</style></head>\n' +
  '<body><main><section><p><em>unclosed</p></section><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body>\n</html>\n';
const PROBE_CSS = 'body { colr: red; font: 17px/1.5 Georgia, "Times New Roman", serif }\n';

describe('the checkers catch known faults', () => {
  it('axe-core reports a WCAG 2.0 A, a WCAG 2.2 AA and a best-practice violation', async () => {
    const page = await contexts.get(PHONE).newPage();
    try {
      const link = (href) => `<a href="${href}" class="tiny">x</a>`;
      await page.setContent(
        '<!DOCTYPE html><html lang="en"><head><title>Harness probe</title><style>.tiny{display:inline-block;font-size:8px;line-height:8px}</style></head>' +
          `<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>${link('/a')}${link('/b')}</p></main></body></html>`,
      );
      const ids = (await axeViolations(page)).map((v) => v.id).sort();
      assert.deepEqual(ids, ['image-alt', 'page-has-heading-one', 'target-size']);
    } finally {
      await page.close();
    }
  });
});

describe('W3C Nu HTML checker: 0 errors and 0 warnings', () => {
  let checked;
  /** One checker run for every page and stylesheet, started by whichever test needs it first. */
  function checkAll() {
    checked ??= (async () => {
      const files = new Map();
      for (const [i, type] of PAGE_TYPES.entries()) {
        const { contentType, html } = sources.get(type);
        if (!contentType.startsWith('text/html')) continue;
        const file = join(workDir, `page-${i}.html`);
        await writeFile(file, html);
        files.set(type, file);
      }
      const linked = [...new Set([...sources.values()].flatMap((s) => s.stylesheets))];
      // Only the site's own stylesheets are fetched: nothing may leave the machine.
      const stylesheetUrls = linked.filter((url) => new URL(url).origin === site.baseUrl);
      const offSite = linked.filter((url) => !stylesheetUrls.includes(url));
      for (const [i, url] of stylesheetUrls.entries()) {
        const res = await fetch(url);
        const file = join(workDir, `stylesheet-${i}.css`);
        await writeFile(file, await res.text());
        files.set(url, file);
      }
      const probes = { html: join(workDir, 'probe.html'), css: join(workDir, 'probe.css') };
      await writeFile(probes.html, PROBE_HTML);
      await writeFile(probes.css, PROBE_CSS);
      const messages = await nuCheck([...files.values(), probes.html, probes.css]);
      return { files, messages, stylesheetUrls, offSite, probes };
    })();
    return checked;
  }

  it('reports CSS, markup and alt errors and a warning in a known-bad page and stylesheet', async () => {
    const { messages, probes } = await checkAll();
    const summary = (file) => messages.get(file).map((m) => `${m.type === 'info' ? 'warning' : m.type}: ${m.message}`);
    assert.deepEqual(summary(probes.html), [
      'error: CSS: Parse Error.',
      'error: CSS: “Times”: Parse Error.',
      'error: CSS: “serif”: Parse Error.',
      'error: End tag “p” seen, but there were open elements.',
      'error: Unclosed element “em”.',
      'warning: Section lacks heading. Consider using “h2”-“h6” elements to add identifying headings to all sections, or else use a “div” element instead for any cases where no heading is needed.',
      'error: An “img” element must have an “alt” attribute, except under certain conditions. For details, consult guidance on providing text alternatives for images.',
      'error: End tag “main” seen, but there were open elements.',
    ]);
    assert.deepEqual(summary(probes.css), ['error: CSS: “colr”: Property “colr” doesn\'t exist.']);
  });

  for (const type of PAGE_TYPES) {
    it(`${label(type)}: its HTML source`, async () => {
      assertHtml(type);
      const { files, messages } = await checkAll();
      const found = messages.get(files.get(type));
      assert.equal(found.length, 0, describeNuMessages(found, label(type)));
    });
  }

  it('the stylesheets the pages link', async () => {
    const { files, messages, stylesheetUrls, offSite } = await checkAll();
    assert.deepEqual(offSite, [], 'stylesheets linked from off the site');
    const report = stylesheetUrls
      .map((url) => ({ url, found: messages.get(files.get(url)) }))
      .filter(({ found }) => found.length > 0)
      .map(({ url, found }) => describeNuMessages(found, new URL(url).pathname));
    assert.equal(report.length, 0, report.join('\n'));
  });
});
