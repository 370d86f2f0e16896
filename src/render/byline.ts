/*
 * Words the renderers put into an item's text, in the article's language. Kazakh, Russian and
 * English are the languages this outlet publishes in; any other language gets the English
 * words rather than a guess.
 */

interface ItemWords {
  /** The conjunction before the last of several names. */
  and: string;
  /** Before the photographer or agency in a cover image's caption. */
  photo: string;
}

const WORDS: Record<string, ItemWords> = {
  kk: { and: 'және', photo: 'Фото' },
  ru: { and: 'и', photo: 'Фото' },
  en: { and: 'and', photo: 'Photo' },
};
const FALLBACK: ItemWords = { and: 'and', photo: 'Photo' };

/** By the BCP 47 primary subtag: "kk-Cyrl-KZ" reads as Kazakh. */
export function itemWords(language: string | undefined): ItemWords {
  const primary = language?.split('-')[0]?.toLowerCase();
  return (primary !== undefined ? WORDS[primary] : undefined) ?? FALLBACK;
}

/**
 * Several names as one line, "A, B and C" (no serial comma: neither Kazakh nor Russian uses
 * one, and the English form has none), for formats with room for a single byline.
 */
export function joinNames(names: readonly string[], language: string | undefined): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${itemWords(language).and} ${names[names.length - 1]}`;
}
