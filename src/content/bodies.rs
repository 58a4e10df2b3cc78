//! What the build cache keeps of each article file: its body converted to
//! HTML and its terms, four fifths of the cost of parsing it. A file is
//! found again by the BLAKE3 digest of its bytes and its path (messages
//! name it), so a kept body is the one converting the file again would give
//! (an author cannot make two texts share a digest, as with a fast
//! non-cryptographic hash); the front matter, which the configuration
//! reads, is parsed on every build.
//!
//! The bodies are spread over [`BUCKETS`] files by their digest, so a build
//! that changes one article writes two of them, not the whole archive.
//! Each file holds what the last build that wrote it used, and is trusted
//! only when its checksum holds and this very dateline wrote it.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Diagnostic, Location};
use crate::markdown::Converted;
use crate::site::related::Terms;

/// The folder of the kept bodies, beside the output folder (by the page
/// cache), or `bodies/` inside `--cache-dir`; each site's in a folder of its own.
pub(crate) const DIR: &str = ".dateline-cache/bodies";

/// How many files hold the bodies: at 100,000 articles, about 10 MB each.
const BUCKETS: usize = 64;
const _: () = assert!(BUCKETS == 1 << (128 - 122), "bucket() takes the top 6 bits");

/// The first bytes of a bucket file; the digit is the format's version.
const MAGIC: &[u8; 8] = b"dlbody1\0";

/// How many articles' bodies a build converted, and how many it took
/// from the build cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BodyStats {
    /// Articles whose Markdown was converted (new or changed files, live blogs).
    pub converted: usize,
    /// Articles whose body was the one kept for the same file.
    pub kept: usize,
}

/// An article's body as converted, and its terms.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Body {
    pub(crate) converted: Arc<Converted>,
    pub(crate) terms: Terms,
}

/// An article's body as this build has it, to keep: under its key, and
/// whether it was taken from the cache.
pub(crate) struct KeptBody {
    pub(crate) key: u128,
    pub(crate) body: Body,
    pub(crate) taken: bool,
}

/// A file's two digests, the first 128 bits of BLAKE3 each: that of its
/// bytes alone, which its converted body is a function of (pages digest
/// the body by it), and the key its body is kept under, which goes on over
/// its path (messages name it) and the path's length.
pub(crate) fn digests(path: &Path, bytes: &[u8]) -> (u128, u128) {
    let mut h = blake3::Hasher::new();
    h.update(bytes);
    let text = first_128(&h.finalize());
    let path = path.as_os_str().as_encoded_bytes();
    h.update(path);
    h.update(&(path.len() as u64).to_le_bytes());
    (text, first_128(&h.finalize()))
}

fn first_128(digest: &blake3::Hash) -> u128 {
    let first: [u8; 16] = digest.as_bytes()[..16].try_into().unwrap_or_default();
    u128::from_le_bytes(first)
}

fn bucket(key: u128) -> usize {
    // The top 6 bits: 0 to 63.
    (key >> 122) as usize
}

/// The bodies the last builds kept, by key.
pub(crate) struct Bodies {
    dir: PathBuf,
    /// Each bucket's bodies, as read (empty when its file was missing or
    /// not usable).
    buckets: Vec<HashMap<u128, Body>>,
    /// The buckets whose file is there but not usable: written anew (or
    /// removed) whatever this build keeps in them.
    unusable: Vec<bool>,
}

impl Bodies {
    /// Reads every bucket of `dir`, in parallel; a damaged one is a warning
    /// and counts as empty.
    pub(crate) fn open(dir: PathBuf, warnings: &mut Vec<Diagnostic>) -> Bodies {
        let read: Vec<_> = (0..BUCKETS)
            .into_par_iter()
            .map(|b| read_bucket(&bucket_file(&dir, b)))
            .collect();
        let mut buckets = Vec::with_capacity(BUCKETS);
        let mut unusable = Vec::with_capacity(BUCKETS);
        for (found, warning) in read {
            buckets.push(found);
            unusable.push(warning.is_some());
            warnings.extend(warning);
        }
        Bodies {
            dir,
            buckets,
            unusable,
        }
    }

    pub(crate) fn get(&self, key: u128) -> Option<&Body> {
        self.buckets[bucket(key)].get(&key)
    }

    /// Keeps the bodies this build `used`, rewriting only the buckets whose
    /// set of bodies changed or whose file was not usable (and removing
    /// those left empty).
    pub(crate) fn save(&self, used: Vec<(u128, Body)>, warnings: &mut Vec<Diagnostic>) {
        let mut by_bucket: Vec<Vec<(u128, Body)>> = vec![Vec::new(); BUCKETS];
        for (k, body) in used {
            by_bucket[bucket(k)].push((k, body));
        }
        let failed: Vec<Diagnostic> = by_bucket
            .into_par_iter()
            .enumerate()
            .filter_map(|(b, bodies)| self.save_bucket(b, bodies).err())
            .collect();
        // One warning is enough: they all say the folder cannot be written.
        warnings.extend(failed.into_iter().next());
    }

    fn save_bucket(&self, b: usize, mut bodies: Vec<(u128, Body)>) -> Result<(), Diagnostic> {
        bodies.sort_by_key(|(k, _)| *k);
        bodies.dedup_by_key(|(k, _)| *k);
        let old = &self.buckets[b];
        let kept = |keys: &[u128]| {
            !self.unusable[b] && keys.len() == old.len() && keys.iter().all(|k| old.contains_key(k))
        };
        if kept(&bodies.iter().map(|e| e.0).collect::<Vec<_>>()) {
            return Ok(());
        }
        // One that cannot be written (a path that is not UTF-8) is left out alone.
        let encoded: Vec<(u128, Vec<u8>)> = bodies
            .iter()
            .filter_map(|e| Some((e.0, postcard::to_allocvec(e).ok()?)))
            .collect();
        if kept(&encoded.iter().map(|e| e.0).collect::<Vec<_>>()) {
            return Ok(());
        }
        let file = bucket_file(&self.dir, b);
        write_bucket(&file, &encoded).map_err(|e| unsaved(&file, &e))
    }
}

