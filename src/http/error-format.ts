/**
 * Which form an error takes: RFC 9457 problem+json for machines, an HTML page for readers.
 * The route decides first (the API, admin, webhooks, the OpenAPI document and every feed are
 * machine surfaces whatever the client sends); elsewhere the client's Accept does, and a tie
 * (no Accept, or every type accepted alike) goes to HTML, the site's own representation.
 */

const MACHINE_PREFIXES = ['/api/', '/admin/', '/webhooks/'];

/** The API, admin, webhooks, /openapi.json and the feeds (`…/feed.xml`, `…/atom.xml`, `…/feed.json`). */
export function isMachinePath(pathname: string): boolean {
  if (pathname === '/api' || pathname === '/admin' || pathname === '/webhooks') return true;
  if (MACHINE_PREFIXES.some((p) => pathname.startsWith(p))) return true;
  return pathname.endsWith('.json') || pathname.endsWith('.xml');
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    ranges.push({ type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 });
  }
  return ranges;
}

/** RFC 9110 §12.5.1: the most specific range that matches a type gives its quality. */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } | undefined;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity >= 0 && (!best || specificity > best.specificity)) best = { specificity, q: r.q };
  }
  return best?.q ?? 0;
}

/** Whether the client ranks JSON (application/json or application/problem+json) above HTML. */
export function prefersJson(accept: string | null): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const json = Math.max(qualityOf('application/json', ranges), qualityOf('application/problem+json', ranges));
  return json > qualityOf('text/html', ranges);
}

export function wantsHtmlError(pathname: string, accept: string | null): boolean {
  return !isMachinePath(pathname) && !prefersJson(accept);
}
