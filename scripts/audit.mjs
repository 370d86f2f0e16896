#!/usr/bin/env node
// `npm run audit`: Lighthouse on every page type of a freshly seeded `wrangler dev`, with the
// phone profile (Lighthouse's default, mobile emulation and throttling) and the desktop preset,
// in Debian's Chromium. Writes reports/audit/scores.json and one full report per run beside it,
// and prints a table of scores. A measurement, not a gate: it exits 0 whatever the scores.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, CHROMIUM_ARGS, PAGE_TYPES, startSite } from './lib/site-pages.mjs';

// chrome-launcher comes with lighthouse: resolved from there, the two always match.
const { launch } = createRequire(createRequire(import.meta.url).resolve('lighthouse'))('chrome-launcher');

const OUT_DIR = 'reports/audit';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PROFILES = [
  { name: 'phone', config: undefined },
  { name: 'desktop', config: desktopConfig },
];
/** The issue's targets: 100 everywhere but performance, ≥ 95 for it on the phone profile. */
const target = (profile, category) => (category === 'performance' ? (profile === 'phone' ? 95 : 0) : 100);

const slug = (name) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

const site = await startSite();
// Lighthouse clears storage and opens its own tab per run; one browser serves every run.
const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
const rows = [];
const misses = [];
let userAgent;
try {
  await mkdir(OUT_DIR, { recursive: true });
  for (const type of PAGE_TYPES) {
    const row = { name: type.name, path: decodeURI(type.path) };
    for (const profile of PROFILES) {
      const url = `${site.baseUrl}${type.path}`;
      // An error page is a page type too: Lighthouse refuses a 4xx document unless told it is meant.
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, ignoreStatusCode: type.status >= 400 };
      const result = await lighthouse(url, flags, profile.config);
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      userAgent = lhr.environment.hostUserAgent;
      if (lhr.runtimeError) misses.push(`${type.name}, ${profile.name}: not audited: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      await writeFile(`${OUT_DIR}/${slug(type.name)}-${profile.name}.json`, JSON.stringify(lhr, null, 2));
      row[profile.name] = {};
      for (const category of CATEGORIES) {
        const cat = lhr.categories[category];
        const score = cat.score === null ? null : Math.round(cat.score * 100);
        row[profile.name][category] = score;
        if (!lhr.runtimeError && (score === null || score < target(profile.name, category))) {
          const failing = cat.auditRefs
            .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
            .map((ref) => ref.id);
          misses.push(`${type.name}, ${profile.name}, ${category} ${score ?? 'n/a'}: ${failing.join(', ') || 'no weighted audit below 1'}`);
        }
      }
      process.stderr.write(`audited ${type.name} (${profile.name})\n`);
    }
    rows.push(row);
  }
  const lighthouseVersion = (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version;
  const report = { generatedAt: new Date().toISOString(), lighthouse: lighthouseVersion, userAgent, pages: rows };
  await writeFile(`${OUT_DIR}/scores.json`, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await chrome.kill();
  await site.stop();
}

const header = ['Page', ...PROFILES.flatMap((p) => CATEGORIES.map((c) => `${p.name} ${c}`))];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const row of rows) {
  const cells = PROFILES.flatMap((p) => CATEGORIES.map((c) => String(row[p.name][c] ?? 'n/a')));
  lines.push(`| ${row.name} (\`${row.path}\`) | ${cells.join(' | ')} |`);
}
console.log(lines.join('\n'));
if (misses.length) console.log(`\nBelow target (audits scoring under 1):\n${misses.map((m) => `- ${m}`).join('\n')}`);
console.log(`\nScores: ${OUT_DIR}/scores.json; full reports beside it.`);
