import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/ingest/upstream/decode-charset';
import { parseFeed } from '../../src/ingest/upstream/parse-feed';
import { fixtureBytes } from '../helpers/fixture-files';

const TITLE_CP1251 = 'Жители микрорайона «Защита» получили новый сквер';
const TITLE_KOI8 = 'Жители микрорайона "Защита" получили новый сквер';

function bytesAfter(bytes: Uint8Array, marker: string, count: number): number[] {
  const ascii = new TextDecoder('latin1').decode(bytes);
  const at = ascii.indexOf(marker) + marker.length;
  return Array.from(bytes.subarray(at, at + count));
}

describe('fixture bytes', () => {
  it('arrive in the test as they are on disk (no UTF-8 re-encoding)', () => {
    // "Вечерн" in windows-1251 and in KOI8-R.
    expect(bytesAfter(fixtureBytes('rss-windows-1251.xml'), '<title>', 6)).toEqual([0xc2, 0xe5, 0xf7, 0xe5, 0xf0, 0xed]);
    expect(bytesAfter(fixtureBytes('rss-koi8-r.xml'), '<title>', 6)).toEqual([0xf7, 0xc5, 0xde, 0xc5, 0xd2, 0xce]);
  });
});

describe('decodeFeedBytes', () => {
  it('reads windows-1251 from the XML declaration when HTTP names no charset', () => {
    const { text, encoding } = decodeFeedBytes(fixtureBytes('rss-windows-1251.xml'), 'application/rss+xml');
    expect(encoding).toBe('windows-1251');
    expect(text).toContain(TITLE_CP1251);
  });

  it('reads KOI8-R from the HTTP charset', () => {
    const { text, encoding } = decodeFeedBytes(fixtureBytes('rss-koi8-r.xml'), 'text/xml; charset=KOI8-R');
    expect(encoding).toBe('koi8-r');
    expect(text).toContain(TITLE_KOI8);
  });

  it('falls back to the declaration when the server wrongly claims UTF-8', () => {
    expect(decodeFeedBytes(fixtureBytes('rss-windows-1251.xml'), 'text/xml; charset=utf-8').text).toContain(TITLE_CP1251);
    expect(decodeFeedBytes(fixtureBytes('rss-koi8-r.xml'), 'application/xml;charset="UTF-8"').text).toContain(TITLE_KOI8);
  });

  it('lets the HTTP charset win over the declaration (RFC 7303)', () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="utf-8"?><rss/>');
    expect(decodeFeedBytes(bytes, 'text/xml; charset=windows-1251').encoding).toBe('windows-1251');
  });

  it('honours a UTF-8 byte-order mark and ignores unknown labels', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<rss>Қазақ</rss>')]);
    expect(decodeFeedBytes(bom, 'text/xml; charset=x-no-such-charset').text).toBe('<rss>Қазақ</rss>');
  });
});

describe('legacy-encoded feeds end to end', () => {
  it('parse into correct Cyrillic titles and bodies', () => {
    const cp1251 = parseFeed(fixtureBytes('rss-windows-1251.xml'), null, 'https://vecher.example/rss');
    expect(cp1251.title).toBe('Вечерний Усть-Каменогорск');
    expect(cp1251.items[0]?.title?.value).toBe(TITLE_CP1251);
    expect(cp1251.items[0]?.content?.value).toBe('<p>Ёлки, скамейки и фонари — всё готово к зиме. Съёмка: «Вечер».</p>');
    expect(cp1251.items[0]?.categories).toEqual(['Благоустройство']);

    const koi8 = parseFeed(fixtureBytes('rss-koi8-r.xml'), 'text/xml', 'https://vecher.example/rss');
    expect(koi8.items[0]?.title?.value).toBe(TITLE_KOI8);
    expect(koi8.items[0]?.content?.value).toContain('Ёлки, скамейки и фонари - всё готово к зиме. Съёмка: "Вечер".');
  });
});
