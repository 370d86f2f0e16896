import { feedUrlHash, SourceStore, type SourceRecord } from '../../store/source-store';

/**
 * A feed answered through 301/308 hops only: the source adopts the final URL (RFC 9110
 * §15.4.2: a client with link-editing capability ought to update its reference), so later
 * pulls skip the hops. If another source already pulls that URL, adopting it would make two
 * sources of one feed: the source keeps its URL and `moved_to` tells the operator.
 */
export async function adoptPermanentMove(kv: KVNamespace, source: SourceRecord, movedTo: string | null): Promise<SourceRecord> {
  const { moved_to: _previousNote, ...clean } = source;
  if (movedTo === null || movedTo === source.url) return clean;
  const hash = await feedUrlHash(movedTo);
  const taken = (await new SourceStore(kv).schedule()).some((entry) => entry.urlHash === hash && entry.id !== source.id);
  return taken ? { ...clean, moved_to: movedTo } : { ...clean, url: movedTo };
}
