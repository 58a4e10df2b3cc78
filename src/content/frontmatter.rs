//! Splitting a content file into front matter and body.
//!
//! `+++` fences hold TOML, `---` fences YAML (as in Zola and Hugo). A UTF-8
//! BOM and CRLF line endings are accepted.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Location};
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

/// Deserializes the front matter, reporting errors at their place in the file.
pub(crate) fn parse<T: DeserializeOwned>(
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
}
