//! `partial_cached(name="partials/x.html", a=..., b=...)`: the template
//! `name` rendered with `site` and the other arguments as its only
//! variables, once per build for each distinct set of arguments. What Hugo
//! calls `partialCached`, for the parts many pages share, such as the
//! masthead of a section. Each call costs about what drawing a small
//! partial costs, so it pays for large parts shared by many pages, not for
//! an article's card.
//!
//! The output can only depend on `site` and the arguments, so reusing it is
//! safe by construction and a build stays deterministic. Arguments are
//! keyed by value, except maps and arrays, which are keyed by identity:
//! template values are immutable and shared, so one article's summary is
//! the same map on every page, and comparing it by its address is as good
//! as comparing its contents and far cheaper. The cache holds each key's
//! arguments, so no address is reused by another value while it is a key.

use std::cell::Cell;
use std::sync::RwLock;

use rustc_hash::FxHashMap;

use tera::{Context, Error, Kwargs, Tera, TeraResult, Value};

use super::record::{self, Call};

/// How deep `partial_cached` calls may nest: deeper is a template
/// calling itself, which would otherwise overflow the stack.
const DEPTH_LIMIT: u32 = 8;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

#[derive(Default)]
pub(crate) struct Partials {
    cache: RwLock<FxHashMap<Vec<Part>, Cached>>,
}

struct Cached {
    html: Value,
    /// The template functions it called, noted for each page that uses it.
    calls: Vec<Call>,
    /// Kept alive while their addresses are part of the key.
    _args: Vec<Value>,
}

impl Partials {
    /// The output of `partial_cached` for these arguments; `site` gives the
    /// calling thread's `site` value.
    pub(crate) fn render(
        &self,
        tera: &Tera,
        kw: &Kwargs,
        site: impl FnOnce() -> Value,
    ) -> TeraResult<Value> {
        let name: &str = kw.must_get("name")?;
        let mut args: Vec<(&str, &Value)> = kw
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .filter(|(k, _)| *k != "name")
            .collect();
        args.sort_unstable_by_key(|a| a.0);
        let key = cache_key(name, &args);
        if let Some(c) = self.read().get(&key) {
            record::note_all(&c.calls);
            return Ok(c.html.clone());
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", site());
        for (k, v) in &args {
            ctx.insert_value(k.to_string(), (*v).clone());
        }
        let (html, calls) = record::recording(|| render_nested(tera, name, &ctx));
        record::note_all(&calls);
        let cached = Cached {
            html: Value::from(html?),
            calls,
            _args: args.iter().map(|(_, v)| (*v).clone()).collect(),
        };
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        Ok(cache.entry(key).or_insert(cached).html.clone())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, FxHashMap<Vec<Part>, Cached>> {
        self.cache.read().unwrap_or_else(|e| e.into_inner())
    }
}

fn render_nested(tera: &Tera, name: &str, ctx: &Context) -> TeraResult<String> {
    let depth = DEPTH.get();
    if depth >= DEPTH_LIMIT {
        return Err(Error::message(format!(
            "partial_cached nests more than {DEPTH_LIMIT} deep: does `{name}` call itself?"
        )));
    }
    DEPTH.set(depth + 1);
    let html = tera.render(name, ctx);
    DEPTH.set(depth);
    html.map_err(|e| Error::message(nested_message(name, &e)))
}

/// One piece of a cache key: the template's name, an argument's name, or
/// its value (maps and arrays by address).
#[derive(PartialEq, Eq, Hash)]
enum Part {
    Name(Box<str>),
    Map(usize),
    Array(usize, usize),
    /// A string, and whether it is marked safe: a partial prints the two
    /// differently, though tera values holding them compare equal.
    Str(Box<str>, bool),
    Bool(bool),
    Int(i64),
    /// Anything else, by its debug form.
    Other(String),
}

fn cache_key(name: &str, args: &[(&str, &Value)]) -> Vec<Part> {
    let mut key = Vec::with_capacity(1 + 2 * args.len());
    key.push(Part::Name(name.into()));
    for (k, v) in args {
        key.push(Part::Name((*k).into()));
        key.push(match (v.as_map(), v.as_array(), v.as_str()) {
            (Some(m), _, _) => Part::Map(std::ptr::from_ref(m) as usize),
            (_, Some(a), _) => Part::Array(a.as_ptr() as usize, a.len()),
            (_, _, Some(s)) => Part::Str(s.into(), v.is_safe()),
            _ => match (v.as_bool(), v.as_i64()) {
                (Some(b), _) => Part::Bool(b),
                (_, Some(i)) => Part::Int(i),
                _ => Part::Other(format!("{v:?}")),
            },
        });
    }
    key
}

/// An error inside a cached partial, as one line: the page's error points
/// at the `partial_cached` call, and this says where inside it went wrong.
pub(super) fn nested_message(name: &str, e: &Error) -> String {
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
