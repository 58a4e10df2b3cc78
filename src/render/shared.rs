//! Values many pages share, made once per build and shared by reference
//! (tera values share their arrays and maps, so a clone is cheap).
//!
//! Article summaries are made when first asked for: a build asks for all
//! of them, `serve` only for those on the pages it is asked for.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, OnceLock, RwLock, Weak};

use tera::{Context, Error, Kwargs, Map, TeraResult, Value, value::Key};

use super::Templates;

use super::views::{ArticleDetails, RelatedView, SiteView, SummaryView};
use crate::site::{RelatedEntry, Site};

pub struct Shared {
    site: Arc<Site>,
    /// The `site` variable of every template: one copy per worker thread.
    /// Templates read `site` a few dozen times per page, and each read
    /// takes and drops a reference; on one shared copy the threads would
    /// fight over its reference counts.
    site_values: Vec<OnceLock<Value>>,
    /// Each article's `SummaryView`, in site order, made on first use.
    summaries: Vec<OnceLock<Value>>,
    /// Each article's summary as an "also read" entry: listed by the
    /// editor (`[0]`) or computed (`[1]`); an article is in several lists.
    entries: Vec<[OnceLock<Value>; 2]>,
    /// The home page lists every article after the lead.
    pub home: Vec<usize>,
    /// Article by its path under `content/` without `.md`.
    by_key: HashMap<String, usize>,
    /// Category index by slug.
    categories: HashMap<String, usize>,
    /// For `partial_cached`; weak, as the templates hold this.
    templates: Weak<Templates>,
    /// `partial_cached` outputs by template name and arguments.
    partials: RwLock<HashMap<String, Value>>,
}

/// An error inside a cached partial, as one line: the page's error points
/// at the `partial_cached` call, and this says where inside it went wrong.
fn nested_message(name: &str, e: &Error) -> String {
    match e.kind() {
        tera::ErrorKind::RenderingError(r) if r.message().starts_with("in `") => {
            r.message().to_string()
        }
        tera::ErrorKind::RenderingError(r) => format!(
            "in `{}` line {}: {}",
            r.filename(),
            r.span().start_line,
            r.message()
        ),
        _ => format!("in `{name}`: {e}"),
    }
}

