// axe-core in the page under test: the library from node_modules is evaluated in the page, so no
// copy is fetched from anywhere.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let source;

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations axe finds on the page as it is now. */
export async function axeViolations(page) {
  source ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) {
    // As a DevTools console would run it: the pages' Content-Security-Policy refuses inline
    // scripts (a <script> tag carrying axe would be blocked), and bypassing the policy for the
    // whole context would test a page readers never get.
    const cdp = await page.context().newCDPSession(page);
    try {
      const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: source });
      if (exceptionDetails) throw new Error(`axe-core did not load: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    } finally {
      await cdp.detach();
    }
  }
  const results = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  return results.violations;
}

const clip = (text, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One line per rule, then one per offending node: where it is, what it is, why it fails. */
export function describeViolations(violations, where) {
  const lines = [`${violations.length} axe-core violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help} [${v.tags.filter((t) => t.startsWith('wcag') || t === 'best-practice').join(', ')}]`);
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.join(' ')}: ${clip(node.html.replace(/\s+/g, ' '))}`);
      if (node.failureSummary) lines.push(`      ${clip(node.failureSummary.replace(/\s+/g, ' '), 300)}`);
    }
  }
  return lines.join('\n');
}
