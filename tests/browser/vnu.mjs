// Runs the Nu HTML Checker (the vnu-jar package, with the machine's Java) on
// every .html file under a built site: one check per file, which fails on any
// error. Warnings are printed but do not fail.
//
//   node vnu.mjs DIR [--summary FILE]
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import vnu from 'vnu-jar';

const { values: opt, positionals } = parseArgs({
  options: { summary: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('usage: node vnu.mjs DIR [--summary FILE]');
  process.exit(2);
}
const root = resolve(positionals[0]);
const files = readdirSync(root, { recursive: true })
  .filter((f) => f.endsWith('.html'))
  .map((f) => join(root, f))
  .sort();

const java = process.env.JAVA || 'java';
const run = spawnSync(java, ['-jar', String(vnu), '--format', 'json', ...files], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.error || (run.status !== 0 && run.status !== 1)) {
  console.error(`vnu did not run: ${run.error || run.stderr}`);
  process.exit(2);
}
// vnu writes its JSON report to stderr.
const { messages } = JSON.parse(run.stderr);
const byFile = new Map(files.map((f) => [`file:${f}`, []]));
for (const m of messages) {
  if (!byFile.has(m.url)) byFile.set(m.url ?? '(no file)', []);
  byFile.get(m.url ?? '(no file)').push(m);
}

let passed = 0;
let failed = 0;
for (const [url, list] of byFile) {
  const name = relative(root, url.replace(/^file:/, ''));
  const errors = list.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const warnings = list.filter((m) => m.type === 'info');
  const where = (m) => (m.lastLine ? `${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ` : '');
  if (errors.length === 0) {
    passed++;
    console.log(`ok - vnu ${name}${warnings.length ? ` (${warnings.length} warnings)` : ''}`);
  } else {
    failed++;
    console.log(`not ok - vnu ${name}: ${errors.length} errors`);
    for (const m of errors) console.log(`    ${where(m)}${m.message}`);
  }
  for (const m of warnings) console.log(`    warning: ${where(m)}${m.message}`);
}
console.log(`# vnu checked ${files.length} HTML files`);
if (opt.summary) writeFileSync(opt.summary, JSON.stringify({ passed, failed }) + '\n');
console.log(`vnu: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
