import { describe, expect, it } from 'vitest';
import { renderOncePerTopic } from '../../src/push/websub/render-once';

describe('renderOncePerTopic', () => {
  it('renders each topic once and gives every caller the whole body, headers and status', async () => {
    const calls: string[] = [];
    const render = renderOncePerTopic(async (url) => {
      calls.push(url);
      return new Response(`<feed>${url.endsWith('kk/atom.xml') ? 'Жаңалықтар' : 'News'}</feed>`, { status: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
    });
    const kk = 'https://newswire.test/lang/kk/atom.xml';
    const site = 'https://newswire.test/atom.xml';
    const answers = await Promise.all([render(kk), render(kk), render(site), render(kk)]);
    expect(calls).toEqual([kk, site]);
    expect(await Promise.all(answers.map((a) => a.text()))).toEqual(['<feed>Жаңалықтар</feed>', '<feed>Жаңалықтар</feed>', '<feed>News</feed>', '<feed>Жаңалықтар</feed>']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers[3]!.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  });

  it('passes a failed render on as it was, to every caller', async () => {
    let n = 0;
    const render = renderOncePerTopic(async () => {
      n++;
      return new Response('gone', { status: 404 });
    });
    const [a, b] = [await render('https://newswire.test/feed.xml'), await render('https://newswire.test/feed.xml')];
    expect([a.status, b.status, n]).toEqual([404, 404, 1]);
    expect(await b.text()).toBe('gone');
  });
});
