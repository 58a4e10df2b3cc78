//! An article's place in a series: `series = { name = "...", part = 2 }`.
//! Parts are checked against each other once the published set is known
//! (`site::series`).

use serde::Deserialize;

use crate::error::{Diagnostic, Location};
use crate::paths::slugify;

/// `series` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeries {
    #[serde(default)]
    name: String,
    #[serde(default)]
    part: Part,
}

impl RawSeries {
    /// Left empty (a CMS writes `series = { name = "" }` for no series).
    pub(crate) fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.part.0.is_none()
    }
}

/// A whole number, kept as written so that zero and negative parts are
/// reported with the article's other errors rather than by the parser;
/// none when missing or an empty string.
#[derive(Debug, Default)]
struct Part(Option<i64>);

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Part;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number of 1 or more, like `part = 2`")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Part, E> {
                Ok(Part(Some(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Part, E> {
                Ok(Part(Some(i64::try_from(v).unwrap_or(i64::MAX))))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Part, E> {
                match v.trim().is_empty() {
                    true => Ok(Part(None)),
                    false => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The series an article belongs to, checked.
#[derive(Debug, Clone)]
pub(crate) struct InSeries {
    /// The name as written, trimmed.
    pub(crate) name: String,
    /// What identifies the series: its page is `/series/<slug>/`.
    pub(crate) slug: String,
    /// 1 or more.
    pub(crate) part: u32,
    /// Where `part` is written, for messages about two articles with one part.
    pub(crate) at: Location,
}

/// Where the keys of `series` are written: `key` for `series` itself,
/// `part` for its `part`.
pub(crate) struct Places<'a> {
    pub(crate) key: &'a dyn Fn() -> Location,
    pub(crate) part: &'a dyn Fn() -> Location,
}

/// Checks the name (one line, with letters or digits) and the part (1 or more).
pub(crate) fn resolve(
    raw: RawSeries,
    at: &Places<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Option<InSeries> {
    let name = raw.name.trim().to_string();
    let slug = slugify(&name);
    let name_problem = match super::house::one_line(&name, 120) {
        Err(m) => Some(format!("`series.name` {m}")),
        Ok(()) if slug.is_empty() => {
            Some("`series.name` has no letters or digits to make its address from".into())
        }
        Ok(()) => None,
    };
    if let Some(m) = name_problem {
        errors.push(Diagnostic::error((at.key)(), m));
    }
    let part = match raw.part.0.map(u32::try_from) {
        Some(Ok(p)) if p >= 1 => Some(p),
        None => {
            let m = "`series.part` is missing: which part of the series is this, 1 or more?";
            errors.push(Diagnostic::error((at.key)(), m));
            None
        }
        Some(_) => {
            let m = format!(
                "`series.part` must be a whole number of 1 or more, not {}",
                raw.part.0.unwrap_or_default()
            );
            errors.push(Diagnostic::error((at.part)(), m));
            None
        }
    };
    Some(InSeries {
        name,
        slug,
        part: part?,
        at: (at.part)(),
    })
}
