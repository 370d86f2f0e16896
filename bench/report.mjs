// Table rendering: plain text for the terminal, Markdown for the README.

export function fmt(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return Number(n).toFixed(digits);
}

export function verdict(ok) {
  if (ok === null || ok === undefined) return '';
  return ok ? 'met' : 'MISSED';
}

const HEAD = ['measure', 'value', 'ratio', 'target', 'result'];

export function textTable(sections) {
  const rows = sections.flatMap((s) => s.rows.map((r) => [r.measure, r.value, r.ratio ?? '', r.target ?? '', verdict(r.ok)]));
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const s of sections) {
    out.push('', `## ${s.title}`);
    for (const r of s.rows) out.push(line([r.measure, r.value, r.ratio ?? '', r.target ?? '', verdict(r.ok)]));
  }
  return out.join('\n');
}

export function markdownTable(sections) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const s of sections) {
    out.push(`| **${esc(s.title)}** | | | | |`);
    for (const r of s.rows) out.push(`| ${[r.measure, r.value, r.ratio ?? '', r.target ?? '', verdict(r.ok)].map(esc).join(' | ')} |`);
  }
  return out.join('\n');
}
