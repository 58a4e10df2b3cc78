//! Diagnostics as people read them: `path:line:col: error: message`, then
//! the offending source line with a caret under the column. Colour only
//! when asked for (a terminal without `NO_COLOR`).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Diagnostic, Severity};

/// Formats diagnostics, reading each file once for its source lines.
#[derive(Default)]
pub struct Reporter {
    color: bool,
    sources: HashMap<PathBuf, Option<String>>,
}

impl Reporter {
    /// A reporter; `color` paints the labels with ANSI escapes.
    pub fn new(color: bool) -> Self {
        Reporter {
            color,
            sources: HashMap::new(),
        }
    }

    /// `d` as the lines to print, without a final newline.
    pub fn format(&mut self, d: &Diagnostic) -> String {
        let (label, paint) = match d.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let label = if self.color {
            format!("{paint}{label}\x1b[0m")
        } else {
            label.to_string()
        };
        let head = visible(&format!("{}: ", d.location)) + &label + ": " + &visible(&d.message);
        let mut out = head;
        if let Some(line) = self.line(d) {
            let number = d.location.line.to_string();
            let pad = " ".repeat(number.len());
            let shown = visible(&line);
            let before: String = line
                .chars()
                .take(d.location.col.saturating_sub(1))
                .collect();
            let caret_at: String = visible(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n {number} | {shown}\n {pad} | {caret_at}^"));
        }
        out
    }

    fn line(&mut self, d: &Diagnostic) -> Option<String> {
        let l = d.location.line;
        if l == 0 {
            return None;
        }
        let text = self
            .sources
            .entry(d.location.path.clone())
            .or_insert_with(|| std::fs::read_to_string(&d.location.path).ok())
            .as_deref()?;
        let line = text.lines().nth(l - 1)?.trim_end_matches('\r');
        // Huge lines (minified HTML) are cut, not dumped.
        Some(line.chars().take(200).collect())
    }
}

/// `s` with control characters (but tab) written as `\u{1b}`: a file name,
/// message or source line could otherwise send escape sequences to the
/// terminal (retitle it, move the cursor, hide the text).
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    /// `\x1b]0;...\x07` in a line retitled the terminal that printed it.
    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "x\n\u{1b}]0;owned\u{7} bad = 1\n").unwrap();
        let d = Diagnostic::error(Location::at(&path, 2, 15), "bad \u{1b}[2J value");
        let text = Reporter::new(false).format(&d);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with("error: bad \\u{1b}[2J value"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[1], " 2 | \\u{1b}]0;owned\\u{7} bad = 1");
        // Under the space after `bad`: 14 characters before, 23 shown.
        assert_eq!(
            lines[2].find('^').unwrap() - 5,
            "\\u{1b}]0;owned\\u{7} bad".len()
        );
    }

    #[test]
    fn shows_the_line_and_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "+++\ntitle = \"x\n+++\n").unwrap();
        let d = Diagnostic::error(Location::at(&path, 2, 9), "invalid string");
        let text = Reporter::new(false).format(&d);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with("a.md:2:9: error: invalid string"));
        assert_eq!(lines[1], " 2 | title = \"x");
        assert_eq!(lines[2], "   |         ^");
    }
}
