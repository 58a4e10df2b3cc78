//! What a long-running `dateline serve` keeps between builds, so that a
//! rebuild after one saved file redoes only what that file changed:
//!
//! - parsed files, by path, while their size and modification time stay;
//! - rendered Markdown, by article, while its body and every article's URL
//!   and title (which its links may show) stay;
//! - each article's term counts for related articles, while its text stays.
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
    pub(crate) files: HashMap<PathBuf, (Stamp, Result<Parsed, Vec<Diagnostic>>)>,
    pub(crate) markdown: HashMap<String, (u64, Rendered)>,
    pub(crate) terms: HashMap<String, (u64, Vec<(u64, f32)>)>,
}

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
