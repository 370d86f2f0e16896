import type { PageMeta } from './head-meta';
import { labelsFor } from './labels';
import { documentHtml, Layout, type FeedLinks, type LanguageLinks } from './layout';

export interface ErrorPageInput {
  siteTitle: string;
  origin: string;
  status: number;
  /** What went wrong for this request (the problem's `detail`). */
  detail: string;
  feeds: FeedLinks;
  languages?: readonly LanguageLinks[];
}

const HEADINGS: Record<number, string> = {
  400: 'This address is not quite right',
  404: 'Page not found',
  500: 'Something went wrong',
};

function heading(status: number): string {
  return HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'This page cannot be shown');
}

/** A 4xx/5xx for a reader: the site's chrome, what happened, and the way back to the front page. */
export function renderErrorPage(input: ErrorPageInput): string {
  const title = heading(input.status);
  const meta: PageMeta = { origin: input.origin, description: `${title}. ${input.detail}`, noindex: true };
  return documentHtml(
    <Layout siteTitle={input.siteTitle} pageTitle={title} lang="en" meta={meta} labels={labelsFor('en')} feeds={input.feeds} languages={input.languages}>
      <main class="wrap">
        <section class="error listing">
          <h1>{title}</h1>
          <p>{input.detail}</p>
          <p>
            <a href="/">Go to the front page</a> · <a href="/news">All news</a>
          </p>
        </section>
      </main>
    </Layout>,
  );
}
