//! What a page is made from, told without drawing it: the digest of its
//! variables and the answers of the functions its templates called. A
//! template is a function of those two (Tera offers no clock or
//! environment), so a page whose variables digest the same and whose calls
//! answer the same again is the page drawn last time. (Tera's `group_by`
//! orders its groups by a randomly seeded hash: a template using it differs
//! between any two builds, cached or not.)

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tera::value::ValueKind;
use tera::{Kwargs, Value};

/// A page's variables, in the order they were set (the same every build),
/// each with its digest when the filler knew it.
#[derive(Default)]
pub(crate) struct Vars<'a> {
    entries: Vec<(Cow<'static, str>, Slot<'a>)>,
}

/// A variable's value and its digest if known, or its digest and how to
/// make it when the page is drawn.
enum Slot<'a> {
    Made(Value, Option<u128>),
    Later(u128, Box<dyn FnOnce() -> tera::TeraResult<Value> + 'a>),
}

impl Slot<'_> {
    fn digest(&self) -> Option<u128> {
        match self {
            Slot::Made(_, d) => *d,
            Slot::Later(d, _) => Some(*d),
        }
    }
}

impl<'a> Vars<'a> {
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, val: &T) {
        self.insert_value(key, Value::from_serializable(val));
    }

    pub(crate) fn insert_value(&mut self, key: impl Into<Cow<'static, str>>, val: Value) {
        self.entries.push((key.into(), Slot::Made(val, None)));
    }

    /// A variable whose digest is known: made of shared values whose
    /// digests were taken once (summaries), so it is not walked per page.
    pub(crate) fn insert_digested(&mut self, key: &'static str, val: Value, digest: u128) {
        self.entries
            .push((key.into(), Slot::Made(val, Some(digest))));
    }

    /// A variable whose digest is known, made only if the page is drawn:
    /// a page the cache keeps never needs it.
    pub(crate) fn insert_later(
        &mut self,
        key: &'static str,
        digest: u128,
        make: impl FnOnce() -> tera::TeraResult<Value> + 'a,
    ) {
        let later = Slot::Later(digest, Box::new(make));
        self.entries.push((key.into(), later));
    }

    /// The variables as Tera takes them (values are shared, not copied).
    pub(crate) fn context(self) -> tera::TeraResult<tera::Context> {
        let mut ctx = tera::Context::new();
        for (k, v) in self.entries {
            let v = match v {
                Slot::Made(v, _) => v,
                Slot::Later(_, make) => make()?,
            };
            ctx.insert_value(k, v);
        }
        Ok(ctx)
    }

    /// The digest of `template` drawn with these variables; `known` gives
    /// the digest of a variable shared by every page (`site`) when it has one.
    pub(crate) fn digest(&self, template: &str, known: impl Fn(&str) -> Option<u128>) -> u128 {
        digesting(|b| {
            text(b, template);
            for (k, v) in &self.entries {
                text(b, k);
                match (v, v.digest().or_else(|| known(k))) {
                    (_, Some(d)) => b.extend_from_slice(&d.to_le_bytes()),
                    (Slot::Made(v, _), None) => feed(b, v),
                    (Slot::Later(..), None) => {}
                }
            }
        })
    }
}

/// The digest of one value.
pub(crate) fn digest(v: &Value) -> u128 {
    digesting(|b| feed(b, v))
}

/// The digest of a file copied from `source`, which had the stamp `stamp`.
pub(crate) fn copied(source: &std::path::Path, stamp: &crate::output::Stamp) -> u128 {
    digesting(|b| {
        text(b, "copy");
        text(b, &source.to_string_lossy());
        b.extend_from_slice(&stamp.to_bytes());
    })
}

/// The digest of a value made of parts whose digests are known, `what`
/// telling its kind (so parts of different kinds never digest alike).
pub(crate) fn combine(what: &str, parts: &[u128]) -> u128 {
    digesting(|b| {
        text(b, what);
        b.extend_from_slice(&(parts.len() as u64).to_le_bytes());
        parts
            .iter()
            .for_each(|d| b.extend_from_slice(&d.to_le_bytes()));
    })
}

