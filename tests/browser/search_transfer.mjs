// How much a search transfers: opens /search/?q=WORD on a built site in
// headless Chromium and sums the bytes of every response (the page, its
// styles and script, and Pagefind's files), then prints them by kind: as
// the local server sends them (uncompressed), and as a static host sends
// them, which gzips text (HTML, CSS, JavaScript, JSON; Pagefind's index
// files are gzipped already). Then the median and the largest of the words.
// Not part of CI; docs/benchmarks.md uses it on the 10,000-article corpus.
//
//   node search_transfer.mjs --site DIR WORD...
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const { values: opt, positionals: words } = parseArgs({
  options: { site: { type: 'string' } },
  allowPositionals: true,
});
if (!opt.site || words.length === 0) {
  console.error('usage: node search_transfer.mjs --site DIR WORD...');
  process.exit(2);
}
const { server, origin } = await serve(opt.site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const TEXT = /^(text\/|application\/(json|javascript|xml))/;
/** The bytes a host that gzips text would send for a response. */
async function hosted(response) {
  const body = await response.body().catch(() => Buffer.alloc(0));
  const type = (await response.allHeaders())['content-type'] || '';
  return TEXT.test(type) ? gzipSync(body).length : body.length;
}
const totals = [];
for (const word of words) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  context.on('requestfinished', async (r) => {
    const s = await r.sizes();
    const response = await r.response();
    const sent = response ? await hosted(response) : 0;
    sizes.push([r.url(), s.responseBodySize + s.responseHeadersSize, sent + s.responseHeadersSize]);
  });
  await page.goto(`${origin}/search/?q=${encodeURIComponent(word)}`, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent;
    return s && s !== 'Searching…';
  }, null, { timeout: 30000 });
  await page.waitForTimeout(500);
  const status = await page.evaluate(() => document.getElementById('search-status').textContent);
  const total = sizes.reduce((a, [, n]) => a + n, 0);
  const index = sizes.filter(([u]) => u.includes('/pagefind/'));
  const indexBytes = index.reduce((a, [, n]) => a + n, 0);
  const sent = sizes.reduce((a, [, , n]) => a + n, 0);
  totals.push(sent);
  console.log(`"${word}": ${status} ${kib(total)} in ${sizes.length} responses,` +
    ` of which Pagefind's files ${kib(indexBytes)} in ${index.length}; ${kib(sent)} with text gzipped`);
  await context.close();
}
totals.sort((a, b) => a - b);
const median = totals.length % 2
  ? totals[(totals.length - 1) / 2]
  : (totals[totals.length / 2 - 1] + totals[totals.length / 2]) / 2;
console.log(`${words.length} words, text gzipped: median ${kib(median)}` +
  ` (${(median / 1000).toFixed(0)} kB), largest ${kib(totals[totals.length - 1])}`);
await browser.close();
server.close();
