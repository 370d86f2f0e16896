import { NEWSWIRE_OPML_NS, type SourceView } from '../model/source-schema';
import { rfc822 } from './dates';
import { buildXmlDocument, emptyWithAttrs } from './xml';

/**
 * OPML 2.0 (opml.org/spec2.opml) export of the source list, through the same serializer as the
 * feeds. Each source is an `<outline type="rss" text title xmlUrl>`; its publisher namespace and
 * interval travel in namespaced attributes (OPML 2.0 allows them), so an export re-imports
 * unchanged (ingest/opml.ts).
 */
export function renderOpml(sources: ReadonlyArray<Pick<SourceView, 'name' | 'url' | 'publisher' | 'interval_minutes'>>, title: string, now: Date): string {
  return buildXmlDocument({
    opml: {
      '@_version': '2.0',
      '@_xmlns:newswire': NEWSWIRE_OPML_NS,
      head: { title, dateCreated: rfc822(now) },
      body: {
        outline: sources.map((s) =>
          emptyWithAttrs({
            type: 'rss',
            text: s.name,
            title: s.name,
            xmlUrl: s.url,
            'newswire:publisher': s.publisher,
            'newswire:interval': String(s.interval_minutes),
          }),
        ),
      },
    },
  });
}
