//! The build cache: what the last build drew each page from (the digest of
//! its variables, the function calls its templates made and their answers)
//! and the stamp of the file it wrote. A page whose inputs are the same again
//! is linked from the previous output instead of drawn, so the output is the
//! cold build's, byte for byte (see `render::record`).
//!
//! One file per output folder under `.dateline-cache/pages/` beside it, written after
//! the output was swapped in, through a temporary file and a rename. It is
//! only trusted when its header and checksum hold and it was written by this
//! very build of dateline with the same configuration, templates and output
//! folder; anything else is a cold build (with a warning when the file is
//! damaged or from another dateline). Safe to delete.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::error::{Diagnostic, Location};
use crate::output::Stamp;
use crate::render::Plan;
use crate::render::record::Call;

/// The folder of page caches, beside the output folder (so in the site's
/// folder, by the image cache, for the default `public/`).
pub(crate) const DIR: &str = ".dateline-cache/pages";

/// The first bytes of a cache file; the digit is the format's version.
const MAGIC: &[u8; 8] = b"dlpages5";

/// What must be the same for a cache to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    /// This build of dateline: its version and executable.
    pub(crate) program: u128,
    /// The site's folder.
    pub(crate) root: u128,
    /// The configuration, the templates and the output folder.
    pub(crate) site: u128,
}

/// The previous build's record of every page it drew.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Stored {
    /// Each distinct function call, with the digest of its answer.
    pub(crate) calls: Vec<Call>,
    pub(crate) pages: Vec<Page>,
}

/// One page of the previous build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Page {
    /// Its path under the output folder.
    pub(crate) path: String,
    /// The digest of its template and variables.
    pub(crate) inputs: u128,
    /// The calls its templates made, as indexes into [`Stored::calls`].
    pub(crate) calls: Vec<u32>,
    /// The file as that build left it, and the xxh3 hash of its bytes.
    pub(crate) stamp: Stamp,
    pub(crate) hash: u64,
}

/// A previous build's record, found by page path.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    pub(crate) stored: Stored,
    by_path: HashMap<String, usize>,
}

impl Previous {
    fn new(stored: Stored) -> Previous {
        let by_path = stored.pages.iter().enumerate();
        let by_path = by_path.map(|(i, p)| (p.path.clone(), i)).collect();
        Previous { stored, by_path }
    }

    pub(crate) fn page(&self, path: &str) -> Option<&Page> {
        self.by_path.get(path).map(|&i| &self.stored.pages[i])
    }
}

/// What a build learned of one page it made.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) inputs: u128,
    /// The calls its templates made, as indexes into this build's [`Table`].
    pub(crate) calls: Vec<u32>,
    /// The xxh3 hash of the page's bytes.
    pub(crate) hash: u64,
}

/// A build's page cache: what it must match, and where it lives. Both
/// depend on the output folder's real path, taken again once the build has
/// made the folder, so that the next build finds what this one wrote.
pub(crate) struct Memo {
    /// The digest of the configuration and the templates.
    inputs: u128,
    root: u128,
    output: PathBuf,
    dir: Option<PathBuf>,
}

impl Memo {
    pub(crate) fn new(inputs: u128, root: &Path, output: &Path, dir: Option<PathBuf>) -> Memo {
        let root = crate::output::absolute(root);
        Memo {
            inputs,
            root: xxh3_128(root.as_os_str().as_encoded_bytes()),
            output: output.to_path_buf(),
            dir,
        }
    }

    /// The cache file, and the key it must hold, as the paths stand now.
    fn place(&self) -> (PathBuf, Key) {
        // Through its longest existing part: a first build's output is not there yet.
        let out = crate::output::absolute(&self.output);
        let out = out.as_os_str().as_encoded_bytes();
        let name = format!("{}.bin", path_name(&self.output));
        let beside = || crate::output::place::parent_of(&self.output).join(DIR);
        let file = self.dir.clone().unwrap_or_else(beside).join(name);
        let mut h = Xxh3::new();
        h.update(&self.inputs.to_le_bytes());
        h.update(out);
        let key = Key {
            program: program(),
            root: self.root,
            site: h.digest128(),
        };
        (file, key)
    }

    /// The previous build's record, if usable; a warning says why not.
    pub(crate) fn open(&self, warnings: &mut Vec<Diagnostic>) -> Option<Previous> {
        let (file, key) = self.place();
        let (previous, warning) = open(&file, key);
        warnings.extend(warning);
        previous
    }

    /// Records what `plan` drew, once its files are in the output folder.
    pub(crate) fn save(&self, plan: &Plan, warnings: &mut Vec<Diagnostic>) {
        let (file, key) = self.place();
        let saved = save(&file, key, plan.calls(), plan.records());
        warnings.extend(saved.err());
    }
}

/// The name of a folder's cache (an output folder's record, a site's
/// bodies): the hash of its absolute path, made through its longest
/// existing part (a first build's output is not there yet).
pub(crate) fn path_name(folder: &Path) -> String {
    let absolute = crate::output::absolute(folder);
    format!("{:016x}", xxh3_64(absolute.as_os_str().as_encoded_bytes()))
}

