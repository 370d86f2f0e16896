/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';

/**
 * The tables of wrangler.toml as `header → lines`, for the few keys these tests read. Enough
 * TOML for this file (one `key = value` a line); the Worker tests have no filesystem, and wrangler's
 * own parser runs only in Node.
 */
function tables(toml: string): { header: string; lines: string[] }[] {
  const result: { header: string; lines: string[] }[] = [{ header: '', lines: [] }];
  for (const raw of toml.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line)?.[1];
    if (header !== undefined) result.push({ header, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

const named = (header: string) => tables(wranglerToml).filter((t) => t.header === header);

describe('wrangler.toml', () => {
  it('turns on Workers Logs', () => {
    expect(named('observability').map((t) => t.lines)).toEqual([['enabled = true']]);
  });

  it('declares the KV binding without an id, so the first deploy provisions the namespace', () => {
    expect(named('kv_namespaces').map((t) => t.lines)).toEqual([['binding = "KV"']]);
  });

  it('keeps ALLOW_PRIVATE_SOURCES "false" in production, declared so .dev.vars may override it', () => {
    expect(named('vars').flatMap((t) => t.lines.filter((l) => l.startsWith('ALLOW_PRIVATE_SOURCES')))).toEqual(['ALLOW_PRIVATE_SOURCES = "false"']);
  });

  it('declares the secrets the Worker cannot run without, for deploy checks and generated types', () => {
    expect(named('secrets').map((t) => t.lines)).toEqual([['required = ["ADMIN_TOKEN", "SECRETS_KEY"]']]);
  });
});