/// The digest of the map `v`, taking the digest given in `known` for each
/// entry it names.
pub(crate) fn digest_except(v: &Value, known: &[(&str, u128)]) -> u128 {
    digesting(|b| {
        let Some(map) = v.as_map() else {
            return feed(b, v);
        };
        b.extend_from_slice(&(map.len() as u64).to_le_bytes());
        for (k, x) in map {
            let name = k.as_str();
            text(b, name.unwrap_or_default());
            match known.iter().find(|(key, _)| name == Some(key)) {
                Some((_, d)) => b.extend_from_slice(&d.to_le_bytes()),
                None => feed(b, x),
            }
        }
    })
}

/// The digest of an article's body as drawn, from what it is drawn from:
/// the key of its file (the converted body is a function of it), the URL
/// and title of each link's target (or none), its boxes' digests and its
/// dateline.
pub(crate) fn body(
    key: u128,
    targets: &[Option<crate::markdown::Target>],
    boxes: &[u128],
    dateline: Option<&str>,
) -> u128 {
    digesting(|b| {
        text(b, "body");
        b.extend_from_slice(&key.to_le_bytes());
        b.extend_from_slice(&(targets.len() as u64).to_le_bytes());
        for t in targets {
            match t {
                Some(t) => {
                    b.push(1);
                    text(b, &t.url);
                    text(b, &t.title);
                }
                None => b.push(0),
            }
        }
        b.extend_from_slice(&(boxes.len() as u64).to_le_bytes());
        boxes
            .iter()
            .for_each(|d| b.extend_from_slice(&d.to_le_bytes()));
        match dateline {
            Some(d) => {
                b.push(1);
                text(b, d);
            }
            None => b.push(0),
        }
    })
}

/// The digest of what `put` lays out, in one buffer per thread: hashing it
/// whole is several times faster than feeding a hasher piece by piece.
fn digesting(put: impl FnOnce(&mut Vec<u8>)) -> u128 {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            b.clear();
            put(&mut b);
            strong(&b)
        }
        // Asked while laying out another value (a shared one's digest).
        Err(_) => {
            let mut b = Vec::new();
            put(&mut b);
            strong(&b)
        }
    })
}

/// The first 128 bits of BLAKE3: the variables hold an author's text, and
/// with a fast non-cryptographic hash an author could write a second text
/// that digests alike, and have the page drawn from the first one kept.
fn strong(b: &[u8]) -> u128 {
    let digest = blake3::hash(b);
    let first: [u8; 16] = digest.as_bytes()[..16].try_into().unwrap_or_default();
    u128::from_le_bytes(first)
}

fn text(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u64).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

/// Lays out every part of `v` that a template can observe, safety included
/// (a safe string is not escaped), each prefixed by its kind and length so
/// that no two values lay out the same bytes.
fn feed(b: &mut Vec<u8>, v: &Value) {
    let kind = v.kind();
    b.extend_from_slice(&[kind_tag(kind), u8::from(v.is_safe())]);
    match kind {
        ValueKind::String => text(b, v.as_str().unwrap_or_default()),
        ValueKind::Bool => b.push(u8::from(v.as_bool().unwrap_or_default())),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            let n = v.as_i128().map(i128::to_le_bytes);
            b.extend_from_slice(&n.unwrap_or_else(|| v.as_u128().unwrap_or(0).to_le_bytes()));
        }
        ValueKind::F64 => {
            b.extend_from_slice(&v.as_f64().unwrap_or_default().to_bits().to_le_bytes());
        }
        ValueKind::Bytes => {
            let bytes = v.as_bytes().unwrap_or_default();
            b.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            b.extend_from_slice(bytes);
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            b.extend_from_slice(&(items.len() as u64).to_le_bytes());
            items.iter().for_each(|x| feed(b, x));
        }
        ValueKind::Map => {
            let Some(map) = v.as_map() else { return };
            b.extend_from_slice(&(map.len() as u64).to_le_bytes());
            for (k, x) in map {
                match k.as_str() {
                    Some(s) => text(b, s),
                    None => {
                        b.push(0xff);
                        text(b, &k.to_string());
                    }
                }
                feed(b, x);
            }
        }
        _ => {}
    }
}

fn kind_tag(kind: ValueKind) -> u8 {
    match kind {
        ValueKind::Undefined => 0,
        ValueKind::None => 1,
        ValueKind::Bool => 2,
        ValueKind::U64 => 3,
        ValueKind::I64 => 4,
        ValueKind::U128 => 5,
        ValueKind::I128 => 6,
        ValueKind::F64 => 7,
        ValueKind::String => 8,
        ValueKind::Array => 9,
        ValueKind::Map => 10,
        ValueKind::Bytes => 11,
        _ => 12,
    }
}

