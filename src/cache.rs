//! What a long-running `dateline serve` keeps between builds, so that a
//! rebuild after one saved file redoes only what that file changed:
//!
//! - parsed files, by path, while their size and modification time stay;
//! - rendered Markdown, by article, while its body and every article's URL
//!   and title (which its links may show) stay;
//! - each article's term counts for related articles, while its text stays,
//!   and the related lists, rescored only where a changed article can
//!   alter them.
//!
//! A one-off `build` uses a disabled cache: nothing is hashed or kept.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::PathBuf;
use std::time::SystemTime;

use rustc_hash::FxHasher;

use crate::content::Parsed;
use crate::error::Diagnostic;
use crate::markdown::Rendered;

#[derive(Default)]
pub struct Cache {
    enabled: bool,
    /// Files under `content/` (paths as in `SourceFile::rel_path`) that a
    /// watcher saw change since the last build; `None` when unknown.
    pub(crate) changed: Option<std::collections::HashSet<String>>,
    /// The content folders with their modification times, and the files found.
    pub(crate) discovery: Option<Discovery>,
    pub(crate) files: HashMap<PathBuf, (Stamp, Result<Parsed, Vec<Diagnostic>>)>,
    pub(crate) markdown: HashMap<String, (u64, Rendered)>,
    pub(crate) terms: HashMap<String, (u64, Vec<crate::site::related::Count>)>,
    /// The last related-articles computation, patched when one article changes.
    pub(crate) related: Option<crate::site::related::State>,
}

/// The content folders with their modification times, and the files in them.
pub type Discovery = (
    Vec<(PathBuf, Option<SystemTime>)>,
    Vec<crate::content::SourceFile>,
);

/// A file's size and modification time.
pub type Stamp = (u64, Option<SystemTime>);

impl Cache {
    pub fn enabled() -> Self {
        Cache {
            enabled: true,
            ..Cache::default()
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Tells the next build which content files changed, so it checks only
    /// those (`None`: check every file).
    pub fn set_changed(&mut self, changed: Option<std::collections::HashSet<String>>) {
        self.changed = changed;
    }
}

/// A fast, stable hash of some strings.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}
