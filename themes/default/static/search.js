// The search page (templates/search.html): reads the query and filters from
// the URL, asks Pagefind's index (/pagefind/) and lists the articles found.
// The only script of the default theme besides a video embed's player.
const root = document.getElementById('search-results');
const form = document.querySelector('.search-form');
const status = document.getElementById('search-status');
const list = root.querySelector('.search-hits');
const PER_PAGE = 20;

const params = new URLSearchParams(location.search);
const query = (params.get('q') || '').trim();
const filters = {};
for (const el of form.querySelectorAll('select, input')) {
  const value = params.get(el.name);
  if (value === null) continue;
  el.value = value;
  if (el.tagName === 'SELECT' && el.name !== 'sort' && value) filters[el.name] = value;
}

// Text with Pagefind's <mark> tags, as nodes: the excerpt is never parsed as HTML.
function excerpt(text) {
  const p = document.createElement('p');
  p.className = 'summary';
  text.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const m = part.match(/^<mark>(.*)<\/mark>$/);
    const node = m ? document.createElement('mark') : document.createTextNode(decode(part));
    if (m) node.textContent = decode(m[1]);
    p.append(node);
  });
  return p;
}

function decode(s) {
  const t = document.createElement('textarea');
  t.innerHTML = s;
  return t.value;
}

function hit(data) {
  const m = data.meta;
  const article = document.createElement('article');
  article.className = 'card' + (m.image ? ' card-has-image' : '');
  const kicker = [m.kicker, m.section].filter(Boolean).join(' · ');
  if (kicker) {
    const k = document.createElement('p');
    k.className = 'kicker';
    k.textContent = kicker;
    article.append(k);
  }
  const h = document.createElement('h2');
  h.className = 'card-title';
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = m.title;
  h.append(a);
  article.append(h);
  if (m.image) {
    const img = document.createElement('img');
    Object.assign(img, { className: 'card-image', src: m.image, alt: m.image_alt || '', width: 1200, height: 675, loading: 'lazy' });
    article.append(img);
  }
  article.append(excerpt(data.excerpt));
  const meta = document.createElement('p');
  meta.className = 'meta';
  if (m.byline) meta.append(`By ${m.byline} · `);
  const time = document.createElement('time');
  time.dateTime = m.datetime || '';
  time.textContent = m.date || '';
  meta.append(time);
  article.append(meta);
  const li = document.createElement('li');
  li.append(article);
  return li;
}

async function run() {
  if (!query && Object.keys(filters).length === 0) return;
  status.textContent = 'Searching…';
  const pagefind = await import(root.dataset.pagefind);
  await pagefind.options({ excerptLength: 30 });
  const options = { filters };
  if (params.get('sort') === 'newest') options.sort = { date: 'desc' };
  const search = await pagefind.search(query || null, options);
  const shown = await Promise.all(search.results.slice(0, PER_PAGE).map((r) => r.data()));
  list.replaceChildren(...shown.map(hit));
  const n = search.results.length;
  const what = query ? ` for “${query}”` : '';
  status.textContent = n === 0
    ? `No articles found${what}.`
    : `${n} article${n === 1 ? '' : 's'} found${what}${n > PER_PAGE ? `; the first ${PER_PAGE} are shown` : ''}.`;
}

run().catch((e) => {
  status.textContent = 'Search is not available right now.';
  console.error(e);
});
