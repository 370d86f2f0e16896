/**
 * May the Worker send a request to this URL on someone else's say-so (an operator's source
 * URL, an upstream's redirect, later a WebSub callback or a partner webhook)? A pure check on
 * the URL alone: Workers have no DNS API, so a public name that resolves to a private address
 * (e.g. a wildcard-DNS name spelling 127.0.0.1) cannot be caught here. Cloudflare's edge does
 * not route to private space; self-hosted workerd and `wrangler dev` do, which is what this
 * guards.
 *
 * The WHATWG URL parser has already put the host in canonical form: every IPv4 spelling
 * (2130706433, 0x7f.1, 0177.0.0.1, full-width digits) becomes dotted decimal, IPv6 literals
 * come back compressed lower-case hex (an embedded dotted quad too: [::ffff:127.0.0.1] is
 * [::ffff:7f00:1]), names are lower-cased and punycoded. So only canonical forms are classified.
 */

export interface OutboundUrlOptions {
  /**
   * Lifts the address rule (private, loopback and local hosts, unusual ports) for local
   * development; scheme and credential rules still apply.
   */
  allowPrivate: boolean;
}

/**
 * Ports a public feed or hook is served on. Ports of mail, databases and admin daemons are
 * how a request to a public host turns into a probe of its other services.
 */
const ORDINARY_PORTS = new Set(['', '80', '443', '8080', '8443']);

/** Suffixes that never name a public host: RFC 6761 (localhost), RFC 6762 (local and its appendix G), RFC 8375, ICANN's 2024 "internal". */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain', 'lan', 'intranet', 'corp', 'private'];

interface Range {
  base: number;
  bits: number;
  what: string;
}

const v4 = (dotted: string, bits: number, what: string): Range => ({ base: ipv4ToNumber(dotted.split('.').map(Number)), bits, what });

/** IANA special-purpose IPv4 ranges that are not globally reachable, plus multicast and reserved. */
const IPV4_REFUSED: Range[] = [
  v4('0.0.0.0', 8, 'an unspecified ("this network") address'),
  v4('10.0.0.0', 8, 'a private address'),
  v4('100.64.0.0', 10, 'a shared (carrier-grade NAT) address'),
  v4('127.0.0.0', 8, 'a loopback address'),
  v4('169.254.0.0', 16, 'a link-local address'),
  v4('172.16.0.0', 12, 'a private address'),
  v4('192.0.0.0', 24, 'an IETF protocol address'),
  v4('192.0.2.0', 24, 'a documentation address'),
  v4('192.168.0.0', 16, 'a private address'),
  v4('198.18.0.0', 15, 'a benchmarking address'),
  v4('198.51.100.0', 24, 'a documentation address'),
  v4('203.0.113.0', 24, 'a documentation address'),
  v4('224.0.0.0', 4, 'a multicast address'),
  v4('240.0.0.0', 4, 'a reserved address'),
];

function ipv4ToNumber(octets: readonly number[]): number {
  return octets.reduce((n, octet) => n * 256 + octet, 0);
}

function inRange(address: number, range: Range): boolean {
  const size = 2 ** (32 - range.bits);
  return address >= range.base && address < range.base + size;
}

function classifyIpv4(address: number): string | null {
  return IPV4_REFUSED.find((range) => inRange(address, range))?.what ?? null;
}

/** The eight 16-bit groups of a bracket-less IPv6 literal; null if it is not one. */
function ipv6Groups(literal: string): number[] | null {
  let text = literal;
  const dotted = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const o = dotted.slice(2, 6).map(Number);
    if (o.some((n) => n > 255)) return null;
    text = `${dotted[1] ?? ''}${(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16)}:${(((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const groups = part.split(':');
    return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

function embeddedIpv4(high: number, low: number): number {
  return high * 65536 + low;
}

function classifyIpv6(g: readonly number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'the unspecified address';
  if (zeroTo(7) && g7 === 1) return 'a loopback address';
  const v4Tail = embeddedIpv4(g6, g7);
  const viaV4 = (how: string) => {
    const what = classifyIpv4(v4Tail);
    return what ? `${how} ${what}` : null;
  };
  // ::ffff:a.b.c.d (IPv4-mapped) and the deprecated ::a.b.c.d (IPv4-compatible) reach the IPv4 host.
  if (zeroTo(5) && g5 === 0xffff) return viaV4('an IPv4-mapped form of');
  if (zeroTo(6)) return viaV4('an IPv4-compatible form of');
  // NAT64 (RFC 6052 well-known prefix): a translator forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return viaV4('a NAT64 form of');
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'a local-use NAT64 address';
  // 6to4 (RFC 3056) carries the relay's IPv4 address in bits 16–47.
  if (g0 === 0x2002) {
    const what = classifyIpv4(embeddedIpv4(g1, g2));
    return what ? `a 6to4 form of ${what}` : null;
  }
  // Teredo hides the client's IPv4 address (inverted); the tunnel is never a feed's home.
  if (g0 === 0x2001 && g1 === 0) return 'a Teredo tunnel address';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'a documentation address';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'a discard-only address';
  if ((g0 & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g0 & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

function classifyName(name: string): string | null {
  const suffix = LOCAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix) return `a name that only resolves locally (.${suffix})`;
  return name.includes('.') ? null : 'a single-label name, resolved only on a local network';
}

/** Why `hostname` (as URL.hostname gives it) is not a public host, or null. */
function hostRefusal(hostname: string): string | null {
  if (hostname.startsWith('[')) {
    const groups = ipv6Groups(hostname.slice(1, -1));
    return groups ? classifyIpv6(groups) : 'an unreadable IPv6 literal';
  }
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (octets) return classifyIpv4(ipv4ToNumber(octets.slice(1).map(Number)));
  // A fully qualified name may end in a dot ("localhost.").
  return classifyName(hostname.replace(/\.+$/, ''));
}

/** Null when a request to `url` may be sent; otherwise why not, for a person to read. */
export function outboundUrlRefusal(url: string | URL, opts: OutboundUrlOptions): string | null {
  const parsed = typeof url === 'string' ? URL.parse(url) : url;
  if (!parsed) return 'not an absolute URL';
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `the scheme ${parsed.protocol} is not http or https`;
  if (parsed.username !== '' || parsed.password !== '') return 'the URL carries credentials (user:password@)';
  if (opts.allowPrivate) return null;
  const host = hostRefusal(parsed.hostname);
  if (host) return `the host ${parsed.hostname} is ${host}`;
  if (!ORDINARY_PORTS.has(parsed.port)) return `port ${parsed.port} is not a web port (80, 443, 8080, 8443)`;
  return null;
}

/**
 * Whether a push URL (a WebSub callback, a partner webhook) is refused for being plain http: what
 * newswire signs and sends goes over https, unless local subscribers are allowed (the same flag
 * that lifts the address rule), when http to them is fine. Callers word the refusal for their reader.
 */
export function httpsRequired(url: string | URL, allowPrivate: boolean): boolean {
  return !allowPrivate && (typeof url === 'string' ? URL.parse(url) : url)?.protocol !== 'https:';
}

/** The URL for a log or an error message: credentials an upstream put in a Location are not repeated. */
export function displayUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** Why a redirect from `from` to `to` may not be followed, or null (the target is checked too). */
export function redirectRefusal(from: URL, to: URL, opts: OutboundUrlOptions): string | null {
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'it leaves https for http';
  return outboundUrlRefusal(to, opts);
}
