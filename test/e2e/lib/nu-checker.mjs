// The W3C Nu HTML checker (the vnu-jar package) on Debian's Java: one JVM start for a batch of
// files, since starting it costs seconds.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/**
 * Every message the checker has about each file, keyed by path: errors, warnings (info with
 * subType "warning") and failures to read a document. Plain info messages are left out.
 * `--also-check-css` checks `<style>`, `style=""` and the .css files passed.
 */
export async function nuCheck(paths) {
  // The package's own entry may download a Java runtime; only its jar is used.
  const jar = join(dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  const { stdout } = await run(process.env.JAVA ?? 'java', ['-jar', jar, '--format', 'json', '--stdout', '--exit-zero-always', '--also-check-css', ...paths], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const byFile = new Map(paths.map((p) => [p, []]));
  for (const m of JSON.parse(stdout).messages) {
    if (m.type === 'info' && m.subType !== 'warning') continue;
    const path = m.url ? fileURLToPath(m.url) : undefined;
    const list = path && byFile.get(path);
    if (list) list.push(m);
    else for (const l of byFile.values()) l.push(m);
  }
  return byFile;
}

export function describeNuMessages(messages, where) {
  const lines = [`${messages.length} Nu checker error(s)/warning(s) on ${where}:`];
  for (const m of messages) {
    const kind = m.type === 'info' ? 'warning' : m.type;
    const column = m.firstColumn ?? m.lastColumn;
    const at = [m.lastLine && `line ${m.lastLine}`, column && `column ${column}`].filter(Boolean).join(', ') || 'document';
    lines.push(`- ${kind} at ${at}: ${m.message}`);
    if (m.extract) lines.push(`    ${m.extract.replace(/\s+/g, ' ').trim()}`);
  }
  return lines.join('\n');
}

