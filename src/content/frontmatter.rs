//! Splitting a content file into front matter and body.
//!
//! `+++` fences hold TOML, `---` fences YAML (as in Zola and Hugo). A UTF-8
//! BOM and CRLF line endings are accepted.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::text::forbidden;
use crate::error::{Diagnostic, Location, line_col};
use crate::parse_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Toml,
    Yaml,
}

/// A file split at its fences; offsets are byte positions in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub(crate) format: Format,
    pub(crate) front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub(crate) fm_offset: usize,
    pub(crate) body: &'a str,
    /// Byte offset of `body` in the file.
    pub(crate) body_offset: usize,
}

/// Splits `text` at its `+++` (TOML) or `---` (YAML) fences; `path` is only
/// used in messages.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let fence = text[start..first_line_end].trim_end();
    let format = match fence {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Err(Diagnostic::error(
                Location::at(path, 1, 1),
                "missing front matter: the file must start with `+++` (TOML) or `---` (YAML)",
            ));
        }
    };
    let fm_offset = (first_line_end + 1).min(text.len());
    let (fm_end, body_offset) = closing_fence(&text[fm_offset..], fence).ok_or_else(|| {
        Diagnostic::error(
            Location::at(path, 1, 1),
            format!("front matter opened with `{fence}` is never closed"),
        )
    })?;
    Ok(Split {
        format,
        front_matter: &text[fm_offset..fm_offset + fm_end],
        fm_offset,
        body: &text[fm_offset + body_offset..],
        body_offset: fm_offset + body_offset,
    })
}

/// Finds a line that is exactly `fence`; returns (end of front matter, start of body).
fn closing_fence(rest: &str, fence: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == fence {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// Deserializes the front matter, reporting errors at their place in the
/// file; strings lose the characters no published file may hold, which an
/// escape (`\u000e`, `\v`) can write after the reading step dropped raw ones.
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    let parsed = parse_as_written(path, file_text, split)?;
    let Some(clean) = cleaned(split) else {
        return Ok(parsed);
    };
    let redone = match clean {
        Value::Toml(t) => t.try_into().map_err(|e: toml::de::Error| e.to_string()),
        Value::Yaml(j) => serde_json::from_value(j).map_err(|e| e.to_string()),
    };
    let at = || Location::at(path, line_col(file_text, split.fm_offset).0, 1);
    redone.map_err(|m| Diagnostic::error(at(), m))
}

/// A front matter as a tree of values.
enum Value {
    Toml(toml::Table),
    Yaml(serde_json::Value),
}

/// The front matter without forbidden characters in its strings, when
/// escapes put some there (only a front matter with a `\` can).
fn cleaned(split: &Split<'_>) -> Option<Value> {
    if !split.front_matter.contains('\\') {
        return None;
    }
    let mut changed = false;
    let value = match split.format {
        Format::Toml => {
            let mut t = toml::Value::Table(toml::from_str(split.front_matter).ok()?);
            clean_toml(&mut t, &mut changed);
            let toml::Value::Table(t) = t else {
                return None;
            };
            Value::Toml(t)
        }
        Format::Yaml => {
            let mut j: serde_json::Value = serde_saphyr::from_str(split.front_matter).ok()?;
            clean_json(&mut j, &mut changed);
            Value::Yaml(j)
        }
    };
    changed.then_some(value)
}

fn clean_string(s: &mut String, changed: &mut bool) {
    if s.chars().any(forbidden) {
        s.retain(|c| !forbidden(c));
        *changed = true;
    }
}

fn clean_toml(v: &mut toml::Value, changed: &mut bool) {
    match v {
        toml::Value::String(s) => clean_string(s, changed),
        toml::Value::Array(a) => a.iter_mut().for_each(|v| clean_toml(v, changed)),
        // Keys too: a template may print `[extra]`'s keys.
        toml::Value::Table(t) => {
            *t = std::mem::take(t)
                .into_iter()
                .map(|(mut k, mut v)| {
                    clean_string(&mut k, changed);
                    clean_toml(&mut v, changed);
                    (k, v)
                })
                .collect();
        }
        _ => {}
    }
}

fn clean_json(v: &mut serde_json::Value, changed: &mut bool) {
    match v {
        serde_json::Value::String(s) => clean_string(s, changed),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|v| clean_json(v, changed)),
        serde_json::Value::Object(o) => {
            *o = std::mem::take(o)
                .into_iter()
                .map(|(mut k, mut v)| {
                    clean_string(&mut k, changed);
                    clean_json(&mut v, changed);
                    (k, v)
                })
                .collect();
        }
        _ => {}
    }
}

/// A warning at each escape that writes a forbidden character, as the
/// reading step gives for a raw one.
pub(crate) fn escape_warnings(path: &Path, file_text: &str, split: &Split<'_>) -> Vec<Diagnostic> {
    if cleaned(split).is_none() {
        return Vec::new();
    }
    forbidden_escapes(split.front_matter)
        .into_iter()
        .map(|(k, c)| {
            let (line, col) = line_col(file_text, split.fm_offset + k);
            Diagnostic::warning(
                Location::at(path, line, col),
                format!(
                    "removed the control character U+{:04X} this escape writes, which web pages and feeds may not contain",
                    u32::from(c)
                ),
            )
        })
        .collect()
}

