// Validates the HTML of every public page type, in every language, with the
// Nu HTML Checker (npm vnu-jar, run by the machine's Java). Fails on any error.
// Usage: BASE_URL=http://127.0.0.1:PORT node validate-html.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const base = process.env.BASE_URL;
if (!base) throw new Error('BASE_URL is not set');
const vnu = createRequire(import.meta.url)('vnu-jar');

async function json(path) {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const practice = (await json('/api/v1/practices?limit=1')).items[0].slug;
const organisation = (await json('/api/v1/organisations?limit=1')).items[0].slug;
const pages = [
  '', 'practices', 'practices?page=2', 'practices?q=diabetes&facets=true', `practices/${practice}`,
  'countries', 'countries/es', `organisations/${organisation}`,
  'about', 'privacy', 'accessibility', 'sign-in', 'sign-in/unlock', 'sign-up', 'no-such-page',
];
const dir = mkdtempSync(join(tmpdir(), 'mhub-vnu-'));
const files = [];
for (const lang of ['en', 'fr', 'de', 'ru', 'es']) {
  for (const page of pages) {
    const url = `${base}/${lang}/${page}`;
    const res = await fetch(url);
    if (res.status >= 500) throw new Error(`${url}: ${res.status}`);
    const file = join(dir, `${lang}-${files.length}.html`);
    writeFileSync(file, await res.text());
    files.push([file, url]);
  }
}
let output = '';
try {
  output = execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files.map(([f]) => f)], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (e) {
  output = e.stderr || e.stdout || String(e);
}
rmSync(dir, { recursive: true, force: true });
let messages = [];
try {
  messages = JSON.parse(output || '{"messages":[]}').messages.filter((m) => m.type === 'error');
} catch {
  console.error(output);
  process.exit(1);
}
const urlOf = Object.fromEntries(files.map(([f, u]) => ['file:' + f, u]));
for (const m of messages) {
  console.error(`${urlOf[m.url] ?? m.url}:${m.lastLine}: ${m.message}`);
}
console.log(`vnu: ${files.length} pages checked, ${messages.length} errors`);
process.exit(messages.length === 0 ? 0 : 1);