/// One call of a template function: its name, its arguments and the
/// digest of its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Call {
    pub(crate) name: String,
    /// The arguments as JSON ([`Arg`]s by name), so that a damaged cache
    /// cannot nest them deeper than `serde_json` reads; `None` when they
    /// cannot be kept exactly, and the call is never taken as answering
    /// the same.
    pub(crate) args: Option<String>,
    pub(crate) answer: u128,
}

/// A function argument, kept exactly so the call can be made again in a
/// later build: a call made with a stand-in could answer as before where
/// the template's own call would not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Arg {
    Undefined,
    None,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// Tera's arithmetic gives 128-bit integers; kept as decimal text,
    /// which JSON reads back exactly.
    Int128(String),
    UInt128(String),
    /// A float by its bits: JSON's decimal form need not read back exactly.
    Float(u64),
    Text(String, bool),
    List(Vec<Arg>),
    Map(Vec<(String, Arg)>),
}

impl Arg {
    /// `v` as an argument, or `None` when it cannot be kept exactly (bytes,
    /// a map with keys that are not strings).
    fn of(v: &Value) -> Option<Arg> {
        Some(match v.kind() {
            ValueKind::Undefined => Arg::Undefined,
            ValueKind::None => Arg::None,
            ValueKind::Bool => Arg::Bool(v.as_bool()?),
            ValueKind::I64 => Arg::Int(v.as_i64()?),
            ValueKind::U64 => Arg::UInt(v.as_u64()?),
            ValueKind::I128 => Arg::Int128(v.as_i128()?.to_string()),
            ValueKind::U128 => Arg::UInt128(v.as_u128()?.to_string()),
            ValueKind::F64 => Arg::Float(v.as_f64()?.to_bits()),
            ValueKind::String => Arg::Text(v.as_str()?.into(), v.is_safe()),
            ValueKind::Array => {
                Arg::List(v.as_array()?.iter().map(Arg::of).collect::<Option<_>>()?)
            }
            ValueKind::Map => Arg::Map(pairs(v.as_map()?.iter())?),
            _ => return None,
        })
    }

    fn value(&self) -> Option<Value> {
        Some(match self {
            Arg::Undefined => Value::undefined(),
            Arg::None => Value::none(),
            Arg::Bool(b) => Value::from(*b),
            Arg::Int(i) => Value::from(*i),
            Arg::UInt(u) => Value::from(*u),
            Arg::Int128(i) => Value::from(i.parse::<i128>().ok()?),
            Arg::UInt128(u) => Value::from(u.parse::<u128>().ok()?),
            Arg::Float(bits) => Value::from(f64::from_bits(*bits)),
            Arg::Text(s, true) => Value::safe_string(s),
            Arg::Text(s, false) => Value::from(s.as_str()),
            Arg::List(items) => {
                Value::from(items.iter().map(Arg::value).collect::<Option<Vec<_>>>()?)
            }
            Arg::Map(entries) => Value::from(map(entries)?),
        })
    }
}

fn pairs<'a>(
    it: impl Iterator<Item = (&'a tera::value::Key<'static>, &'a Value)>,
) -> Option<Vec<(String, Arg)>> {
    it.map(|(k, v)| Some((k.as_str()?.to_string(), Arg::of(v)?)))
        .collect()
}

fn map(entries: &[(String, Arg)]) -> Option<tera::Map> {
    entries
        .iter()
        .map(|(k, v)| Some((k.clone().into(), v.value()?)))
        .collect()
}

impl Call {
    /// The arguments again, for the function to be called with; `None`
    /// when they were not kept or do not read back.
    pub(crate) fn kwargs(&self) -> Option<Kwargs> {
        let args: Vec<(String, Arg)> = serde_json::from_str(self.args.as_deref()?).ok()?;
        Some(Kwargs::new(Arc::new(map(&args)?)))
    }
}

thread_local! {
    /// The calls of the page being drawn on this thread, when recording.
    static CALLS: RefCell<Option<Vec<Call>>> = const { RefCell::new(None) };
}

