/// <reference types="vite/client" />

/**
 * Fixture files as their exact bytes. Workers tests have no filesystem, and `?raw` would
 * decode legacy-encoded fixtures (windows-1251, KOI8-R) as UTF-8. `?url&inline` makes
 * Vite's asset plugin return a base64 data URL of the file as it is on disk, whatever its
 * extension (plain `?inline` only works for extensions Vite already treats as assets).
 */
const inlined = import.meta.glob<string>('../fixtures/*.{xml,json,opml,html}', { query: '?url&inline', import: 'default', eager: true });

export function fixtureBytes(name: string): Uint8Array {
  const dataUrl = inlined[`../fixtures/${name}`];
  if (!dataUrl) throw new Error(`no fixture ${name}`);
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** For UTF-8 fixtures only. */
export function fixtureText(name: string): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(fixtureBytes(name));
}
