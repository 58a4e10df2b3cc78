//! Values many pages share, made once per build and shared by reference
//! (tera values share their arrays and maps, so a clone is cheap).
//!
//! Article summaries are made when first asked for: a build asks for all
//! of them, `serve` only for those on the pages it is asked for.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};

use tera::{Context, Kwargs, Tera, TeraResult, Value};

use super::Templates;
use super::partials::Partials;
use super::record;

use super::views::{
    ArticleDetails, ArticleView, EntryView, ImageView, RelatedView, SiteView, SummaryView,
    TermValues, with_fields,
};
use crate::site::{RelatedEntry, Site, article_key};

pub(crate) struct Shared {
    site: Arc<Site>,
    /// The `site` variable of every template.
    site_value: OnceLock<Value>,
    /// Its digest, as every page's inputs hold it.
    site_digest: OnceLock<u128>,
    /// Each article's summary ([`SummaryView`]), in site order, made on
    /// first use.
    summaries: Vec<OnceLock<Value>>,
    /// Their digests, made on first use.
    summary_digests: Vec<OnceLock<u128>>,
    /// What summaries share.
    terms: TermValues,
    /// Each article's "also read" entry drawn, for both kinds of list, with
    /// the function calls drawing it made, noted for every page that shows
    /// it. The entries themselves are made for each list that holds them:
    /// kept, a map per article and kind stayed alive to the end of the build.
    entry_html: Vec<OnceLock<(Value, Vec<record::Call>)>>,
    /// The home page lists every article after the lead.
    pub(crate) home: Vec<usize>,
    /// Article by its path under `content/` without `.md`: made on first
    /// use, as only templates calling `article()` or `related()` need it.
    by_key: OnceLock<HashMap<String, usize>>,
    /// Category index by slug.
    categories: HashMap<String, usize>,
    /// `partial_cached` outputs.
    partials: Partials,
    /// The templates, their functions answering from these values.
    pub(crate) tera: Tera,
}

/// Draws one entry of an "also read" list (variable `r`).
const RELATED_ENTRY: &str = "partials/related_entry.html";

/// How deep entries may be drawn inside entries (a `related()` call in the
/// entry's template): deeper is an entry drawing itself, which would
/// otherwise overflow the stack.
const ENTRY_DEPTH: u32 = 4;