/// How deep `partial_cached` calls may nest: deeper is a template
/// calling itself, which would otherwise overflow the stack.
const PARTIAL_DEPTH: u32 = 8;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// `base` (a map) with `fields` added, later ones winning. The new map
/// shares every value of `base` (tera values are reference-counted), so no
/// string is copied.
fn with_fields(base: Value, fields: impl IntoIterator<Item = (Key<'static>, Value)>) -> Value {
    let mut map: Map = base.into_map().unwrap_or_default();
    map.extend(fields);
    Value::from(map)
}

impl Shared {
    pub fn new(site: Arc<Site>, templates: Weak<Templates>) -> Self {
        let s = site.as_ref();
        Shared {
            site_values: (0..=rayon::current_num_threads())
                .map(|_| OnceLock::new())
                .collect(),
            summaries: (0..s.articles.len()).map(|_| OnceLock::new()).collect(),
            entries: (0..s.articles.len()).map(|_| Default::default()).collect(),
            home: (1..s.articles.len()).collect(),
            by_key: s
                .articles
                .iter()
                .enumerate()
                .map(|(i, p)| (p.rel_path.trim_end_matches(".md").to_string(), i))
                .collect(),
            categories: s
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.slug.clone(), i))
                .collect(),
            templates,
            partials: RwLock::default(),
            site,
        }
    }

    /// The `site` value of the calling thread.
    pub fn site_value(&self) -> Value {
        let threads = self.site_values.len() - 1;
        let slot = rayon::current_thread_index().map_or(threads, |t| t.min(threads));
        self.site_values[slot]
            .get_or_init(|| Value::from_serializable(&SiteView::new(&self.site)))
            .clone()
    }

    pub fn summary(&self, i: usize) -> Value {
        self.summaries[i]
            .get_or_init(|| {
                Value::from_serializable(&SummaryView::new(&self.site, &self.site.articles[i]))
            })
            .clone()
    }

    pub fn article_count(&self) -> usize {
        self.summaries.len()
    }

    /// Articles of the category `slug`, newest first.
    pub fn category(&self, slug: &str) -> Option<&[usize]> {
        self.categories
            .get(slug)
            .map(|&c| self.site.categories[c].articles.as_slice())
    }

    /// Article `i`'s "also read" list (explicit, then computed), with the
    /// fields of `RelatedView` and those of a summary.
    pub fn related_value(&self, i: usize) -> Value {
        let p = &self.site.articles[i];
        let flagged = |j: usize, computed: bool| {
            self.entries[j][usize::from(computed)]
                .get_or_init(|| {
                    let flags = [
                        (Key::Str("external"), false.into()),
                        (Key::Str("computed"), computed.into()),
                    ];
                    with_fields(self.summary(j), flags)
                })
                .clone()
        };
        let explicit = p.related.iter().map(|r| match r {
            RelatedEntry::Article(j) => flagged(*j, false),
            RelatedEntry::External { title, url } => {
                Value::from_serializable(&RelatedView::external(title, url))
            }
        });
        let computed = p.computed.iter().map(|s| flagged(s.article, true));
        Value::from(explicit.chain(computed).collect::<Vec<_>>())
    }

    /// Article `i` as its page shows it: its summary's fields, the
    /// `ArticleDetails`, its body (`content`, with the inline boxes drawn)
    /// and its "also read" list (`related`).
    pub fn article_value(&self, i: usize, content: Cow<'_, str>) -> Value {
        let details =
            Value::from_serializable(&ArticleDetails::new(&self.site, &self.site.articles[i]));
        let summary = self.summary(i);
        // `details` names `modified` only when it differs from the date.
        let date = summary.get_from_path("date").cloned();
        let fields = [(Key::Str("modified"), date.unwrap_or(Value::none()))]
            .into_iter()
            .chain(details.into_map().unwrap_or_default())
            .chain([
                (Key::Str("content"), Value::from(content)),
                (Key::Str("related"), self.related_value(i)),
            ]);
        with_fields(summary, fields)
    }

    /// `partial_cached(name=..., ...)`: the template `name` rendered with
    /// `site` and the other arguments as its only variables, so its output
    /// is a function of those alone and can be made once per build for
    /// each distinct set of them. Pages share a section's navigation this
    /// way instead of each drawing it again.
    pub fn partial(&self, kw: &Kwargs) -> TeraResult<Value> {
        let name: &str = kw.must_get("name")?;
        let mut args: Vec<_> = kw
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .filter(|(k, _)| *k != "name")
            .collect();
        args.sort_unstable_by_key(|a| a.0);
        let mut key = name.to_string();
        for (k, v) in &args {
            let _ = write!(key, "\0{k}={v:?}");
        }
        let read = |m: &HashMap<String, Value>| m.get(&key).cloned();
        if let Some(v) = read(&self.partials.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(v);
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value());
        for (k, v) in args {
            ctx.insert_value(k.to_string(), v.clone());
        }
        let html = Value::from(self.render_nested(name, &ctx)?);
        let mut partials = self.partials.write().unwrap_or_else(|e| e.into_inner());
        Ok(partials.entry(key).or_insert(html).clone())
    }

    fn render_nested(&self, name: &str, ctx: &Context) -> TeraResult<String> {
        let templates = self
            .templates
            .upgrade()
            .ok_or_else(|| Error::message("no templates are loaded"))?;
        let depth = DEPTH.get();
        if depth >= PARTIAL_DEPTH {
            return Err(Error::message(format!(
                "partial_cached nests more than {PARTIAL_DEPTH} deep: does `{name}` call itself?"
            )));
        }
        DEPTH.set(depth + 1);
        let html = templates.tera.render(name, ctx);
        DEPTH.set(depth);
        html.map_err(|e| Error::message(nested_message(name, &e)))
    }

    /// An article by a reference such as `@/china/x.md`.
    pub fn article(&self, reference: &str) -> Option<usize> {
        let r = reference
            .trim()
            .trim_start_matches("@/")
            .trim_start_matches('/');
        self.by_key.get(r.strip_suffix(".md").unwrap_or(r)).copied()
    }
}