fn bucket_file(dir: &Path, b: usize) -> PathBuf {
    dir.join(format!("{b:02x}.bin"))
}

/// A bucket's bodies; none, silently, when it is missing or was written by
/// another dateline (the page cache says so once); none with a warning when
/// it is damaged.
fn read_bucket(path: &Path) -> (HashMap<u128, Body>, Option<Diagnostic>) {
    let bytes = match crate::cache::read_file(path) {
        Ok(b) => b,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return (HashMap::new(), None);
        }
        Err(e) => {
            return (
                HashMap::new(),
                Some(warn(path, &format!("cannot be read ({e})"))),
            );
        }
    };
    match decode(&bytes) {
        Ok(found) => (found, None),
        Err(why) => (HashMap::new(), Some(warn(path, why))),
    }
}

fn decode(bytes: &[u8]) -> Result<HashMap<u128, Body>, &'static str> {
    let damaged = "is damaged";
    let rest = bytes.strip_prefix(MAGIC).ok_or("is not a dateline cache")?;
    let (head, rest) = rest.split_at_checked(16).ok_or(damaged)?;
    let (mut body, sum) = rest
        .split_at_checked(rest.len().saturating_sub(8))
        .ok_or(damaged)?;
    if sum != xxh3_64(body).to_le_bytes() {
        return Err(damaged);
    }
    if head != crate::cache::program().to_le_bytes() {
        return Ok(HashMap::new());
    }
    let mut found = HashMap::new();
    while !body.is_empty() {
        let (entry, rest): ((u128, Body), _) =
            postcard::take_from_bytes(body).map_err(|_| damaged)?;
        found.insert(entry.0, entry.1);
        body = rest;
    }
    Ok(found)
}

/// Writes the `encoded` bodies one after another, through a temporary file;
/// an empty bucket's file is removed.
fn write_bucket(path: &Path, encoded: &[(u128, Vec<u8>)]) -> std::io::Result<()> {
    if encoded.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let size: usize = encoded.iter().map(|(_, e)| e.len()).sum();
    let mut bytes = Vec::with_capacity(size + 32);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&crate::cache::program().to_le_bytes());
    let start = bytes.len();
    encoded.iter().for_each(|(_, e)| bytes.extend_from_slice(e));
    let sum = xxh3_64(&bytes[start..]);
    bytes.extend_from_slice(&sum.to_le_bytes());
    crate::cache::replace_file(path, &bytes)
}

fn warn(path: &Path, why: &str) -> Diagnostic {
    let message = format!("the build cache {why}; its articles are converted anew");
    Diagnostic::warning(Location::file(path), message)
}

fn unsaved(path: &Path, e: &std::io::Error) -> Diagnostic {
    let message =
        format!("the build cache cannot be written ({e}); articles are converted anew next time");
    Diagnostic::warning(Location::file(path), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body with every part a conversion makes reads back the same.
    #[test]
    fn a_kept_body_reads_back_as_converted() {
        let text = "Intro with a [link](@/world/a.md#map) and a [bad one](javascript:x).\n\n\
            ## A heading {#facts}\n\nText[^1] and <span>raw HTML</span>.\n\n\
            Also read: [](@/world/b.md), [Elsewhere](https://example.org/)\n\n\
            {{ youtube(id=\"dQw4w9WgXcQ\", title=\"Ferries\", start=30) }}\n\n\
            {{ chart(scale=1.5, live=true) }}\n\n\
            {% factbox(title=\"Key facts\") %}\n- One\n- Two\n{% end %}\n\n\
            [^1]: A note.\n";
        let source = crate::markdown::Source {
            path: Path::new("content/world/x.md"),
            body: text,
            first_line: 5,
        };
        let body = Body {
            converted: Arc::new(crate::markdown::convert(&source)),
            terms: Terms::count("A title", Some("A summary"), text),
        };
        let c = &body.converted;
        assert!(!c.links.is_empty() && !c.boxes.is_empty() && c.components.len() == 3);
        assert!(!c.headings.is_empty() && !c.errors.is_empty());
        let bytes = postcard::to_allocvec(&(7u128, &body)).unwrap();
        let (back, rest): ((u128, Body), _) = postcard::take_from_bytes(&bytes).unwrap();
        assert!(rest.is_empty());
        assert_eq!(back.0, 7);
        assert_eq!(format!("{:?}", back.1), format!("{body:?}"));
    }

    #[test]
    fn keys_tell_paths_and_bytes_apart() {
        let k = |p: &str, b: &[u8]| digests(Path::new(p), b).1;
        assert_eq!(k("a.md", b"x"), k("a.md", b"x"));
        assert_ne!(k("a.md", b"x"), k("b.md", b"x"));
        assert_ne!(k("a.md", b"x"), k("a.md", b"y"));
        // The path's length is read last: no path and text run together.
        assert_ne!(k("b.md", b"a"), k(".md", b"ab"));
        // The text's own digest leaves the path out.
        let text = |p: &str, b: &[u8]| digests(Path::new(p), b).0;
        assert_eq!(text("a.md", b"x"), text("./a.md", b"x"));
        assert_ne!(text("a.md", b"x"), text("a.md", b"y"));
        assert_ne!(text("a.md", b"x"), k("a.md", b"x"));
    }
}