/// Runs `draw`, returning what it gave and the function calls it made.
pub(crate) fn recording<R>(draw: impl FnOnce() -> R) -> (R, Vec<Call>) {
    let outer = CALLS.replace(Some(Vec::new()));
    let drawn = draw();
    let calls = CALLS.replace(outer).unwrap_or_default();
    (drawn, calls)
}

/// Notes calls made elsewhere (inside a cached partial) as the page's own,
/// when a page is recording.
pub(crate) fn note_all(made: &[Call]) {
    CALLS.with_borrow_mut(|calls| {
        if let Some(calls) = calls {
            calls.extend_from_slice(made);
        }
    });
}

/// Notes a call of function `name` and its answer, when a page is recording.
pub(crate) fn note(name: &str, kw: &Kwargs, answer: &tera::TeraResult<Value>) {
    let Ok(answer) = answer else { return };
    CALLS.with_borrow_mut(|calls| {
        if let Some(calls) = calls {
            let args = pairs(kw.iter()).and_then(|a| serde_json::to_string(&a).ok());
            calls.push(Call {
                name: name.to_string(),
                args,
                answer: digest(answer),
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two strings, 8 bytes apart, whose layouts xxh3 cannot tell apart: a
    /// 64-bit lane whose low half equals xxh3's secret adds nothing to its
    /// own sum, so two such lanes of one block can move in opposite ways.
    #[test]
    fn texts_made_to_collide_under_a_fast_hash_digest_apart() {
        let text = |lane1: &[u8], lane2: &[u8]| {
            // The layout of a string: its kind, its safety and its length first.
            let header = 10;
            let mut s = Vec::new();
            // Bytes 48 to 51 of the default secret at 384, after a UTF-8 lead byte.
            s.resize(383 - header, b'x');
            s.extend_from_slice(b"\xc2\xb8\x08\x46\x74");
            s.extend_from_slice(lane1);
            // Bytes 120 to 123 at 960.
            s.resize(960 - header, b'y');
            s.extend_from_slice(b"\xc8\x9f\x7e\xc9");
            s.extend_from_slice(lane2);
            s.extend_from_slice("a tail far from the end of the input ".repeat(8).as_bytes());
            s
        };
        let (a, b) = (text(b"A'05", b"\x80'*6"), text(b"<!--", b"\x85-->"));
        let value = |t: &[u8]| Value::from(std::str::from_utf8(t).unwrap());
        let layout = |t: &[u8]| {
            let mut buffer = Vec::new();
            feed(&mut buffer, &value(t));
            buffer
        };
        let (la, lb) = (layout(&a), layout(&b));
        assert_ne!(la, lb);
        let fast = xxhash_rust::xxh3::xxh3_128;
        assert_eq!(fast(&la), fast(&lb), "the layouts must collide under xxh3");
        assert_ne!(digest(&value(&a)), digest(&value(&b)));
    }

    /// `v` kept as a call's argument and read back, as a later build does.
    fn read_back(v: &Value) -> Option<Value> {
        let args = vec![("x".to_string(), Arg::of(v)?)];
        let json = serde_json::to_string(&args).unwrap();
        let back: Vec<(String, Arg)> = serde_json::from_str(&json).unwrap();
        back[0].1.value()
    }

    #[test]
    fn arguments_read_back_exactly() {
        let values = [
            Value::from(1.999_999_999_999_999_8_f64),
            Value::from(0.1 + 0.2),
            Value::from(-0.0_f64),
            Value::from(f64::NAN),
            Value::from(i128::MAX),
            Value::from(u128::MAX),
            Value::from(u64::MAX),
            Value::from(i64::MIN),
            Value::undefined(),
            Value::none(),
            Value::safe_string("<b>x</b>"),
            Value::from("<b>x</b>"),
            Value::from(vec![
                Value::from(0.300_000_000_000_000_04),
                Value::undefined(),
            ]),
        ];
        for v in values {
            let back = read_back(&v).unwrap_or_else(|| panic!("{v:?} not kept"));
            assert_eq!(digest(&back), digest(&v), "{v:?} read back as {back:?}");
            assert_eq!(back.kind(), v.kind());
        }
    }

    #[test]
    fn a_map_with_keys_that_are_not_strings_is_not_kept() {
        let mut map = tera::Map::new();
        map.insert(1_u128.into(), Value::from("a"));
        assert!(Arg::of(&Value::from(map)).is_none());
    }
}
