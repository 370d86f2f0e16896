import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { PathologicalFormat } from '../helpers/pathological-feeds';
import { ArticleStore } from '../../src/store/article-store';
import { call } from '../helpers/client';
import { atomViolations, jsonFeedViolations, rssViolations, type Json } from '../helpers/format-rules';
import { CONTENT_TYPE, FULL_SIZE, HOST, ORDINARY_TITLE, PATHOLOGICAL_SHAPES } from '../helpers/pathological-feeds';
import { parseStrictXml } from '../helpers/strict-xml';
import { pullHarness } from './pull-helpers';

/**
 * The cases of test/ingest/pathological-{rss,atom,json}.test.ts (one file per format, so
 * vitest runs them side by side). Every hostile shape at full size (just under the 5 MiB fetch cap) through a whole pull:
 * the pull must finish (the per-test timeout is the bound), report what happened, keep the
 * ordinary item beside the hostile one, and leave feeds that still conform.
 */

const FEED = `${HOST}/feed`;
// Generous for a loaded 2-core machine; before the fixes one shape took minutes.
const TIMEOUT_MS = 30_000;

type Expected = { refused: RegExp } | { new: number; errors: number };

// What each document should come to: its hostile item stored, or refused on its own
// (no title and no text left), or the whole document refused.
const EXPECTED: Record<string, Expected> = {
  'rss title: unclosed <!-- run': { new: 1, errors: 1 },
  'rss title: <script> without end': { new: 1, errors: 1 },
  'rss description: <script> without end': { new: 2, errors: 0 },
  'rss description: unclosed <!-- run': { new: 1, errors: 1 },
  'rss title: < run': { new: 2, errors: 0 },
  'rss title: <a run (tags never closed)': { new: 2, errors: 0 },
  'rss title: & run': { new: 2, errors: 0 },
  'rss title: &# run': { new: 2, errors: 0 },
  'rss title: &amp; run (escaped)': { new: 2, errors: 0 },
  'rss pubDate: ( run': { new: 2, errors: 0 },
  'rss author: ( run': { new: 2, errors: 0 },
  'rss category: <!-- run': { new: 2, errors: 0 },
  'rss link: space run': { new: 2, errors: 0 },
  'rss description: unclosed CDATA run': { new: 2, errors: 0 },
  'rss description: raw <![CDATA[ run': { new: 2, errors: 0 },
  'rss: one 5 MiB title': { new: 2, errors: 0 },
  'rss: 100 000 nested elements': { refused: /^malformed XML: Maximum nested tags exceeded/ },
  'rss: 100 000 nested elements in a title': { new: 1, errors: 1 },
  'rss: 100 000 unclosed elements': { refused: /^malformed XML: Maximum nested tags exceeded/ },
  'atom title: unclosed <!-- run (type=html)': { new: 1, errors: 1 },
  'atom content: <script> without end (xhtml)': { new: 2, errors: 0 },
  'atom title: < run (escaped)': { new: 2, errors: 0 },
  'atom updated: ( run': { new: 2, errors: 0 },
  'atom author name: ( run': { new: 2, errors: 0 },
  'atom content: unclosed CDATA run': { new: 2, errors: 0 },
  'atom: 100 000 nested elements': { refused: /^malformed XML: Maximum nested tags exceeded/ },
  'json title: unclosed <!-- run': { new: 1, errors: 1 },
  'json content_html: <script> without end': { new: 2, errors: 0 },
  'json content_html: < run': { new: 2, errors: 0 },
  'json title: &# run': { new: 2, errors: 0 },
  'json date_published: ( run': { new: 2, errors: 0 },
  'json author name: ( run': { new: 2, errors: 0 },
  'json: 100 000 nested arrays': { new: 1, errors: 1 },
};

const MANY_ITEMS = ['rss: 100 000 items', 'atom: 100 000 items', 'json: 100 000 items'];

