import { describe, expect, it } from 'vitest';
import { safeUrl, sanitizeHtml } from '../../src/model/sanitize-html';

// Runs in the workerd suite and, for StrykerJS, in plain Node (vitest.mutation.config.ts).
// Mutants of sanitize-html.ts that survive this file and why they are equivalent:
// - An empty attribute list (`p: []`) turned into ["Stryker was here"]: xss splits attribute
//   names at whitespace, so no attribute can carry that name.
// - `css: false` → true: no allow-listed tag has a `style` attribute, so the CSS filter never runs.
// - `NAMED_ENTITIES[…] ?? ''` → another string: the regex before it matches only the five names
//   the table holds.
// - `[\u0000-\u0020]+` → without `+`: differs only for two spaces in a row inside a URL ("a  b"),
//   one %20 against two; browsers write two, so neither answer is a safety property worth pinning.
// - isRelativeReference's `catch { return false }` → `catch {}`: undefined is falsy too, and a
//   string no probe base can parse is no absolute URL either, so it is refused the same way.

// Known XSS vectors (OWASP filter-evasion cheat sheet and friends); none may survive.
const VECTORS: [string, string][] = [
  ['script tag', '<p>a</p><script>alert(1)</script>'],
  ['script with attributes', '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>'],
  ['event handler', '<p onclick="alert(1)">a</p>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: mixed case and entities', '<a href="JaVaScRiPt&#58;alert(1)">x</a>'],
  ['javascript: with tab', '<a href="jav\tascript:alert(1)">x</a>'],
  ['javascript: hex entities', '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>'],
  ['data: URL image', '<img src="data:image/svg+xml;base64,PHN2Zy8+">'],
  ['data: URL link', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['vbscript', '<a href="vbscript:msgbox(1)">x</a>'],
  ['iframe', '<iframe src="https://evil.example/"></iframe>'],
  ['style element', '<style>body{background:url(javascript:alert(1))}</style>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['svg onload', '<svg onload=alert(1)><circle/></svg>'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['object/embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:alert(1)//">'],
  ['unclosed attribute', '<img """><script>alert(1)</script>">'],
  ['comment trick', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['math/xlink', '<math><a xlink:href="javascript:alert(1)">x</a></math>'],
  ['srcset', '<img src="https://ok.example/a.jpg" srcset="javascript:alert(1) 1x">'],
];

describe('sanitizeHtml', () => {
  it.each(VECTORS)('neutralises %s', (_name, html) => {
    const out = sanitizeHtml(html).toLowerCase();
    expect(out).not.toMatch(/<script|<iframe|<style|<svg|<object|<embed|<form|<meta|<base|<math/);
    expect(out).not.toMatch(/\son[a-z]+\s*=/);
    expect(out).not.toMatch(/javascript:|vbscript:|data:|srcset|style=/);
  });

  it('keeps the allowed article structure intact', () => {
    const html =
      '<h2>Предыстория</h2><p>Текст с <em>акцентом</em>, <strong>жирным</strong> и <a href="https://example.kz/a?b=1&amp;c=2" title="t">ссылкой</a>.</p>' +
      '<blockquote><p>«Цитата»</p></blockquote><figure><img src="https://example.kz/i.jpg" alt="фото"><figcaption>Подпись</figcaption></figure><ul><li>один</li></ul>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('resolves relative links against the base URL', () => {
    expect(sanitizeHtml('<a href="/news/1">x</a><img src="img/a.jpg">', 'https://outlet.example/ru/story')).toBe(
      '<a href="https://outlet.example/news/1">x</a><img src="https://outlet.example/ru/img/a.jpg" alt="">',
    );
  });

  it('keeps relative links as written when there is no base, for the renderers to resolve', () => {
    expect(sanitizeHtml('<p><img src="pic.jpg" alt="Сурет"><a href="/x">бір</a> <a href="#frag">екі</a> <a href="../up?a=1&amp;b=2">үш</a></p>')).toBe(
      '<p><img src="pic.jpg" alt="Сурет"><a href="/x">бір</a> <a href="#frag">екі</a> <a href="../up?a=1&amp;b=2">үш</a></p>',
    );
    expect(sanitizeHtml('<blockquote cite="sources/1">q</blockquote><a href="?page=2">next</a>')).toBe('<blockquote cite="sources/1">q</blockquote><a href="?page=2">next</a>');
  });

  it('keeps a fragment-only link a fragment link, with a base or without', () => {
    expect(sanitizeHtml('<a href="#part-2">ниже</a>', 'https://outlet.example/ru/story')).toBe('<a href="#part-2">ниже</a>');
    expect(sanitizeHtml('<a href="#part-2">ниже</a>')).toBe('<a href="#part-2">ниже</a>');
  });

  it('turns a scheme-relative or backslashed link into an absolute one, never a relative one that could change host', () => {
    expect(sanitizeHtml('<a href="//cdn.example/a">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="//cdn.example/a">x</a>', 'https://outlet.example/')).toBe('<a href="https://cdn.example/a">x</a>');
    expect(sanitizeHtml('<a href="\\\\evil.example/a">x</a><a href="/\\evil.example/b">y</a>')).toBe('<a>x</a><a>y</a>');
    // "http:x" is relative only to an http: base; on its own it names the host "x", as the URL standard reads it.
    expect(sanitizeHtml('<a href="http:x">x</a>')).toBe('<a href="http://x/">x</a>');
    expect(sanitizeHtml('<a href="https:x">x</a>')).toBe('<a href="https://x/">x</a>');
    // Not a URL at all, against any base.
    expect(sanitizeHtml('<a href="http://">x</a>')).toBe('<a>x</a>');
  });

  it('still refuses dangerous schemes without a base, however they are spelled', () => {
    expect(sanitizeHtml('<a href=" JAVASCRIPT:alert(1)">x</a><img src=" data:image/png;base64,AAAA"><a href="vbscript:x">y</a>')).toBe('<a>x</a><img alt=""><a>y</a>');
    // xss reads the tab as a space, so what is kept is a harmless relative path, not a scheme.
    expect(sanitizeHtml('<a href="java\tscript:alert(1)">x</a>')).toBe('<a href="java%20script:alert(1)">x</a>');
    expect(sanitizeHtml('<a href="">empty</a>')).toBe('<a>empty</a>');
  });

  it('removes the content of dropped containers, not just the tags', () => {
    expect(sanitizeHtml('<p>ok</p><script>var secret = 1;</script><style>p{}</style>')).toBe('<p>ok</p>');
  });

  it('keeps the allow-listed attributes of quotes and images', () => {
    const html =
      '<blockquote cite="https://example.kz/src"><p>Дәйексөз</p></blockquote><p><q cite="https://example.kz/q">цитата</q></p>' +
      '<img src="https://example.kz/i.jpg" alt="Көпір" title="Астана" width="640" height="480">';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('checks cite like any other URL', () => {
    expect(sanitizeHtml('<blockquote cite="javascript:alert(1)">q</blockquote>')).toBe('<blockquote>q</blockquote>');
    expect(sanitizeHtml('<q cite="/sources/1">q</q>', 'https://outlet.example/ru/story')).toBe('<q cite="https://outlet.example/sources/1">q</q>');
  });

  it('keeps http: as well as https: links', () => {
    expect(sanitizeHtml('<a href="http://example.kz/a">x</a><img src="http://example.kz/i.png">')).toBe(
      '<a href="http://example.kz/a">x</a><img src="http://example.kz/i.png" alt="">',
    );
  });

  it('allows mailto: in links only, escaping what the URL parser leaves in a mailto address', () => {
    expect(sanitizeHtml('<a href="mailto:desk@example.kz">почта</a>')).toBe('<a href="mailto:desk@example.kz">почта</a>');
    expect(sanitizeHtml('<img src="mailto:desk@example.kz"><blockquote cite="mailto:desk@example.kz">q</blockquote>')).toBe('<img alt=""><blockquote>q</blockquote>');
    expect(sanitizeHtml(`<a href='mailto:"desk"<b>@example.kz'>m</a>`)).toBe('<a href="mailto:&quot;desk&quot;&lt;b&gt;@example.kz">m</a>');
  });

  it('decodes the five named references in a URL once, in any case', () => {
    expect(sanitizeHtml('<a href="https://example.kz/?q=&lt;b&gt;&quot;&apos;&amp;x=1&AMP;y=2">x</a>')).toBe(
      '<a href="https://example.kz/?q=%3Cb%3E%22%27&amp;x=1&amp;y=2">x</a>',
    );
    // xss itself decodes the lower-case &quot; only.
    expect(sanitizeHtml('<a href="https://example.kz/?q=&QUOT;">x</a>')).toBe('<a href="https://example.kz/?q=%22">x</a>');
  });

  it.each(['iframe', 'object', 'embed', 'svg', 'math', 'template', 'noscript', 'textarea', 'select', 'title', 'head'])(
    'drops <%s> with its content',
    (tag) => {
      expect(sanitizeHtml(`<p>до<${tag}>скрытое</${tag}>после</p>`)).toBe('<p>допосле</p>');
    },
  );

  it('drops comments, markup inside them included', () => {
    expect(sanitizeHtml('<p>а<!-- редактору: проверить -->б</p>')).toBe('<p>аб</p>');
    expect(sanitizeHtml('<p>а<!-- <b>черновик</b> -->б</p>')).toBe('<p>аб</p>');
  });

  it('trims the result', () => {
    expect(sanitizeHtml('\n  <p>мәтін</p>\n\t')).toBe('<p>мәтін</p>');
  });
});

describe('safeUrl', () => {
  it('drops tabs and newlines inside a URL, as browsers do, and escapes spaces', () => {
    expect(safeUrl('https://example.kz/a\tb\nc', undefined)).toBe('https://example.kz/abc');
    expect(safeUrl('https://example.kz/жаңа жол', undefined)).toBe('https://example.kz/%D0%B6%D0%B0%D2%A3%D0%B0%20%D0%B6%D0%BE%D0%BB');
  });

  it('trims non-ASCII whitespace around a URL', () => {
    expect(safeUrl('\u00a0https://example.kz/a\u2003', undefined)).toBe('https://example.kz/a');
    // Whitespace around a URL is not part of it, with or without a base to resolve against.
    expect(safeUrl('\n  https://example.kz/a\n', 'https://feed.example/rss')).toBe('https://example.kz/a');
    expect(safeUrl('  \u0001https://example.kz/a \u0002 ', undefined)).toBe('https://example.kz/a');
  });

  it('resolves against the base, and refuses a relative URL without one', () => {
    expect(safeUrl('../b?x=1', 'https://example.kz/ru/a/')).toBe('https://example.kz/ru/b?x=1');
    expect(safeUrl('../b', undefined)).toBe(null);
  });

  it('allows mailto: only when asked to', () => {
    expect(safeUrl('mailto:desk@example.kz', undefined)).toBe(null);
    expect(safeUrl('mailto:desk@example.kz', undefined, true)).toBe('mailto:desk@example.kz');
    expect(safeUrl('ftp://example.kz/a', undefined, true)).toBe(null);
  });
});
