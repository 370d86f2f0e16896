/**
 * Bytes → text for a fetched feed. Precedence: byte-order mark, then the HTTP charset,
 * then the XML declaration (RFC 7303 §3.2 order), then UTF-8. A declared UTF-8 that the
 * bytes are not valid as is skipped for the next candidate: servers often label every
 * response "charset=utf-8" while the document says (and is) windows-1251 or KOI8-R.
 */

function charsetFromContentType(contentType: string | null): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every encoding a feed may declare, so latin1 reads it.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512));
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head.replace(/^\uFEFF|^ï»¿/, ''));
  return match?.[1];
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    const isUtf8 = /^utf-?8$/i.test(label);
    return new TextDecoder(label, { fatal: isUtf8, ignoreBOM: false });
  } catch {
    // Unknown label (RangeError): try the next candidate.
    return null;
  }
}

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used, e.g. "windows-1251", "koi8-r", "utf-8". */
  encoding: string;
}

export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): DecodedText {
  const candidates = [charsetFromBom(bytes), charsetFromContentType(contentType), charsetFromXmlDeclaration(bytes), 'utf-8'];
  for (const label of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    if (!decoder) continue;
    try {
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      // Not valid in a fatal (UTF-8) decoder: fall through to the next candidate.
    }
  }
  const lenient = new TextDecoder('utf-8');
  return { text: lenient.decode(bytes), encoding: lenient.encoding };
}
