//! Functions templates can call, answering from [`Shared`] without
//! copying the site:
//!
//! - `related(path="china/x.md")`: that article's "also read" list;
//! - `latest(category="china", count=5)`: the newest articles of a
//!   category (or of the site, without `category`);
//! - `article(path="china/x.md")`: one article's summary;
//! - `partial_cached(name="partials/masthead.html", section=page.section)`: a
//!   template rendered once per distinct set of arguments (see
//!   [`Shared::partial`]), like Hugo's `partialCached`;
//! - `asset(path="style.css")`: a static file's URL, by its fingerprinted
//!   name when it has one (`/style.1a2b3c4d5e6f.css`);
//!
//! and a filter, `json`: a value as JSON (`{{ r.from | json }}`), for the
//! hosts' JSON files.

use std::sync::{Arc, Weak};

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use super::record;
use super::shared::Shared;
use crate::paths::slugify;

/// The values the functions answer from. Weak: the `Shared` values own the
/// `Tera` that holds the functions.
#[derive(Clone)]
struct Site(Weak<Shared>);

impl Site {
    fn get(&self) -> TeraResult<Arc<Shared>> {
        self.0
            .upgrade()
            .ok_or_else(|| Error::message("no site is being rendered"))
    }
}

/// Registers the functions on `tera`, answering from `shared`. Templates
/// are checked when they load, before there is a site: then `shared` is
/// `Weak::new()`, and a call is an error.
pub(crate) fn register(tera: &mut Tera, shared: Weak<Shared>) {
    let site = Site(shared);
    for name in ["related", "article", "asset", "latest"] {
        let s = site.clone();
        tera.register_function(name, move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            recorded(&*s.get()?, name, &kw)
        });
    }
    tera.register_function("partial_cached", PartialCached(site));
    tera.register_filter(
        "json",
        |v: Value, _: Kwargs, _: &State| -> TeraResult<String> {
            serde_json::to_string(&v).map_err(|e| Error::message(e.to_string()))
        },
    );
}

/// [`call`], noted for the page being drawn (see [`record`]).
fn recorded(s: &Shared, name: &str, kw: &Kwargs) -> TeraResult<Value> {
    let answer = call(s, name, kw);
    record::note(name, kw, &answer);
    answer
}

/// Function `name` called with `kw`: the one place a template's call is
/// answered, so a later build asking again gets the answer a page would.
pub(crate) fn call(s: &Shared, name: &str, kw: &Kwargs) -> TeraResult<Value> {
    match name {
        "related" => match find(s, kw)? {
            Some(i) => s.related_value(i),
            None => Ok(Value::from(Vec::<Value>::new())),
        },
        "article" => Ok(find(s, kw)?.map_or(Value::none(), |i| s.summary(i))),
        "asset" => {
            let path: &str = kw.must_get("path")?;
            Ok(Value::from(s.asset_url(path)))
        }
        "latest" => latest(s, kw),
        _ => Err(Error::message(format!("no function `{name}`"))),
    }
}

/// Its output is HTML the templates made, so it is not escaped again.
struct PartialCached(Site);

impl tera::Function<TeraResult<Value>> for PartialCached {
    /// Not recorded as a call: its answer is a function of its arguments
    /// and `site`, which the page's variables and its other calls already
    /// cover; the calls made inside the partial are noted instead.
    fn call(&self, kw: Kwargs, _: &State) -> TeraResult<Value> {
        self.0.get()?.partial(&kw)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The published article `path=` names; `None` for one the content has
/// but that is not published now (a draft, scheduled or expired).
fn find(s: &Shared, kw: &Kwargs) -> TeraResult<Option<usize>> {
    let path: &str = kw.must_get("path")?;
    match s.article(path) {
        Some(i) => Ok(Some(i)),
        None if s.knows_article(path) => Ok(None),
        None => Err(Error::message(format!(
            "no article `{path}` under content/"
        ))),
    }
}

fn latest(s: &Shared, kw: &Kwargs) -> TeraResult<Value> {
    let count = kw.get::<i64>("count")?.unwrap_or(5).max(0) as usize;
    let items: Vec<Value> = match kw.get::<&str>("category")? {
        Some(name) => {
            let slug = slugify(name);
            match s.category(&slug) {
                Some(list) => list.iter().take(count).map(|&i| s.summary(i)).collect(),
                // Nothing in it is published now: none yet, or all expired.
                None if s.knows_category(&slug) => Vec::new(),
                None => return Err(Error::message(format!("no category `{name}`"))),
            }
        }
        None => (0..s.article_count().min(count))
            .map(|i| s.summary(i))
            .collect(),
    };
    Ok(Value::from(items))
}
