//! Errors and diagnostics.
//!
//! Content problems are collected as [`Diagnostic`]s (every problem of a build
//! in one run), each with a [`Location`] printed as `path:line:col: message`.
//! Everything else (I/O, bad command-line values) is an [`Error`] variant.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file, and the line and column when they are known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file, as shown in messages.
    pub path: PathBuf,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub col: usize,
}

impl Location {
    pub(crate) fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            col: 0,
        }
    }

    pub(crate) fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        Ok(())
    }
}

/// Whether a problem fails the build.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Fails the build (or `check`).
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Whether it fails the build.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, printed after the location and severity.
    pub message: String,
    /// The machine's fault rather than the site's (a folder the build may
    /// not read): the command then exits with code 2, not 1.
    pub environment: bool,
}

impl Diagnostic {
    pub(crate) fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            environment: false,
        }
    }

    pub(crate) fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            environment: false,
        }
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}: {}", self.location, self.message)
    }
}

/// Diagnostics of one build, kept in a stable order (file, line, column).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file, line and column, duplicates removed.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.0.dedup();
        self.0
    }

    /// Turns collected errors into `Err`, keeping warnings otherwise.
    pub(crate) fn check(self) -> Result<Diagnostics, Error> {
        if self.has_errors() {
            Err(Error::Content(self.into_sorted()))
        } else {
            Ok(self)
        }
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's content, config or templates.
    #[error("{} found", plural(.0.iter().filter(|d| d.is_error()).count(), "error"))]
    Content(Vec<Diagnostic>),
    /// `check --strict` found this many warnings (printed already).
    #[error("{} found, and --strict fails on warnings", plural(*.0, "warning"))]
    Strict(usize),
    /// A file or folder that could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A command-line value or environment setting that cannot be used.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Exit code: 1 for content errors, 2 for usage and environment errors
    /// (among them a folder of the site that cannot be read).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(ds) if ds.iter().any(|d| d.is_error() && d.environment) => 2,
            Error::Content(_) | Error::Strict(_) => 1,
            Error::Io { .. } | Error::Usage(_) => 2,
        }
    }
}

/// `n` and `word`, with an `s` unless `n` is 1: `1 error`, `3 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    // Every article's body start is located: count lines at memchr speed.
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A result whose error is an [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé\nx";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 7), (3, 1));
    }

    #[test]
    fn location_omits_unknown_position() {
        assert_eq!(Location::file("a.md").to_string(), "a.md");
        assert_eq!(Location::at("a.md", 3, 4).to_string(), "a.md:3:4");
    }
}
