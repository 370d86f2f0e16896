#!/usr/bin/env node
// npm run submit -- --publisher ID --secret whsec_… FILE.json [--type article.updated] [--url URL]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withAbsoluteImage } from './lib/demo-content.mjs';
import { sendEvent, toEvent } from './lib/webhook-client.mjs';

const TYPES = ['article.published', 'article.updated', 'article.deleted'];
const USAGE = 'usage: npm run submit -- --publisher ID --secret whsec_… FILE.json [--type article.published|article.updated|article.deleted] [--url http://127.0.0.1:8787]';

function usage(problem) {
  if (problem) console.error(problem);
  console.error(USAGE);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      publisher: { type: 'string' },
      secret: { type: 'string' },
      type: { type: 'string', default: 'article.published' },
      url: { type: 'string', default: 'http://127.0.0.1:8787' },
    },
  });
} catch (err) {
  // An unknown option (--help among them): the usage line, not a stack trace.
  usage(err.message);
}
const { values, positionals } = parsed;

if (!values.publisher || !values.secret || positionals.length !== 1 || !TYPES.includes(values.type)) usage();

// A demo article names its photo by a site-relative URL (public/images/demo/).
const payload = withAbsoluteImage(JSON.parse(await readFile(positionals[0], 'utf8')), values.url);
const result = await sendEvent({ baseUrl: values.url, publisher: values.publisher, secret: values.secret, event: toEvent(payload, values.type) });
console.log(`HTTP ${result.status}`);
if (result.body) console.log(result.body);
process.exit(result.status < 300 ? 0 : 1);