// Storage is shared by the tests of a file, so each shape pulls into its own publisher, and the
// feeds checked after a pull are that publisher's: they hold exactly this shape's articles.
const publisherOf = (name: string) => `p${PATHOLOGICAL_SHAPES.findIndex((s) => s.name === name)}`;

async function pull(name: string) {
  const shape = PATHOLOGICAL_SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`no shape ${name}`);
  const body = new TextEncoder().encode(shape.build(FULL_SIZE));
  const h = pullHarness();
  h.upstream.route(FEED, () => new Response(body, { headers: { 'content-type': CONTENT_TYPE[shape.format] } }));
  await h.addSource({ url: FEED, publisher: publisherOf(name) });
  const run = await h.run();
  expect(run.pulled).toHaveLength(1);
  const report = run.pulled[0];
  if (!report) throw new Error('no pull report');
  return { report, bytes: body.byteLength };
}

async function storedTitles(name: string): Promise<string[]> {
  const listed = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: publisherOf(name) }, 50);
  return listed.items.map((a) => a.title);
}

/** The shape's three feeds parse strictly and satisfy their format rules. */
async function expectValidFeeds(name: string): Promise<void> {
  const base = `/publishers/${publisherOf(name)}`;
  const rss = await call(`${base}/feed.xml`);
  expect(rss.status).toBe(200);
  expect(rssViolations(parseStrictXml(await rss.text()).root)).toEqual([]);
  const atom = await call(`${base}/atom.xml`);
  expect(atom.status).toBe(200);
  expect(atomViolations(parseStrictXml(await atom.text()).root)).toEqual([]);
  const json = await call(`${base}/feed.json`);
  expect(json.status).toBe(200);
  expect(jsonFeedViolations(await json.json<Json>())).toEqual([]);
}

/** Every shape of one format, pulled at full size; the coverage check runs with the RSS file. */
export function describeHostileShapes(format: PathologicalFormat): void {
  const ofFormat = (name: string) => PATHOLOGICAL_SHAPES.find((s) => s.name === name)?.format === format;
  describe(`a hostile ${format} document at full size`, () => {
    if (format === 'rss') {
      it('the cases cover every shape the helper builds', () => {
        expect(PATHOLOGICAL_SHAPES.map((s) => s.name).sort()).toEqual([...Object.keys(EXPECTED), ...MANY_ITEMS].sort());
      });
    }
    it.each(Object.entries(EXPECTED).filter(([name]) => ofFormat(name)))('%s', { timeout: TIMEOUT_MS }, async (name, expected) => {
      const { report, bytes } = await pull(name);
      expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      if ('refused' in expected) {
        expect(report).toMatchObject({ outcome: 'failed', http_status: 200, new: 0 });
        expect(report.error).toMatch(expected.refused);
        expect(await storedTitles(name)).toEqual([]);
      } else {
        expect(report).toMatchObject({ outcome: 'fetched', http_status: 200, new: expected.new, errors: expected.errors, deferred: 0, error: null });
        const titles = await storedTitles(name);
        expect(titles).toContain(ORDINARY_TITLE);
        expect(titles).toHaveLength(expected.new);
        for (const title of titles) expect(title.length).toBeLessThanOrEqual(300);
      }
      await expectValidFeeds(name);
    });

    it.each(MANY_ITEMS.filter(ofFormat))('%s: reads up to the item cap, stores what the KV budget allows, defers the rest', { timeout: TIMEOUT_MS }, async (name) => {
      const { report, bytes } = await pull(name);
      expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      expect(report).toMatchObject({ outcome: 'fetched', http_status: 200, errors: 0, error: null });
      // DEFAULT_RUN_LIMITS.maxItems is 200: the rest of the 100 001 items are never looked at.
      expect(report.new + report.deferred).toBe(200);
      expect(report.new).toBeGreaterThan(0);
      await expectValidFeeds(name);
    });
  });
}
