import { describe, expect, it } from 'vitest';
import { itemAuthors } from '../../src/ingest/upstream/feed-extensions';
import { htmlToText, truncateText } from '../../src/ingest/upstream/html-text';
import { decodeXmlReferences, rawXmlText } from '../../src/ingest/upstream/xml-parser';

describe('htmlToText', () => {
  it.each([
    ['<b>Tom</b> &amp; Jerry<br>2', 'Tom & Jerry 2'],
    ['<p>Бір</p><p>Два</p>', 'Бір Два'],
    ['a<!-- hidden -->b', 'ab'],
    ['a<!-- <script> -->b</script>c', 'abc'],
    ['x<script type="text/javascript">alert("<b>")</script>y', 'x y'],
    ['x<STYLE>p { color: red }</Style >y', 'x y'],
    ['x<svg/>y', 'x y'],
    ['<pre>code</pre><p_x>q', 'codeq'],
    ['<h2 class="t">Заголовок</h2>текст', 'Заголовок текст'],
    ['1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['<<b>>', '<>'],
    ['&lt;script&gt;kept as text&lt;/script&gt;', '<script>kept as text</script>'],
    ['<!DOCTYPE html>x', '<!DOCTYPE html>x'],
    ['a &#1178;азақ &#x4E2D; &bogus; &#0;', 'a Қазақ 中 &bogus; \uFFFD'],
    ['&AMP; &#X41; &#12345678; &#x; &constructor; &toString; &a;', '& A &#12345678; &#x; &constructor; &toString; &a;'],
    ['&amp;amp; &&lt;&', '&amp; &<&'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('drops everything after an unclosed comment', () => {
    expect(htmlToText('Жаңалық <!-- never closed <b>bold</b>')).toBe('Жаңалық');
  });

  it('drops everything after a script that never ends', () => {
    expect(htmlToText('Новости <script>var x = "<p>kept?</p>";')).toBe('Новости');
  });

  it('keeps a tag that never closes as text, as a browser shows it', () => {
    expect(htmlToText('a <b c')).toBe('a <b c');
    expect(htmlToText('a <b c <i>d</i>')).toBe('a d');
    expect(htmlToText('<a <a <a')).toBe('<a <a <a');
  });

  it('finishes on a run of 2 MB of each hostile shape', () => {
    for (const unit of ['<!--', '<script>', '<', '<a ', '<a', '&#', '&', '</', '<!', '-->']) {
      const text = htmlToText(unit.repeat(Math.floor(2_000_000 / unit.length)));
      expect(text.length).toBeLessThanOrEqual(2_000_000);
    }
    expect(htmlToText('<!--'.repeat(500_000))).toBe('');
    expect(htmlToText('<a '.repeat(3))).toBe('<a <a <a');
  });
});

describe('truncateText', () => {
  it('cuts at a word boundary and never splits a surrogate pair', () => {
    expect(truncateText('Алматы метросы жаңа бекет ашты', 20)).toBe('Алматы метросы жаңа…');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
    expect(truncateText('short', 10)).toBe('short');
  });
});

describe('RSS author', () => {
  const authors = (author: string) => itemAuthors({ author }).map((p) => p.name);

  it.each([
    ['ann@dala.example (Ann Lee)', ['Ann Lee']],
    ['ann@dala.example (Ann (Bo) Lee)', ['ann@dala.example (Ann (Bo) Lee)']],
    ['ann@dala.example (( Ann )  ', ['( Ann']],
    ['ann@dala.example ()', ['ann@dala.example ()']],
    ['mailto:ann@dala.example', []],
    ['Әлия Сейітова', ['Әлия Сейітова']],
  ])('%j → %j', (raw, names) => {
    expect(authors(raw)).toEqual(names);
  });

  it('finishes on a 2 MB run of parentheses', () => {
    expect(authors(`a@b.example ${'('.repeat(2_000_000)}`)).toHaveLength(1);
    expect(authors(`a@b.example (${'x('.repeat(1_000_000)})`)).toEqual([`${'x('.repeat(1_000_000)}`]);
  });
});

describe('decodeXmlReferences', () => {
  it('expands only the XML names, case and all, and leaves inherited property names alone', () => {
    expect(decodeXmlReferences('&AMP; &amp; &apos; &nbsp; &constructor; &#x41;&#66;')).toBe("&AMP; & ' &nbsp; &constructor; AB");
  });

  it('finishes on a million references', () => {
    expect(decodeXmlReferences('&amp;'.repeat(1_000_000))).toBe('&'.repeat(1_000_000));
  });
});

describe('rawXmlText', () => {
  it('keeps CDATA verbatim and expands references outside it', () => {
    expect(rawXmlText('a &amp; <![CDATA[<b>&amp;</b>]]> c &lt;')).toBe('a & <b>&amp;</b> c <');
  });

  it('reads an unclosed CDATA section as ordinary text', () => {
    expect(rawXmlText('x <![CDATA[y &amp; z')).toBe('x <![CDATA[y & z');
  });

  it('finishes on a 2 MB run of unclosed CDATA starts', () => {
    const raw = '<![CDATA['.repeat(200_000);
    expect(rawXmlText(raw)).toBe(raw);
  });
});
