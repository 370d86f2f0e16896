import type { UpstreamPerson } from './upstream-feed';
import { attr, children, text, type XmlValue } from './xml-node';

/**
 * Namespaced elements shared by RSS 2.0, RSS 1.0 and Atom: Dublin Core, content:encoded,
 * Media RSS and enclosures. Read under their conventional prefixes (dc:, content:, media:),
 * which the parser gives every element by the namespace URI its prefix is bound to,
 * whatever prefix the feed wrote (xml-namespaces.ts).
 */

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

function looksLikeImage(url: string, type: string | undefined, medium: string | undefined): boolean {
  if (medium) return medium === 'image';
  if (type) return type.toLowerCase().startsWith('image/');
  return IMAGE_EXTENSION.test(url);
}

function mediaContentImages(node: XmlValue | undefined): string[] {
  const out: string[] = [];
  for (const media of children(node, 'media:content')) {
    const url = attr(media, 'url');
    if (url && looksLikeImage(url, attr(media, 'type'), attr(media, 'medium'))) out.push(url);
  }
  return out;
}

function thumbnails(node: XmlValue | undefined): string[] {
  return children(node, 'media:thumbnail').flatMap((t) => attr(t, 'url') ?? []);
}

/** Cover image candidates, best first: full-size media, image enclosures, then thumbnails. */
export function itemImages(node: XmlValue | undefined, enclosures: Array<{ url: string; type?: string }> = []): string[] {
  const groups = children(node, 'media:group');
  const candidates = [
    ...mediaContentImages(node),
    ...groups.flatMap(mediaContentImages),
    ...enclosures.filter((e) => looksLikeImage(e.url, e.type, undefined)).map((e) => e.url),
    ...thumbnails(node),
    ...groups.flatMap(thumbnails),
  ];
  return [...new Set(candidates)];
}

export function rssEnclosures(node: XmlValue | undefined): Array<{ url: string; type?: string }> {
  return children(node, 'enclosure').flatMap((e) => {
    const url = attr(e, 'url');
    return url ? [{ url, type: attr(e, 'type') }] : [];
  });
}

export function allTexts(node: XmlValue | undefined, ...names: string[]): string[] {
  return names.flatMap((name) => children(node, name).flatMap((v) => text(v) ?? []));
}

/**
 * The text of a trailing "(…)" holding no ")", as `/\(([^)]+)\)\s*$/` would find it, by
 * index instead: that pattern retries from every "(" and is quadratic on a run of them.
 */
function trailingParenthesized(raw: string): string | undefined {
  const end = raw.trimEnd();
  if (!end.endsWith(')')) return undefined;
  const close = end.length - 1;
  const open = end.indexOf('(', end.lastIndexOf(')', close - 1) + 1);
  return open !== -1 && open < close - 1 ? end.slice(open + 1, close) : undefined;
}

/** RSS 2.0 `author` is an e-mail address, optionally with the name in parentheses. */
function rssAuthor(raw: string): UpstreamPerson | null {
  const named = trailingParenthesized(raw)?.trim();
  if (named) return { name: named };
  const bare = raw.replace(/^mailto:/i, '').trim();
  // A bare address is contact data, not a byline.
  return /^[^\s@]+@[^\s@]+$/.test(bare) ? null : { name: bare };
}

export function itemAuthors(node: XmlValue | undefined): UpstreamPerson[] {
  const people = [
    ...allTexts(node, 'author').flatMap((raw) => rssAuthor(raw) ?? []),
    ...allTexts(node, 'dc:creator', 'itunes:author').map((name) => ({ name })),
  ];
  const byName = new Map<string, UpstreamPerson>();
  for (const person of people) if (!byName.has(person.name)) byName.set(person.name, person);
  return [...byName.values()];
}
