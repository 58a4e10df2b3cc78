//! Front-matter fields about publishing over time and place: `expires`,
//! `corrections`, `aliases`, `sitemap`, `canonical` and `breaking`.

use jiff::ZonedDateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::date::{self, DateText};
use crate::error::{Diagnostic, Location};
use crate::paths::{bad_file_name, is_safe_url_path};

/// As written in the front matter (fields of the article's raw type).
#[derive(Debug, Default)]
pub(crate) struct RawPublishing {
    pub(crate) expires: Option<DateText>,
    pub(crate) corrections: Vec<RawCorrection>,
    pub(crate) aliases: Vec<String>,
    pub(crate) sitemap: Option<bool>,
    pub(crate) canonical: Option<String>,
    pub(crate) breaking: Option<RawBreaking>,
}

/// `breaking = { text = "...", until = ... }`: a site-wide banner.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreaking {
    #[serde(default)]
    text: String,
    until: Option<DateText>,
}

impl RawBreaking {
    /// Left empty: no banner (a CMS writes empty strings for it).
    pub(crate) fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.until.as_ref().is_none_or(|u| u.0.trim().is_empty())
    }
}

/// A breaking-news banner linking to its article, shown on every page
/// until `until`.
#[derive(Debug, Clone)]
pub(crate) struct Breaking {
    pub(crate) text: String,
    pub(crate) until: ZonedDateTime,
    /// Where `breaking` is written, for the warning when another wins.
    pub(crate) at: Location,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCorrection {
    pub(crate) date: DateText,
    pub(crate) text: String,
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Publishing {
    /// After this time the article is no longer published.
    pub(crate) expires: Option<ZonedDateTime>,
    pub(crate) corrections: Vec<Correction>,
    /// Old URL paths (relative to the site root) that redirect here.
    pub(crate) aliases: Vec<String>,
    /// Where each alias is written, for messages about the hosts' files.
    pub(crate) alias_at: Vec<Location>,
    pub(crate) in_sitemap: bool,
    /// An absolute URL that replaces the page's own canonical URL.
    pub(crate) canonical: Option<String>,
    pub(crate) breaking: Option<Breaking>,
}

#[derive(Debug, Clone)]
pub(crate) struct Correction {
    pub(crate) date: ZonedDateTime,
    pub(crate) text: String,
    pub(crate) kind: CorrectionKind,
}

/// A correction's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CorrectionKind {
    Correction,
    Clarification,
    Update,
    EditorsNote,
}

impl CorrectionKind {
    const ALL: [CorrectionKind; 4] = [
        CorrectionKind::Correction,
        CorrectionKind::Clarification,
        CorrectionKind::Update,
        CorrectionKind::EditorsNote,
    ];

    /// As written in the front matter.
    pub(crate) fn name(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "correction",
            CorrectionKind::Clarification => "clarification",
            CorrectionKind::Update => "update",
            CorrectionKind::EditorsNote => "editors-note",
        }
    }

    /// As pages show it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "Correction",
            CorrectionKind::Clarification => "Clarification",
            CorrectionKind::Update => "Update",
            CorrectionKind::EditorsNote => "Editor's note",
        }
    }

    /// The kind named `name`, else a message naming the kinds (and the
    /// one `name` is most like).
    fn parse(name: &str) -> Result<CorrectionKind, String> {
        let found = Self::ALL.into_iter().find(|k| k.name() == name.trim());
        found.ok_or_else(|| {
            let names = Self::ALL.map(Self::name);
            let near = crate::suggest::nearest(&name.to_lowercase(), names, 0.8);
            let hint = near.map(|n| format!("; did you mean `{n}`?"));
            format!(
                "unknown correction type `{}` (use {}){}",
                name.escape_debug(),
                names.map(|n| format!("`{n}`")).join(", "),
                hint.unwrap_or_default()
            )
        })
    }
}

/// Where messages about the fields go.
pub(crate) struct Locate<'a> {
    /// A key's line.
    pub(crate) key: &'a dyn Fn(&str) -> Location,
    /// Where a text first appears.
    pub(crate) text: &'a dyn Fn(&str) -> Location,
    /// Where a string value is written, inside its quotes.
    pub(crate) value: &'a dyn Fn(&str) -> Location,
}

