import { describe, expect, it } from 'vitest';
import { balanceHtml } from '../../src/model/balance-html';
import { sanitizeHtml } from '../../src/model/sanitize-html';
import { relevelHeadings } from '../../src/render/html/relevel-headings';

describe('balanceHtml', () => {
  it('closes inline elements left open inside their paragraph, and everything open at the end', () => {
    expect(balanceHtml('<p><em><strong>жаңа</p><p>екі')).toBe('<p><em><strong>жаңа</strong></em></p><p>екі</p>');
  });

  it('drops an end tag that closes nothing', () => {
    expect(balanceHtml('<p>a</li></p></div>b')).toBe('<p>a</p>b');
  });

  it('ends an open paragraph before a block, and an open list item before the next', () => {
    expect(balanceHtml('<p>a<blockquote>q</blockquote>')).toBe('<p>a</p><blockquote>q</blockquote>');
    expect(balanceHtml('<ul><li>one<li>two</ul>')).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(balanceHtml('<ul><li>outer<ul><li>inner</ul></ul>')).toBe('<ul><li>outer<ul><li>inner</li></ul></li></ul>');
    expect(balanceHtml('<table><tr><td>a<td>b<tr><td>c</table>')).toBe('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>');
  });

  it('gives a body image without alt an empty one, and leaves void elements unclosed', () => {
    expect(balanceHtml('<p><img src="https://x.example/a.png"><br>b</p>')).toBe('<p><img src="https://x.example/a.png" alt=""><br>b</p>');
    expect(balanceHtml('<img src="https://x.example/a.png" alt="Көпір">')).toBe('<img src="https://x.example/a.png" alt="Көпір">');
    expect(balanceHtml('<img src="https://x.example/alt.png" title="no alt here">')).toBe('<img src="https://x.example/alt.png" title="no alt here" alt="">');
    expect(balanceHtml('<img src="https://x.example/a.png" alt>')).toBe('<img src="https://x.example/a.png" alt>');
  });

  it('leaves escaped text alone', () => {
    expect(balanceHtml('<p>a &lt;b&gt; c</p>')).toBe('<p>a &lt;b&gt; c</p>');
  });

  it('finishes on deep nesting and long runs of stray end tags', () => {
    const deep = `${'<em>'.repeat(50_000)}x${'</li>'.repeat(50_000)}`;
    const out = balanceHtml(deep);
    expect(out.startsWith('<em><em>')).toBe(true);
    expect(out.endsWith('x' + '</em>'.repeat(50_000))).toBe(true);
  });

  it('is part of the sanitizer: an unclosed <em><strong> cannot leak past the body', () => {
    expect(sanitizeHtml('<p>a & b <em><strong>bold</p><p>next</p>')).toBe('<p>a & b <em><strong>bold</strong></em></p><p>next</p>');
  });
});

describe('relevelHeadings', () => {
  it('starts the body at h2 and never skips a level', () => {
    expect(relevelHeadings('<h4>A</h4><p>x</p><h2>B</h2><h4 id="c">C</h4><h3>D</h3>')).toBe('<h2>A</h2><p>x</p><h2>B</h2><h3 id="c">C</h3><h3>D</h3>');
  });
});
