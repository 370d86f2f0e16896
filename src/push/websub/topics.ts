import { FEED_FILES, feedPath, type FeedFormat } from '../../http/site-urls';
import { PublisherId } from '../../model/article-schema';
import { tagFitsKey, tagKey, type Scope } from '../../store/keys';

/**
 * Which hub.topic values the hub serves: exactly the first page of a feed newswire renders,
 * on the hub's own origin. WebSub §5.1 has the subscriber send the rel=self URL it discovered,
 * which is always this canonical form, so any other spelling of the same feed (a tag in
 * another case, "?cursor=" of a later page) is refused with the form to use instead: one
 * topic has one URL, and one subscription key per callback.
 */
export type ParsedTopic = { ok: true; scope: Scope; format: FeedFormat; topic: string } | { ok: false; reason: string };

const FORMAT_OF_FILE = new Map<string, FeedFormat>(Object.entries(FEED_FILES).map(([format, file]) => [file, format as FeedFormat]));

/** The first page of a scope's feed in a format, as a topic URL. */
export function topicUrl(origin: string, scope: Scope, format: FeedFormat): string {
  return origin + feedPath(scope, format);
}

function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The scope a feed path's directory names, or why none: "/", "/tags/{tag}/", "/publishers/{id}/", "/lang/{code}/". */
function scopeOfSegments(segments: readonly string[]): Scope | string {
  if (segments.length === 0) return { kind: 'all' };
  const [kind, raw, ...rest] = segments;
  if (raw === undefined || rest.length > 0) return 'the path is not one of newswire’s feeds';
  const value = decodedSegment(raw);
  if (value === null) return 'the path is not one of newswire’s feeds';
  switch (kind) {
    case 'tags':
      if (value === '' || value !== value.trim() || value.length > 50 || !tagFitsKey(value)) return 'the tag is not one newswire can index';
      return { kind: 'tag', tag: value };
    case 'publishers':
      return PublisherId.safeParse(value).success ? { kind: 'publisher', publisher: value } : 'the publisher id is not a valid one (2–40 of a–z 0–9 -)';
    case 'lang':
      return /^[A-Za-z]{2,3}$/.test(value) ? { kind: 'lang', lang: value } : 'the language is not a primary language subtag (kk, ru, en)';
    default:
      return 'the path is not one of newswire’s feeds';
  }
}

function canonicalScope(scope: Scope): Scope {
  switch (scope.kind) {
    case 'tag':
      return { kind: 'tag', tag: tagKey(scope.tag) };
    case 'lang':
      return { kind: 'lang', lang: scope.lang.toLowerCase() };
    default:
      return scope;
  }
}

/**
 * `hubOrigin` is the origin feeds are served under (SITE_URL when set, else the request's):
 * a topic on another host is not a feed this hub publishes.
 */
export function parseTopic(topic: string, hubOrigin: string): ParsedTopic {
  const url = URL.parse(topic);
  if (!url) return { ok: false, reason: 'hub.topic is not an absolute URL' };
  if (url.origin !== hubOrigin) return { ok: false, reason: `the topic is not on this hub’s site (${hubOrigin})` };
  if (url.search !== '' || topic.includes('?')) return { ok: false, reason: 'a topic is the first page of a feed: no query string (later pages are not topics)' };
  if (url.hash !== '' || topic.includes('#')) return { ok: false, reason: 'a topic carries no fragment' };
  const segments = url.pathname.split('/').slice(1);
  const file = segments.pop() ?? '';
  const format = FORMAT_OF_FILE.get(file);
  if (format === undefined) return { ok: false, reason: 'the path is not one of newswire’s feeds' };
  const scope = scopeOfSegments(segments);
  if (typeof scope === 'string') return { ok: false, reason: scope };
  const canonical = topicUrl(hubOrigin, canonicalScope(scope), format);
  if (canonical !== url.href) return { ok: false, reason: `the feed’s own URL (its rel=self) is ${canonical}` };
  return { ok: true, scope: canonicalScope(scope), format, topic: canonical };
}