/// This program's part of the key: a changed dateline may draw differently.
/// The executable's size and time stand for its bytes (a rebuilt or
/// reinstalled one has a new time), as reading it whole would cost more
/// than the cache saves on a small site.
pub(crate) fn program() -> u128 {
    static PROGRAM: OnceLock<u128> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::env::current_exe().ok();
        let stamp = exe.as_deref().and_then(Stamp::of);
        h.update(format!("{exe:?} {stamp:?}").as_bytes());
        h.digest128()
    })
}

/// Reads the cache at `path`: `None` without a usable one, with a warning
/// when one is there but damaged, made by another dateline or for another
/// site; silently for another configuration, templates or output folder.
pub(crate) fn open(path: &Path, key: Key) -> (Option<Previous>, Option<Diagnostic>) {
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return (None, None);
        }
        Err(e) => return (None, Some(warn(path, &format!("cannot be read ({e})")))),
    };
    match decode(&bytes, key) {
        Ok(found) => (found.map(Previous::new), None),
        Err(why) => (None, Some(warn(path, why))),
    }
}

/// Reads a cache file, refusing anything but a file: opening a named pipe
/// put in its place would wait for a writer forever.
pub(crate) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

fn warn(path: &Path, why: &str) -> Diagnostic {
    let message = format!("the build cache {why}; every page is drawn anew");
    Diagnostic::warning(Location::file(path), message)
}

fn unsaved(path: &Path, e: &std::io::Error) -> Diagnostic {
    let message =
        format!("the build cache cannot be written ({e}); this build's pages are not recorded");
    Diagnostic::warning(Location::file(path), message)
}

/// The stored pages, `None` for a cache of another site or configuration.
fn decode(bytes: &[u8], key: Key) -> Result<Option<Stored>, &'static str> {
    let damaged = "is damaged";
    let rest = bytes.strip_prefix(MAGIC).ok_or("is not a dateline cache")?;
    let (head, rest) = rest.split_at_checked(48).ok_or(damaged)?;
    let (body, sum) = rest
        .split_at_checked(rest.len().saturating_sub(8))
        .ok_or(damaged)?;
    if sum != xxh3_64(body).to_le_bytes() {
        return Err(damaged);
    }
    let word = |i: usize| u128::from_le_bytes(head[i..i + 16].try_into().unwrap_or_default());
    if word(0) != key.program {
        return Err("was written by another build of dateline");
    }
    if word(16) != key.root {
        return Err("was written for another site");
    }
    if word(32) != key.site {
        return Ok(None);
    }
    postcard::from_bytes(body).map(Some).map_err(|_| damaged)
}

/// Writes what this build drew of `pages` (path, record, the stamp of the
/// file it placed) into `path`.
pub(crate) fn save(
    path: &Path,
    key: Key,
    calls: Vec<Call>,
    pages: Vec<(&str, &Record, Stamp)>,
) -> Result<(), Diagnostic> {
    let pages = pages.into_iter().map(|(rel, record, stamp)| Page {
        path: rel.to_string(),
        inputs: record.inputs,
        calls: record.calls.clone(),
        stamp,
        hash: record.hash,
    });
    let stored = Stored {
        calls,
        pages: pages.collect(),
    };
    write(path, key, &stored).map_err(|e| unsaved(path, &e))
}

/// The distinct function calls of one build, each given an index once.
#[derive(Default)]
pub(crate) struct Table {
    calls: Vec<Call>,
    index: HashMap<Vec<u8>, u32>,
    /// The index of each call of the previous build, once looked up.
    from_old: HashMap<u32, u32>,
}

impl Table {
    /// The indexes of `calls`, made when drawing a page.
    pub(crate) fn add(&mut self, calls: Vec<Call>) -> Vec<u32> {
        calls.into_iter().map(|c| self.index(c)).collect()
    }

    /// The indexes of calls `ks` of the previous build's `old` table, which
    /// answered the same in this build.
    pub(crate) fn carry(&mut self, old: &[Call], ks: &[u32]) -> Vec<u32> {
        let mut carried = Vec::with_capacity(ks.len());
        for &k in ks {
            let i = match self.from_old.get(&k) {
                Some(&i) => i,
                None => {
                    let Some(c) = old.get(k as usize) else {
                        continue;
                    };
                    let i = self.index(c.clone());
                    self.from_old.insert(k, i);
                    i
                }
            };
            carried.push(i);
        }
        carried
    }

    fn index(&mut self, c: Call) -> u32 {
        let id = postcard::to_allocvec(&c).unwrap_or_default();
        let next = self.calls.len() as u32;
        *self.index.entry(id).or_insert_with(|| {
            self.calls.push(c);
            next
        })
    }

    pub(crate) fn into_calls(self) -> Vec<Call> {
        self.calls
    }
}

fn write(path: &Path, key: Key, stored: &Stored) -> std::io::Result<()> {
    let body = postcard::to_allocvec(stored).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(body.len() + 64);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.program.to_le_bytes());
    bytes.extend_from_slice(&key.root.to_le_bytes());
    bytes.extend_from_slice(&key.site.to_le_bytes());
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    replace_file(path, &bytes)
}

/// Writes a cache file through a temporary file and a rename: a build
/// stopped while writing leaves the old file or none, never half. The
/// temporary name is this write's own, even for two builds in one process.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
