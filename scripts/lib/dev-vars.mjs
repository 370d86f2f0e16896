// Local secrets live in .dev.vars (gitignored); it is created from the committed example.
import { access, copyFile, readFile } from 'node:fs/promises';

export async function ensureDevVars() {
  try {
    await access('.dev.vars');
  } catch {
    await copyFile('.dev.vars.example', '.dev.vars');
    console.log('created .dev.vars from .dev.vars.example');
  }
  const vars = {};
  for (const line of (await readFile('.dev.vars', 'utf8')).split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}
