//! Functions templates can call, answering from [`Shared`] without
//! copying the site:
//!
//! - `related(path="china/x.md")`: that article's "also read" list;
//! - `latest(category="china", count=5)`: the newest articles of a
//!   category (or of the site, without `category`);
//! - `article(path="china/x.md")`: one article's summary.

use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use super::shared::Shared;
use crate::paths::slugify;

pub fn register(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = Arc::clone(shared);
    tera.register_function(
        "related",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> { Ok(s.related[find(&s, &kw)?].clone()) },
    );
    let s = Arc::clone(shared);
    tera.register_function(
        "article",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            Ok(s.summaries[find(&s, &kw)?].clone())
        },
    );
    let s = Arc::clone(shared);
    tera.register_function("latest", move |kw: Kwargs, _: &State| latest(&s, &kw));
}

fn find(s: &Shared, kw: &Kwargs) -> TeraResult<usize> {
    let path: &str = kw.must_get("path")?;
    s.article(path)
        .ok_or_else(|| Error::message(format!("no article `{path}` under content/")))
}

fn latest(s: &Shared, kw: &Kwargs) -> TeraResult<Value> {
    let count = kw.get::<i64>("count")?.unwrap_or(5).max(0) as usize;
    let items: Vec<Value> = match kw.get::<&str>("category")? {
        Some(name) => {
            let c = s
                .categories
                .get(&slugify(name))
                .ok_or_else(|| Error::message(format!("no category `{name}`")))?;
            s.category_lists[*c]
                .iter()
                .take(count)
                .map(|&i| s.summaries[i].clone())
                .collect()
        }
        None => s.summaries.iter().take(count).cloned().collect(),
    };
    Ok(Value::from(items))
}
