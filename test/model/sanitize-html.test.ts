import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/model/sanitize-html';

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

  it('resolves relative links against the base URL and drops them without one', () => {
    expect(sanitizeHtml('<a href="/news/1">x</a><img src="img/a.jpg">', 'https://outlet.example/ru/story')).toBe(
      '<a href="https://outlet.example/news/1">x</a><img src="https://outlet.example/ru/img/a.jpg">',
    );
    expect(sanitizeHtml('<a href="/news/1">x</a>')).toBe('<a>x</a>');
  });

  it('removes the content of dropped containers, not just the tags', () => {
    expect(sanitizeHtml('<p>ok</p><script>var secret = 1;</script><style>p{}</style>')).toBe('<p>ok</p>');
  });
});
