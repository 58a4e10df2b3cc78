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
        let mut out = format!("{}: {label}: {}", d.location, d.message);
        if let Some(line) = self.line(d) {
            let number = d.location.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_at: String = line
                .chars()
                .take(d.location.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n {number} | {line}\n {pad} | {caret_at}^"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

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