thread_local! {
    static ENTRY_DRAWS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl Shared {
    /// The values of `site`, and the templates bound to them.
    pub(crate) fn new(site: Arc<Site>, templates: &Templates) -> Arc<Self> {
        Arc::new_cyclic(|me: &Weak<Shared>| Shared::with(site, templates.bound(me.clone())))
    }

    fn with(site: Arc<Site>, tera: Tera) -> Self {
        let s = site.as_ref();
        Shared {
            site_value: OnceLock::new(),
            site_digest: OnceLock::new(),
            summaries: (0..s.articles.len()).map(|_| OnceLock::new()).collect(),
            summary_digests: (0..s.articles.len()).map(|_| OnceLock::new()).collect(),
            terms: TermValues::new(s),
            entry_html: (0..s.articles.len()).map(|_| OnceLock::new()).collect(),
            home: (1..s.articles.len()).collect(),
            by_key: OnceLock::new(),
            categories: s
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.slug.clone(), i))
                .collect(),
            partials: Partials::default(),
            site,
            tera,
        }
    }

    /// `asset(path="style.css")`: the URL to link a static file by, its
    /// fingerprinted name when it has one.
    pub(crate) fn asset_url(&self, path: &str) -> String {
        self.site.url(self.site.assets.name(path))
    }

    pub(crate) fn site_value(&self) -> Value {
        let view = || Value::from_serializable(&SiteView::new(&self.site));
        self.site_value.get_or_init(view).clone()
    }

    pub(crate) fn site_digest(&self) -> u128 {
        *self
            .site_digest
            .get_or_init(|| record::digest(&self.site_value()))
    }

    /// The digest of article `i`'s summary, made once (its picture's from
    /// the digests of its lists of variants).
    pub(crate) fn summary_digest(&self, i: usize) -> u128 {
        let made = || {
            let summary = self.summary(i);
            let image = self.site.articles[i].image.as_ref().and_then(|img| {
                let value = summary.as_map()?.get(&tera::value::Key::from("image"))?;
                Some(("image", ImageView::new(&self.site, img).digest_of(value)))
            });
            record::digest_except(&summary, image.as_slice())
        };
        *self.summary_digests[i].get_or_init(made)
    }

    pub(crate) fn summary(&self, i: usize) -> Value {
        let p = &self.site.articles[i];
        let view = || Value::from_serializable(&SummaryView::new(&self.site, p, &self.terms));
        self.summaries[i].get_or_init(view).clone()
    }

    pub(crate) fn article_count(&self) -> usize {
        self.summaries.len()
    }

    /// Articles of the category `slug`, newest first.
    pub(crate) fn category(&self, slug: &str) -> Option<&[usize]> {
        self.categories
            .get(slug)
            .map(|&c| self.site.categories[c].articles.as_slice())
    }

    /// Article `i`'s "also read" list (explicit, then computed), with the
    /// fields of `RelatedView` and those of a summary, and `html`: the
    /// entry drawn by `partials/related_entry.html`. An article is in the
    /// lists of several others, and is drawn once for all of them.
    pub(crate) fn related_value(&self, i: usize) -> TeraResult<Value> {
        let list = self.each_related(i, |j, c| self.entry(j, c), |t, u| self.external(t, u))?;
        Ok(Value::from(list))
    }

    /// The digest of [`Shared::related_value`], made from what its entries
    /// are drawn from, without drawing them: an entry's HTML is a function
    /// of that, `site` and the template, but for the functions it calls,
    /// which are noted for the page that shows it.
    fn related_digest(&self, i: usize) -> TeraResult<u128> {
        let entry = |j, computed| {
            let d = [self.summary_digest(j), u128::from(computed)];
            Ok(record::combine("entry", &d))
        };
        let external = |title: &str, url: &str| {
            let r = Value::from_serializable(&RelatedView::external(title, url));
            Ok(record::combine("external", &[record::digest(&r)]))
        };
        let parts = self.each_related(i, entry, external)?;
        Ok(record::combine("related", &parts))
    }

    /// `article(j, computed)` for each entry of article `i`'s "also read"
    /// list that is an article (explicit, then computed), and
    /// `external(title, url)` for each that is not.
    fn each_related<T>(
        &self,
        i: usize,
        article: impl Fn(usize, bool) -> TeraResult<T>,
        external: impl Fn(&str, &str) -> TeraResult<T>,
    ) -> TeraResult<Vec<T>> {
        let p = &self.site.articles[i];
        let mut list = Vec::with_capacity(p.related.len() + p.computed.len());
        for r in &p.related {
            list.push(match r {
                RelatedEntry::Article(j) => article(*j, false)?,
                RelatedEntry::External { title, url } => external(title, url)?,
            });
        }
        for s in &p.computed {
            list.push(article(s.article, true)?);
        }
        Ok(list)
    }

    /// An entry for a page outside the site.
    fn external(&self, title: &str, url: &str) -> TeraResult<Value> {
        let r = Value::from_serializable(&RelatedView::external(title, url));
        let entry = EntryView {
            external: true,
            computed: Some(false),
            html: Some(self.draw(&r)?),
        };
        Ok(with_fields(&r, &entry))
    }

    /// Article `j` as an entry of another's "also read" list.
    fn entry(&self, j: usize, computed: bool) -> TeraResult<Value> {
        let entry = EntryView {
            external: false,
            computed: Some(computed),
            html: Some(self.entry_html(j)?),
        };
        Ok(with_fields(&self.summary(j), &entry))
    }

    /// Article `j` drawn as an "also read" entry, the same in every list:
    /// the partial sees neither `html` nor `computed`. The calls drawing it
    /// made are noted each time it is shown, as if drawn there.
    fn entry_html(&self, j: usize) -> TeraResult<Value> {
        let slot = &self.entry_html[j];
        if let Some((html, calls)) = slot.get() {
            record::note_all(calls);
            return Ok(html.clone());
        }
        let drawn = EntryView {
            external: false,
            computed: None,
            html: None,
        };
        let (html, calls) = record::recording(|| self.draw(&with_fields(&self.summary(j), &drawn)));
        let html = html?;
        record::note_all(&calls);
        Ok(slot.get_or_init(|| (html, calls)).0.clone())
    }

    /// `r` drawn by `partials/related_entry.html`, as a safe string.
    fn draw(&self, r: &Value) -> TeraResult<Value> {
        let depth = ENTRY_DRAWS.get();
        if depth >= ENTRY_DEPTH {
            return Err(tera::Error::message(
                "`related()` here reaches a list holding the entry being drawn, which would draw it without end",
            ));
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value());
        ctx.insert_value("r", r.clone());
        ENTRY_DRAWS.set(depth + 1);
        let html = self.tera.render(RELATED_ENTRY, &ctx);
        ENTRY_DRAWS.set(depth);
        // Drawn inside another entry's `related()` call, whose error quotes
        // this one: one line, as `partial_cached` gives.
        let html = match depth {
            0 => html?,
            _ => html.map_err(|e| {
                tera::Error::message(super::partials::nested_message(RELATED_ENTRY, &e))
            })?,
        };
        Ok(Value::safe_string(&html))
    }

    /// Article `i` as its page shows it: its summary's fields, the
    /// `ArticleDetails`, its body (`content`, with the inline boxes drawn),
    /// its "also read" list (`related`) and a live blog's updates (`live`).
    /// Given as its digest and how to make it: the "also read" entries, and
    /// the body when its digest `body` is known, are made only for a page
    /// that is drawn, as a cached build keeps most.
    pub(crate) fn article_later<'a>(
        &'a self,
        i: usize,
        body: Option<u128>,
        content: impl FnOnce() -> TeraResult<Cow<'a, str>> + 'a,
        live: Option<super::live::LiveView<'a>>,
    ) -> TeraResult<(u128, impl FnOnce() -> TeraResult<Value> + 'a)> {
        let p = &self.site.articles[i];
        let related_digest = self.related_digest(i)?;
        // With the body's digest known, the body is drawn only with the page.
        let (drawn, later) = match body {
            Some(d) => (Value::none(), Some((d, content))),
            None => (Value::safe_string(&content()?), None),
        };
        let article = ArticleView {
            details: ArticleDetails::new(&self.site, p),
            content: drawn,
            related: Value::none(),
            live,
        };
        let view = Value::from_serializable(&article);
        let mut known = vec![("related", related_digest)];
        known.extend(later.as_ref().map(|(d, _)| ("content", *d)));
        let rest = record::digest_except(&view, &known);
        let d = record::combine("article", &[self.summary_digest(i), rest]);
        let make = move || {
            let mut map = self.summary(i).as_map().cloned().unwrap_or_default();
            map.extend(view.into_map().unwrap_or_default());
            if let Some((_, content)) = later {
                map.insert("content".into(), Value::safe_string(&content()?));
            }
            map.insert("related".into(), self.related_value(i)?);
            Ok(Value::from(map))
        };
        Ok((d, make))
    }

    /// `partial_cached(name=..., ...)`: see [`Partials`].
    pub(crate) fn partial(&self, kw: &Kwargs) -> TeraResult<Value> {
        self.partials.render(&self.tera, kw, || self.site_value())
    }

    /// Whether the content names the section `slug`, published or not.
    pub(crate) fn knows_category(&self, slug: &str) -> bool {
        self.site.known.categories.contains(slug)
    }

    /// Whether the content has the article `reference`, published or not.
    pub(crate) fn knows_article(&self, reference: &str) -> bool {
        self.site.known.articles.contains(article_key(reference))
    }

    /// An article by a reference such as `@/china/x.md`.
    pub(crate) fn article(&self, reference: &str) -> Option<usize> {
        let by_key = self.by_key.get_or_init(|| {
            let articles = self.site.articles.iter().enumerate();
            articles
                .map(|(i, p)| (article_key(&p.rel_path).to_string(), i))
                .collect()
        });
        by_key.get(article_key(reference)).copied()
    }
}
