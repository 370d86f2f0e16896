// axe-core in the page under test: the library from node_modules is injected as a script, so no
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
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: source });
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
