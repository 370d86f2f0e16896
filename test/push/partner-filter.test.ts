import { describe, expect, it } from 'vitest';
import type { SubscriptionFilter } from '../../src/model/subscription-schema';
import { matchesFilter } from '../../src/push/partners/partner-filter';

// A change to a steppe-daily article in Kazakh tagged "экономика" before and "экономика", "астана" after.
const change = { publisher: 'steppe-daily', languages: ['kk'], tags: ['экономика', 'астана'] };
// A retranslated article: Russian before, Kazakh after.
const relanguaged = { publisher: 'north-desk', languages: ['ru', 'kk'], tags: [] };

const table: Array<[string, SubscriptionFilter, typeof change, boolean]> = [
  ['no filter matches everything', {}, change, true],
  ['the publisher listed', { publishers: ['steppe-daily'] }, change, true],
  ['another publisher only', { publishers: ['north-desk'] }, change, false],
  ['any of several publishers', { publishers: ['north-desk', 'steppe-daily'] }, change, true],
  ['a tag of the article', { tags: ['астана'] }, change, true],
  ['no tag of the article', { tags: ['спорт'] }, change, false],
  ['one of several tags', { tags: ['спорт', 'экономика'] }, change, true],
  ['an untagged article never matches a tag filter', { tags: ['спорт'] }, relanguaged, false],
  ['the language', { languages: ['kk'] }, change, true],
  ['another language', { languages: ['en'] }, change, false],
  ['the language before the change', { languages: ['ru'] }, relanguaged, true],
  ['the language after the change', { languages: ['kk'] }, relanguaged, true],
  ['all three dimensions matching', { publishers: ['steppe-daily'], tags: ['экономика'], languages: ['kk'] }, change, true],
  ['publisher and tag match, language does not (AND)', { publishers: ['steppe-daily'], tags: ['экономика'], languages: ['ru'] }, change, false],
  ['language and tag match, publisher does not (AND)', { publishers: ['north-desk'], tags: ['экономика'], languages: ['kk'] }, change, false],
];

describe('matchesFilter', () => {
  it.each(table)('%s', (_name, filter, c, expected) => {
    expect(matchesFilter(filter, c)).toBe(expected);
  });
});