/// Checks the fields, each message located by `loc`.
pub(crate) fn resolve(
    raw: RawPublishing,
    date: Option<&ZonedDateTime>,
    tz: &TimeZone,
    loc: &Locate<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Publishing {
    let (at, find) = (loc.key, loc.text);
    let RawPublishing {
        expires,
        corrections,
        aliases,
        sitemap,
        canonical,
        breaking,
    } = raw;
    let mut fail = |loc: Location, m: String| errors.push(Diagnostic::error(loc, m));
    let expires = expires.and_then(|e| {
        date::resolve(&e.0, tz)
            .map_err(|m| fail(at("expires"), m))
            .ok()
    });
    if let (Some(e), Some(d)) = (&expires, date)
        && e.timestamp() <= d.timestamp()
    {
        fail(at("expires"), "`expires` must be after `date`".to_string());
    }
    let corrections = corrections
        .into_iter()
        .filter_map(|c| correction(c, tz, date, loc, &mut fail))
        .collect();
    let (aliases, alias_at) = aliases
        .iter()
        .filter_map(|a| {
            let rel = a.trim().trim_start_matches('/');
            // The path becomes a file name and a `<meta refresh>` URL: no query,
            // fragment, quote or tag character has a place in it.
            let odd = |c: char| c.is_control() || "?#\"'<>".contains(c);
            if rel.is_empty() || !is_safe_url_path(rel) || rel.contains(odd) {
                fail(
                    find(a),
                    format!(
                        "alias `{}` must be a path inside the site, relative to its root, like `/old/path/` (no `?`, `#`, quotes, `<` or `>`)",
                        a.escape_debug()
                    ),
                );
                return None;
            }
            // A hidden name is the output's own (`.dateline`), or a deploy
            // checkout's kept entry (`.git`, `.well-known`), never a page's.
            if let Some(name) = rel.split('/').find(|n| n.starts_with('.')) {
                fail(
                    find(a),
                    format!("alias `{a}` cannot be in a hidden file or folder: `{name}` starts with `.`"),
                );
                return None;
            }
            if let Some((name, why)) = rel.split('/').find_map(|n| bad_file_name(n).map(|w| (n, w))) {
                fail(find(a), format!("alias `{a}` cannot be a file: `{name}` {why}"));
                return None;
            }
            Some((rel.to_string(), find(a)))
        })
        .unzip();
    // Written into pages, feeds and the hosts' redirect files as it is: the
    // URL parser would forgive spaces, line breaks and quotes those cannot hold.
    let odd = |ch: char| ch.is_whitespace() || ch.is_control() || "\"'<>\\`$".contains(ch);
    if let Some(c) = &canonical
        && (!is_absolute_url(c) || c.contains(odd))
    {
        fail(
            at("canonical"),
            format!(
                "`canonical` must be an absolute http(s) URL without spaces, quotes, `<`, `>`, `\\` or `$`, not `{}`",
                c.escape_debug()
            ),
        );
    }
    let breaking = breaking.and_then(|b| banner(b, date, tz, at("breaking"), &mut fail));
    Publishing {
        expires,
        corrections,
        aliases,
        alias_at,
        in_sitemap: sitemap.unwrap_or(true),
        canonical,
        breaking,
    }
}

/// The banner, if its text is there and its end comes after the article's
/// date (else it would never show).
fn banner(
    b: RawBreaking,
    date: Option<&ZonedDateTime>,
    tz: &TimeZone,
    at: Location,
    fail: &mut impl FnMut(Location, String),
) -> Option<Breaking> {
    let text = b.text.trim().to_string();
    if text.is_empty() {
        fail(
            at.clone(),
            "`breaking.text` is empty: write the line the banner shows".into(),
        );
    }
    let Some(until) = b.until else {
        fail(
            at.clone(),
            "`breaking.until` is missing: when does the banner come down?".into(),
        );
        return None;
    };
    let until =
        date::resolve(&until.0, tz).map_err(|m| fail(at.clone(), format!("`breaking.until`: {m}")));
    let until = until.ok()?;
    if let Some(d) = date
        && until.timestamp() <= d.timestamp()
    {
        fail(at.clone(), "`breaking.until` must be after `date`".into());
        return None;
    }
    (!text.is_empty()).then_some(Breaking { text, until, at })
}

/// One correction; both its date and its type are checked, so one run
/// reports both.
fn correction(
    c: RawCorrection,
    tz: &TimeZone,
    published: Option<&ZonedDateTime>,
    loc: &Locate<'_>,
    fail: &mut impl FnMut(Location, String),
) -> Option<Correction> {
    let at = (loc.text)(&c.date.0);
    let date = date::resolve(&c.date.0, tz);
    let date = date.map_err(|m| fail(at.clone(), format!("correction: {m}")));
    if let (Ok(d), Some(p)) = (&date, published)
        && d.timestamp() < p.timestamp()
    {
        // Its date would also become the article's last change, before its first.
        let m = format!("a correction dated {d} is before the article's `date` ({p})");
        fail(at.clone(), m);
    }
    if c.text.trim().is_empty() {
        fail(
            at,
            "a correction needs its `text`: what was wrong and what is right".into(),
        );
    }
    let kind = match c.kind.as_deref().map(str::trim) {
        // A CMS writes an optional field left empty as `""`.
        None | Some("") => Ok(CorrectionKind::Correction),
        Some(k) => CorrectionKind::parse(k).map_err(|m| fail((loc.value)(k), m)),
    };
    Some(Correction {
        date: date.ok()?,
        text: c.text.trim().to_string(),
        kind: kind.ok()?,
    })
}

pub(crate) fn is_absolute_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correction_types_by_name_with_a_hint_for_near_misses() {
        for k in CorrectionKind::ALL {
            assert_eq!(CorrectionKind::parse(k.name()), Ok(k));
        }
        assert_eq!(CorrectionKind::EditorsNote.label(), "Editor's note");
        let e = CorrectionKind::parse("Editor's note").unwrap_err();
        assert!(e.ends_with("did you mean `editors-note`?"), "{e}");
        let e = CorrectionKind::parse("retraction").unwrap_err();
        assert!(!e.contains("did you mean"), "{e}");
    }
}
