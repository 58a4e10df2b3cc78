// Lighthouse (the version pinned in lighthouse/package-lock.json) on the home
// page, an article and an article with a lead picture and a gallery of a
// built sample site, mobile form factor with
// Lighthouse's default simulated throttling, against a local server.
//
//   node lighthouse.mjs --site DIR [--runs N] [--reports DIR]
//
// Prints the median score of each category as a Markdown table and fails
// unless accessibility, best practices and SEO are 100 and performance is
// at least 95, or when "Properly size images" or "Serve images in modern
// formats" fails on any run. Run by lighthouse.sh, which builds the site first.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from './serve.mjs';

const { values: opt } = parseArgs({
  options: {
    site: { type: 'string' },
    runs: { type: 'string', default: '3' },
    reports: { type: 'string', default: join(import.meta.dirname, 'lighthouse', 'reports') },
  },
});
if (!opt.site) {
  console.error('usage: node lighthouse.mjs --site DIR [--runs N] [--reports DIR]');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LIGHTHOUSE = join(import.meta.dirname, 'lighthouse', 'node_modules', '.bin', 'lighthouse');
const PAGES = [
  ['Home page', '/'],
  ['Article', '/china/beijing-parade-putin-kim/'],
  ['Article with a lead picture and a gallery', '/sport/us-open-alcaraz-final/'],
];
// Pictures: "Properly size images" and "Serve images in modern formats" must pass.
const IMAGE_AUDITS = ['uses-responsive-images', 'modern-image-formats'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const NEED = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

mkdirSync(opt.reports, { recursive: true });
const { server, origin } = await serve(opt.site);
const execute = (cmd, args, options) =>
  new Promise((done) => execFile(cmd, args, options, (error, stdout, stderr) => done({ error, stdout, stderr })));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
let version = '';
let failed = 0;
for (const [name, path] of PAGES) {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
  for (let run = 1; run <= Number(opt.runs); run++) {
    const profile = mkdtempSync(join(tmpdir(), 'lighthouse-chromium-'));
    const report = join(opt.reports, `${name.toLowerCase().replace(/\W+/g, '-')}-${run}.json`);
    // Asynchronous: the server answering Lighthouse runs in this process.
    const r = await execute(LIGHTHOUSE, [
      origin + path,
      '--quiet',
      '--form-factor=mobile',
      `--only-categories=${CATEGORIES.join(',')}`,
      '--output=json',
      `--output-path=${report}`,
      `--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=${profile}`,
    ], { env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 180_000 });
    rmSync(profile, { recursive: true, force: true });
    if (r.error) {
      console.error(`lighthouse failed on ${path}: ${r.error}\n${r.stderr}`);
      process.exit(2);
    }
    const json = JSON.parse(readFileSync(report, 'utf8'));
    version = json.lighthouseVersion;
    for (const c of CATEGORIES) scores[c].push(Math.round(json.categories[c].score * 100));
    // Name what cost points, so a regression says why.
    for (const c of CATEGORIES) {
      for (const ref of json.categories[c].auditRefs) {
        const a = json.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1 && c !== 'performance') {
          console.log(`# ${name} run ${run}: ${c}: ${ref.id} ${a.displayValue || ''}`);
        }
      }
    }
    const m = json.audits;
    for (const id of IMAGE_AUDITS) {
      const a = m[id];
      if (a.score !== null && a.score < 1) {
        failed++;
        console.log(`# ${name} run ${run}: ${a.title} fails: ${a.displayValue || ''}`);
      }
    }
    console.log(`# ${name} run ${run}: ${CATEGORIES.map((c) => `${c} ${Math.round(json.categories[c].score * 100)}`).join(', ')}` +
      ` (FCP ${m['first-contentful-paint'].displayValue}, LCP ${m['largest-contentful-paint'].displayValue},` +
      ` TBT ${m['total-blocking-time'].displayValue}, CLS ${m['cumulative-layout-shift'].displayValue})`);
  }
  const med = Object.fromEntries(CATEGORIES.map((c) => [c, median(scores[c])]));
  for (const c of CATEGORIES) if (med[c] < NEED[c]) failed++;
  rows.push([name, path, med]);
}
server.close();

console.log(`\nLighthouse ${version}, mobile, median of ${opt.runs} runs:\n`);
console.log('| Page | Performance | Accessibility | Best practices | SEO |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, path, m] of rows) {
  console.log(`| ${name} (\`${path}\`) | ${m.performance} | ${m.accessibility} | ${m['best-practices']} | ${m.seo} |`);
}
console.log(failed ? `\n${failed} scores below the target (performance ≥ 95, the others 100)` : '\nall scores meet the target');
process.exit(failed ? 1 : 0);