/// Where escapes in `text` write a forbidden character, and which.
pub(crate) fn forbidden_escapes(text: &str) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(k) = text[i..].find('\\').map(|k| i + k) {
        let rest = &text[k + 1..];
        let (len, c) = escape(rest);
        if let Some(c) = c.filter(|c| forbidden(*c)) {
            found.push((k, c));
        }
        // A recognised escape is ASCII; anything else steps one character,
        // so the next search starts on a character boundary.
        let step = match c {
            Some(_) => len,
            None => rest.chars().next().map_or(0, char::len_utf8),
        };
        i = k + 1 + step;
    }
    found
}

/// Whether any string in a TOML table holds a forbidden character.
pub(crate) fn toml_has_forbidden(t: &toml::Table) -> bool {
    fn any(v: &toml::Value) -> bool {
        match v {
            toml::Value::String(s) => s.chars().any(forbidden),
            toml::Value::Array(a) => a.iter().any(any),
            toml::Value::Table(t) => table(t),
            _ => false,
        }
    }
    // Keys too: templates may print `[extra]`'s.
    fn table(t: &toml::Table) -> bool {
        t.iter().any(|(k, v)| k.chars().any(forbidden) || any(v))
    }
    table(t)
}

/// The character an escape after a `\` writes (TOML and YAML forms), and
/// how many bytes it takes.
fn escape(rest: &str) -> (usize, Option<char>) {
    let hex = |n: usize| {
        let digits = rest.get(1..1 + n)?;
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    match rest.chars().next() {
        Some('x') => (3, hex(2)),
        Some('u') => (5, hex(4)),
        Some('U') => (9, hex(8)),
        Some('0') => (1, Some('\0')),
        Some('a') => (1, Some('\u{7}')),
        Some('b') => (1, Some('\u{8}')),
        Some('v') => (1, Some('\u{B}')),
        Some('f') => (1, Some('\u{C}')),
        Some('e') => (1, Some('\u{1B}')),
        Some('N') => (1, Some('\u{85}')),
        Some(c) => (c.len_utf8(), None),
        None => (0, None),
    }
}

fn parse_as_written<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    match split.format {
        Format::Toml => toml::from_str(split.front_matter)
            .map_err(|e| parse_error::toml(path, file_text, split.fm_offset, &e)),
        Format::Yaml => {
            let first_line = file_text[..split.fm_offset].matches('\n').count() + 1;
            let yaml = if split.front_matter.trim().is_empty() {
                "{}"
            } else {
                split.front_matter
            };
            serde_saphyr::from_str(yaml).map_err(|e| parse_error::yaml(path, first_line, &e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let s = split(Path::new("a.md"), "+++\ntitle = \"x\"\n+++\nBody\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front_matter, "title = \"x\"\n");
        assert_eq!(s.body, "Body\n");
        let s = split(Path::new("a.md"), "\u{feff}---\r\ntitle: x\r\n---\r\nBody").unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.front_matter, "title: x\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn unclosed_and_missing_fences_are_errors() {
        assert!(split(Path::new("a.md"), "+++\ntitle = 1\n").is_err());
        assert!(split(Path::new("a.md"), "# Just markdown\n").is_err());
        assert!(split(Path::new("a.md"), "").is_err());
    }

    /// A raw vertical tab was dropped when the file was read, but the
    /// escape `\u000b` wrote one after that and broke every feed.
    #[test]
    fn escapes_of_forbidden_characters_are_dropped_and_located() {
        #[derive(serde::Deserialize)]
        struct Fm {
            title: String,
            tags: Vec<String>,
        }
        let path = Path::new("a.md");
        for (text, line, col) in [
            (
                "+++\ntitle = \"A\\u000bB\"\ntags = ['lit\\v', \"x\\b\"]\n+++\n",
                2,
                11,
            ),
            (
                "---\ntitle: \"A\\vB\"\ntags: [lit\\v, \"x\\b\"]\n---\n",
                2,
                10,
            ),
        ] {
            let sp = split(path, text).unwrap();
            let fm: Fm = parse(path, text, &sp).unwrap();
            assert_eq!(fm.title, "AB");
            assert_eq!(fm.tags, ["lit\\v", "x"], "a literal backslash stays");
            let w = escape_warnings(path, text, &sp);
            let at: Vec<(usize, usize)> = w
                .iter()
                .map(|d| (d.location.line, d.location.col))
                .collect();
            assert_eq!(at[0], (line, col), "{text}");
            assert!(
                w.iter()
                    .all(|d| d.severity == crate::error::Severity::Warning)
            );
        }
        // A `\\x` that is no escape (a literal string) before a wide character.
        let wide = "+++\ntitle = \"A\\u000bB\"\ntags = ['\\xa€']\n+++\n";
        let sp = split(path, wide).unwrap();
        assert_eq!(escape_warnings(path, wide, &sp).len(), 1);
        let plain = "+++\ntitle = \"C:\\\\new\"\ntags = []\n+++\n";
        let sp = split(path, plain).unwrap();
        let fm: Fm = parse(path, plain, &sp).unwrap();
        assert_eq!(fm.title, "C:\\new");
        assert!(escape_warnings(path, plain, &sp).is_empty());
    }
}
