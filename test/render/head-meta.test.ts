import { describe, expect, it } from 'vitest';
import { prefersJson, wantsHtmlError } from '../../src/http/error-format';
import { articleDescription, documentTitle, ogLocale } from '../../src/render/html/head-meta';

describe('ogLocale', () => {
  it('gives the Open Graph ll_CC form, the likely region when the tag names none', () => {
    expect(ogLocale('kk')).toBe('kk_KZ');
    expect(ogLocale('ru')).toBe('ru_RU');
    expect(ogLocale('en')).toBe('en_US');
    expect(ogLocale('en-GB')).toBe('en_GB');
    expect(ogLocale('kk-Cyrl-KZ')).toBe('kk_KZ');
    expect(ogLocale('not a tag')).toBeUndefined();
  });
});

describe('documentTitle', () => {
  it('names the page number past the first page, and the site alone on its own page', () => {
    expect(documentTitle('newswire', 'All news', 1)).toBe('All news — newswire');
    expect(documentTitle('newswire', 'All news', 3)).toBe('All news — page 3 — newswire');
    expect(documentTitle('newswire', 'newswire', undefined)).toBe('newswire');
  });
});

describe('articleDescription', () => {
  it('uses the lede, cut at a word with an ellipsis', () => {
    const summary = `${'Жаңа бекеттер '.repeat(12)}ашылды.`;
    expect(articleDescription({ title: 't', content_html: '<p>x</p>', summary })).toBe(
      'Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа бекеттер Жаңа…',
    );
  });

  it('without a lede, the body as text: tags dropped, references decoded', () => {
    expect(articleDescription({ title: 't', content_html: '<h2>Итоги</h2><p>Мост &amp; дорога &lt;открыты&gt;.</p>' })).toBe('Итоги Мост & дорога <открыты>.');
  });

  it('reads only the start of a huge body, and falls back to the headline when the body has no text', () => {
    expect(articleDescription({ title: 't', content_html: `<p>${'a'.repeat(500_000)}</p>` })).toBe(`${'a'.repeat(159)}…`);
    expect(articleDescription({ title: 'Headline only', content_html: '<img src="x.png">' })).toBe('Headline only');
  });
});

describe('error format', () => {
  it('ranks JSON over HTML only when the client does', () => {
    expect(prefersJson(null)).toBe(false);
    expect(prefersJson('*/*')).toBe(false);
    expect(prefersJson('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(false);
    expect(prefersJson('application/json')).toBe(true);
    expect(prefersJson('application/problem+json, text/html;q=0.5')).toBe(true);
    expect(prefersJson('application/json;q=0.5, text/html')).toBe(false);
    expect(prefersJson('application/*, text/html;q=0.1')).toBe(true);
  });

  it('keeps problem+json for the API, admin, webhooks, the OpenAPI document and feeds', () => {
    for (const path of ['/api/articles/a/b', '/admin/publishers', '/webhooks/desk', '/openapi.json', '/feed.xml', '/tags/x/atom.xml', '/lang/kk/feed.json']) {
      expect(wantsHtmlError(path, 'text/html'), path).toBe(false);
    }
    expect(wantsHtmlError('/news/a/b', 'text/html')).toBe(true);
    expect(wantsHtmlError('/apiary', null)).toBe(true);
    expect(wantsHtmlError('/news/a/b', 'application/json')).toBe(false);
  });
});
