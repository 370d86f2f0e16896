/**
 * The BCP 47 primary language subtag of a language tag, lower-cased (RFC 5646 §2.1.1: tags are
 * case-insensitive): "kk-Cyrl-KZ" → "kk". Only 2–3 letter subtags (ISO 639) count; the 4–8
 * letter forms RFC 5646 reserves or registers are refused, as intake refuses them
 * (model/article-schema.ts LANGUAGE_TAG), so a language index key stays short.
 */
export function primaryLanguage(tag: string): string | undefined {
  return /^([A-Za-z]{2,3})(?:-|$)/.exec(tag)?.[1]?.toLowerCase();
}

/**
 * A language's name in that language, capitalised for a heading ("Қазақ тілі", "Русский");
 * the code itself when the runtime's ICU data has no name for it.
 */
export function languageName(code: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
  } catch {
    name = undefined; // a code ICU cannot parse as a locale
  }
  if (!name) return code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}
