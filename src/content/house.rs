//! The newsroom's own fields of an article: its label (the type of work:
//! Analysis, Opinion, ...), kicker, sponsor, dateline and place, and the
//! `[extra]` house data, checked against the site's `[schema.extra]`.

use serde_json::Value;

use super::date;
use crate::config::Config;
use crate::config::house::{ADVERTISER, Field, FieldKind, Label};
use crate::error::{Diagnostic, Location};

/// The fields as written.
#[derive(Debug, Default)]
pub(crate) struct RawHouse {
    pub(crate) label: Option<String>,
    pub(crate) kicker: Option<String>,
    pub(crate) sponsor: Option<String>,
    pub(crate) dateline: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) extra: Option<Value>,
}

/// The fields checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct House {
    /// One of the site's `[labels]`, as the site spells it.
    pub(crate) label: Option<Label>,
    /// Text shown above the headline instead of the label.
    pub(crate) kicker: Option<String>,
    /// Who paid for a sponsored article.
    pub(crate) sponsor: Option<String>,
    /// Where the story was reported from, printed before the body: `BEIJING`.
    pub(crate) dateline: Option<String>,
    /// The place, for structured data.
    pub(crate) location: Option<String>,
    /// `[extra]`: a table (empty when not written).
    pub(crate) extra: Value,
}

/// Where a front matter key is written: `key` for a top-level one, `field`
/// for one inside `[extra]`.
pub(crate) struct Places<'a> {
    pub(crate) key: &'a dyn Fn(&str) -> Location,
    pub(crate) field: &'a dyn Fn(&str) -> Location,
}

/// Checks the fields against the site's labels and house schema.
pub(crate) fn resolve(
    raw: RawHouse,
    config: &Config,
    at: &Places<'_>,
    errors: &mut Vec<Diagnostic>,
) -> House {
    let mut fail = |loc: Location, m: String| errors.push(Diagnostic::error(loc, m));
    let label = raw.label.and_then(|l| {
        find_label(&l, &config.labels)
            .map_err(|m| fail((at.key)("label"), m))
            .ok()
    });
    let advertised = label.as_ref().is_some_and(|l| l.schema_type == ADVERTISER);
    match (&raw.sponsor, advertised) {
        (None, true) => fail(
            (at.key)("label"),
            "sponsored content names who paid for it: add `sponsor = \"...\"`".into(),
        ),
        (Some(_), false) => fail(
            (at.key)("sponsor"),
            format!(
                "`sponsor` is for sponsored content: give a label of type {ADVERTISER} (`Sponsored`)"
            ),
        ),
        _ => {}
    }
    let mut line = |key: &str, v: Option<String>, max: usize| {
        let v = v.map(|s| s.trim().to_string())?;
        match one_line(&v, max) {
            Ok(()) => Some(v),
            Err(m) => {
                fail((at.key)(key), format!("`{key}` {m}"));
                None
            }
        }
    };
    let kicker = line("kicker", raw.kicker, 40);
    let sponsor = line("sponsor", raw.sponsor, 80);
    let dateline = line("dateline", raw.dateline, 60);
    let location = line("location", raw.location, 120);
    let extra = raw.extra.unwrap_or_else(crate::config::house::no_extra);
    if !extra.is_object() {
        fail(
            (at.key)("extra"),
            "`extra` must be a table of the newsroom's own fields".into(),
        );
    }
    // A value that is no table has no fields to check: one error is enough.
    let fields = match extra.is_object() {
        true => config.extra_fields.as_slice(),
        false => &[],
    };
    for field in fields {
        if let Err(m) = check_field(field, extra.get(&field.name), &config.timezone) {
            let loc = match extra.get(&field.name) {
                Some(_) => (at.field)(&field.name),
                None => (at.key)("extra"),
            };
            fail(loc, m);
        }
    }
    House {
        label,
        kicker,
        sponsor,
        dateline,
        location,
        extra,
    }
}

/// The site's label named `name` (in any case), or why there is none.
fn find_label(name: &str, labels: &[Label]) -> Result<Label, String> {
    let name = name.trim();
    if let Some(l) = labels
        .iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase())
    {
        return Ok(l.clone());
    }
    let names = labels.iter().map(|l| l.name.as_str());
    let hint = match crate::suggest::nearest(name, names.clone(), 0.8) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!(
            " (the site's labels: {})",
            names.collect::<Vec<_>>().join(", ")
        ),
    };
    Err(format!("unknown label `{name}`{hint}"))
}

/// A short text on one line: a kicker, a dateline.
pub(crate) fn one_line(v: &str, max: usize) -> Result<(), String> {
    if v.is_empty() {
        return Err("is empty".into());
    }
    if v.contains(['\n', '\r']) {
        return Err("must be one line".into());
    }
    let n = v.chars().count();
    if n > max {
        return Err(format!("is {n} characters long; keep it under {max}"));
    }
    Ok(())
}

/// Whether a house field holds what the site declares for it.
fn check_field(f: &Field, v: Option<&Value>, tz: &jiff::tz::TimeZone) -> Result<(), String> {
    // A CMS writes an empty string for a field left empty: it is not there.
    let v = v.filter(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()));
    let Some(v) = v else {
        return match f.required {
            true => Err(format!(
                "missing house field `extra.{}` ({}), which config.toml's [schema.extra] requires",
                f.name,
                f.kind.name()
            )),
            false => Ok(()),
        };
    };
    let fits = match f.kind {
        FieldKind::String => v.is_string(),
        FieldKind::Number => v.is_number(),
        FieldKind::Bool => v.is_boolean(),
        FieldKind::List => v.is_array(),
        FieldKind::Date => v.as_str().is_some_and(|s| date::resolve(s, tz).is_ok()),
    };
    if !fits {
        // A whole list or table would drown the message: its start says enough.
        let mut shown = v.to_string();
        if let Some((cut, _)) = shown.char_indices().nth(60) {
            shown.truncate(cut);
            shown.push('…');
        }
        return Err(format!(
            "`extra.{}` must be a {}, not {shown}",
            f.name,
            f.kind.name()
        ));
    }
    match v.as_str() {
        Some(s) if !f.values.is_empty() && !f.values.iter().any(|a| a == s) => {
            let hint = crate::suggest::nearest(s, f.values.iter().map(String::as_str), 0.8)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_else(|| format!(" (one of {})", f.values.join(", ")));
            Err(format!("`extra.{}` cannot be `{s}`{hint}", f.name))
        }
        _ => Ok(()),
    }
}
