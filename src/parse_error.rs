//! Turns TOML and YAML parse errors into located diagnostics, with a
//! "did you mean" hint for misspelt keys.

use std::path::Path;

use crate::error::{Diagnostic, Location, line_col};

/// `offset` is the byte position of the parsed text inside the whole file
/// (after the front-matter fence), so positions point into the real file.
pub(crate) fn toml(path: &Path, file_text: &str, offset: usize, e: &toml::de::Error) -> Diagnostic {
    let location = match e.span() {
        Some(span) => {
            let (line, col) = line_col(file_text, offset + span.start);
            Location::at(path, line, col)
        }
        None => Location::at(path, 1, 1),
    };
    Diagnostic::error(location, with_hint(e.message().trim()))
}

/// `first_line` is the 1-based file line of the YAML text's first line.
pub(crate) fn yaml(path: &Path, first_line: usize, e: &serde_saphyr::Error) -> Diagnostic {
    let location = match e.location() {
        Some(l) if l.line() > 0 => Location::at(
            path,
            first_line + l.line() as usize - 1,
            l.column().max(1) as usize,
        ),
        _ => Location::at(path, 1, 1),
    };
    Diagnostic::error(location, with_hint(&yaml_message(e)))
}

fn yaml_message(e: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = e.without_snippet().render_with_options(options);
    // The location is ours to print; drop the library's own suffix.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Adds "did you mean `x`?" to serde's unknown-field message.
pub(crate) fn with_hint(message: &str) -> String {
    match unknown_field_hint(message) {
        Some(hint) => {
            let field = message.split(',').next().unwrap_or(message);
            format!("{field}; did you mean `{hint}`?")
        }
        None => message.to_string(),
    }
}

fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let keys = expected
        .split([',', ' '])
        .map(|k| k.trim_matches('`'))
        .filter(|k| !k.is_empty() && *k != "or");
    crate::suggest::nearest(field, keys, 0.8).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_picks_the_closest_key() {
        let m = "unknown field `categroy`, expected one of `title`, `category`, `tags`";
        assert_eq!(unknown_field_hint(m).as_deref(), Some("category"));
        let far = "unknown field `zzz`, expected one of `title`, `category`";
        assert_eq!(unknown_field_hint(far), None);
        let yaml = "unknown field `categroy`, expected one of title, category, tags";
        assert_eq!(unknown_field_hint(yaml).as_deref(), Some("category"));
    }
}
