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
//! only when its checksum holds and this very dateline wrote it. A file is
//! an index (each body but its HTML) and the HTML after it: a build reads
//! the index, and an article's HTML only to draw a page that shows it (see
//! [`HtmlAt`]), so the text of a large archive is never all in memory.

use std::collections::HashMap;
use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

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
const MAGIC: &[u8; 8] = b"dlbody2\0";

/// The magic, the program's key and the index's length.
const HEAD: usize = 8 + 16 + 8;

/// How many articles' bodies a build converted, and how many it took
/// from the build cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BodyStats {
    /// Articles whose Markdown was converted (new or changed files, live blogs).
    pub converted: usize,
    /// Articles whose body was the one kept for the same file.
    pub kept: usize,
}

/// An article's body as converted, and its terms. Kept, it has no HTML
/// (`Converted::html` is not serialized): [`HtmlAt`] says where that is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Body {
    pub(crate) converted: Arc<Converted>,
    pub(crate) terms: Terms,
}

/// An article's body as this build has it, to keep: under its key,
/// whether it was taken from the cache, and where its HTML is when not in
/// memory (kept, or spilled).
pub(crate) struct KeptBody {
    pub(crate) key: u128,
    pub(crate) body: Body,
    pub(crate) taken: bool,
    pub(crate) html: Option<HtmlAt>,
}

/// A file of kept bodies whose HTML a build reads: opened at the first read
/// and held (a build holds at most one handle per bucket). Whatever may
/// replace the file meanwhile (another build of the site), each HTML read
/// is checked against its checksum.
#[derive(Debug)]
pub(crate) struct Blobs {
    path: PathBuf,
    file: Mutex<Option<File>>,
    /// Whether some HTML did not read back as written.
    damaged: AtomicBool,
}

impl Blobs {
    fn new(path: &Path) -> Arc<Blobs> {
        Arc::new(Blobs {
            path: path.to_path_buf(),
            file: Mutex::new(None),
            damaged: AtomicBool::new(false),
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        let file = match &mut *file {
            Some(f) => f,
            none => none.insert(open_file(&self.path)?.0),
        };
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(buf)
    }

    /// Removes the file if some HTML in it did not read back (it was
    /// converted again), so that the next build writes it anew: the warning.
    pub(crate) fn remove_if_damaged(&self) -> Option<Diagnostic> {
        if !self.damaged.load(Ordering::Relaxed) {
            return None;
        }
        let _ = std::fs::remove_file(&self.path);
        let why = "held HTML that did not read back as written and is removed";
        Some(warn(&self.path, why))
    }
}

/// Where a kept body's HTML lies in its file, with the HTML's xxh3.
#[derive(Debug, Clone)]
pub(crate) struct HtmlAt {
    blobs: Arc<Blobs>,
    at: u64,
    len: u32,
    sum: u64,
}

impl HtmlAt {
    /// The HTML's length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The HTML, or `None` (its file then marked damaged) when the file
    /// no longer holds it as written.
    pub(crate) fn read(&self) -> Option<String> {
        let mut buf = vec![0; self.len()];
        let read = self.blobs.read(self.at, &mut buf).ok();
        let html = read
            .filter(|()| xxh3_64(&buf) == self.sum)
            .and_then(|()| String::from_utf8(buf).ok());
        if html.is_none() {
            self.blobs.damaged.store(true, Ordering::Relaxed);
        }
        html
    }

    /// The file it lies in.
    pub(crate) fn file(&self) -> &Arc<Blobs> {
        &self.blobs
    }
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

/// An article body's HTML (with its markers): in memory, or where the
/// build cache keeps it.
#[derive(Debug, Clone)]
pub(crate) enum Html {
    Here(Arc<str>),
    Kept(HtmlAt),
}

impl Html {
    pub(crate) fn len(&self) -> usize {
        match self {
            Html::Here(h) => h.len(),
            Html::Kept(at) => at.len(),
        }
    }
}

/// The bodies the last builds kept, by key, each with where its HTML is.
type Bucket = HashMap<u128, (Body, HtmlAt)>;

/// The bodies the last builds kept, by key.
pub(crate) struct Bodies {
    dir: PathBuf,
    /// Each bucket's bodies, as read (empty when its file was missing or
    /// not usable).
    buckets: Vec<Bucket>,
    /// The buckets whose file is there but not usable: written anew (or
    /// removed) whatever this build keeps in them.
    unusable: Vec<bool>,
    /// Where the HTML this build converts waits for its bucket.
    spill: Spill,
}

/// A file of this build's own, where the HTML of each body it converts
/// waits to be written into its bucket: so a first build never holds the
/// text of the whole archive either.
struct Spill {
    blobs: Arc<Blobs>,
    /// The file being written and its length; `None` before the first
    /// body, and again for good once a write failed.
    file: Mutex<(Option<File>, u64, bool)>,
}

impl Spill {
    fn new(dir: &Path) -> Spill {
        static SPILLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SPILLS.fetch_add(1, Ordering::Relaxed);
        let name = format!("spill-{}-{n}.tmp", std::process::id());
        Spill {
            blobs: Blobs::new(&dir.join(name)),
            file: Mutex::new((None, 0, false)),
        }
    }

    fn put(&self, html: &str) -> Option<HtmlAt> {
        let len = u32::try_from(html.len()).ok()?;
        let mut guard = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        let (file, end, failed) = &mut *guard;
        if file.is_none() && !*failed {
            let path = &self.blobs.path;
            let _ = path.parent().map(std::fs::create_dir_all);
            let open = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path);
            *file = open.ok();
            *failed = file.is_none();
        }
        let written = file.as_mut()?.write_all(html.as_bytes());
        if written.is_err() {
            // The file's end is not known any more.
            (*file, *failed) = (None, true);
            return None;
        }
        let at = *end;
        *end += u64::from(len);
        let blobs = Arc::clone(&self.blobs);
        let sum = xxh3_64(html.as_bytes());
        Some(HtmlAt {
            blobs,
            at,
            len,
            sum,
        })
    }
}

impl Bodies {
    /// Reads the index of every bucket of `dir`, in parallel; a damaged
    /// one is a warning and counts as empty.
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
            spill: Spill::new(&dir),
            dir,
            buckets,
            unusable,
        }
    }

    /// Moves the HTML of a body this build converted out of memory, into
    /// this build's spill file; `None` when it cannot be written there.
    pub(crate) fn spill(&self, html: &str) -> Option<HtmlAt> {
        self.spill.put(html)
    }

    /// Removes the spill file if no body's HTML is read from it any more
    /// (their buckets were written), else gives it to remove after the build.
    pub(crate) fn finish(self) -> Option<PathBuf> {
        let Spill { blobs, file } = self.spill;
        // Both handles closed first: some systems keep an open file.
        drop(file);
        let path = blobs.path.clone();
        let unread = Arc::try_unwrap(blobs).map(drop).is_ok();
        if !unread {
            return Some(path);
        }
        let _ = std::fs::remove_file(path);
        None
    }

    pub(crate) fn get(&self, key: u128) -> Option<&(Body, HtmlAt)> {
        self.buckets[bucket(key)].get(&key)
    }

    /// Keeps the bodies this build `used`, rewriting only the buckets whose
    /// set of bodies changed or whose file was not usable (and removing
    /// those left empty). Gives where each kept body's HTML now lies.
    pub(crate) fn save(
        &self,
        used: Vec<KeptBody>,
        warnings: &mut Vec<Diagnostic>,
    ) -> HashMap<u128, HtmlAt> {
        let mut by_bucket: Vec<Vec<KeptBody>> = (0..BUCKETS).map(|_| Vec::new()).collect();
        for b in used {
            by_bucket[bucket(b.key)].push(b);
        }
        let saved: Vec<_> = by_bucket
            .into_par_iter()
            .enumerate()
            .map(|(b, bodies)| self.save_bucket(b, bodies))
            .collect();
        let mut found = HashMap::new();
        let mut failed = Vec::new();
        for s in saved {
            match s {
                Ok(at) => found.extend(at),
                Err(d) => failed.push(d),
            }
        }
        // One warning is enough: they all say the folder cannot be written.
        warnings.extend(failed.into_iter().next());
        found
    }

    fn save_bucket(
        &self,
        b: usize,
        mut bodies: Vec<KeptBody>,
    ) -> Result<Vec<(u128, HtmlAt)>, Diagnostic> {
        bodies.sort_by_key(|e| e.key);
        bodies.dedup_by_key(|e| e.key);
        let old = &self.buckets[b];
        let kept = |keys: &[u128]| {
            !self.unusable[b] && keys.len() == old.len() && keys.iter().all(|k| old.contains_key(k))
        };
        let found = |keys: &[u128]| keys.iter().map(|k| (*k, old[k].1.clone())).collect();
        let keys: Vec<u128> = bodies.iter().map(|e| e.key).collect();
        if kept(&keys) {
            return Ok(found(&keys));
        }
        let encoded = encode(&bodies);
        let keys: Vec<u128> = encoded.iter().map(|e| e.0).collect();
        if kept(&keys) {
            return Ok(found(&keys));
        }
        let path = bucket_file(&self.dir, b);
        write_bucket(&path, &encoded).map_err(|e| unsaved(&path, &e))
    }
}

/// One body's index entry, HTML and its place among the HTML (offset,
/// length, xxh3), under its key.
type Encoded = (u128, Vec<u8>, Vec<u8>, (u64, u32, u64));

/// Each body's index entry and HTML; one that cannot be written (a path
/// that is not UTF-8, HTML no longer readable) is left out alone.
fn encode(bodies: &[KeptBody]) -> Vec<Encoded> {
    let mut at = 0u64;
    let mut encoded = Vec::with_capacity(bodies.len());
    for e in bodies {
        // HTML read back from a file was checked against the sum kept with it.
        let html = match &e.html {
            Some(kept) => kept.read().map(|h| (h.into_bytes(), kept.sum)),
            None => {
                let h = e.body.converted.html.as_bytes();
                Some((h.to_vec(), xxh3_64(h)))
            }
        };
        let Some((html, sum)) = html.filter(|h| u32::try_from(h.0.len()).is_ok()) else {
            continue;
        };
        let place = (at, html.len() as u32, sum);
        let Ok(entry) = postcard::to_allocvec(&(e.key, &e.body, place)) else {
            continue;
        };
        at += html.len() as u64;
        encoded.push((e.key, entry, html, place));
    }
    encoded
}

fn bucket_file(dir: &Path, b: usize) -> PathBuf {
    dir.join(format!("{b:02x}.bin"))
}

/// A bucket's bodies; none, silently, when it is missing or was written by
/// another dateline (the page cache says so once); none with a warning when
/// it is damaged.
fn read_bucket(path: &Path) -> (Bucket, Option<Diagnostic>) {
    let read = open_file(path).and_then(|(file, len)| read_index(path, file, len));
    match read {
        Ok(Ok(found)) => (found, None),
        Ok(Err(why)) => (HashMap::new(), Some(warn(path, why))),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            (HashMap::new(), None)
        }
        Err(e) => (
            HashMap::new(),
            Some(warn(path, &format!("cannot be read ({e})"))),
        ),
    }
}

/// The file and its length, if it is a regular file (a named pipe would
/// hold the build up).
fn open_file(path: &Path) -> std::io::Result<(File, u64)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let why = "not a regular file";
        return Err(std::io::Error::new(ErrorKind::InvalidInput, why));
    }
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    Ok((file, len))
}

/// The bodies a bucket's index lists, each with where its HTML lies.
fn read_index(
    path: &Path,
    mut file: File,
    len: u64,
) -> std::io::Result<Result<Bucket, &'static str>> {
    let damaged = "is damaged";
    let mut head = [0u8; HEAD];
    if len < HEAD as u64 {
        return Ok(Err(damaged));
    }
    file.read_exact(&mut head)?;
    let Some(rest) = head.strip_prefix(MAGIC) else {
        // Another version's, which the page cache says once.
        if head.starts_with(&MAGIC[..6]) {
            return Ok(Ok(HashMap::new()));
        }
        return Ok(Err("is not a dateline cache"));
    };
    let (program, size) = rest.split_at(16);
    let size = u64::from_le_bytes(size.try_into().unwrap_or_default());
    let Some(blobs_at) = size.checked_add(HEAD as u64 + 8).filter(|&e| e <= len) else {
        return Ok(Err(damaged));
    };
    let mut index = vec![0; size as usize + 8];
    file.read_exact(&mut index)?;
    let (index, sum) = index.split_at(size as usize);
    if sum != xxh3_64(index).to_le_bytes() {
        return Ok(Err(damaged));
    }
    if program != crate::cache::program().to_le_bytes() {
        return Ok(Ok(HashMap::new()));
    }
    Ok(entries(index, &Blobs::new(path), blobs_at, len).ok_or(damaged))
}

/// The entries of an index whose HTML starts at `blobs_at` of a file of `len` bytes.
fn entries(mut index: &[u8], blobs: &Arc<Blobs>, blobs_at: u64, len: u64) -> Option<Bucket> {
    let mut found = HashMap::new();
    while !index.is_empty() {
        type Entry = (u128, Body, (u64, u32, u64));
        let ((key, body, (at, size, sum)), rest): (Entry, _) =
            postcard::take_from_bytes(index).ok()?;
        let at = blobs_at.checked_add(at)?;
        at.checked_add(u64::from(size)).filter(|&end| end <= len)?;
        let blobs = Arc::clone(blobs);
        let html = HtmlAt {
            blobs,
            at,
            len: size,
            sum,
        };
        found.insert(key, (body, html));
        index = rest;
    }
    Some(found)
}

/// Writes the `encoded` bodies, through a temporary file: the index, its
/// checksum, then the HTML; an empty bucket's file is removed. Gives where
/// each body's HTML lies in the file written.
fn write_bucket(path: &Path, encoded: &[Encoded]) -> std::io::Result<Vec<(u128, HtmlAt)>> {
    if encoded.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
            _ => Ok(Vec::new()),
        };
    }
    let index: usize = encoded.iter().map(|e| e.1.len()).sum();
    let html: usize = encoded.iter().map(|e| e.2.len()).sum();
    let mut bytes = Vec::with_capacity(HEAD + index + 8 + html);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&crate::cache::program().to_le_bytes());
    bytes.extend_from_slice(&(index as u64).to_le_bytes());
    encoded.iter().for_each(|e| bytes.extend_from_slice(&e.1));
    let sum = xxh3_64(&bytes[HEAD..]);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let blobs_at = bytes.len() as u64;
    encoded.iter().for_each(|e| bytes.extend_from_slice(&e.2));
    crate::cache::replace_file(path, &bytes)?;
    let blobs = Blobs::new(path);
    let place = |&(key, _, _, (at, len, sum)): &Encoded| {
        let blobs = Arc::clone(&blobs);
        let at = blobs_at + at;
        (
            key,
            HtmlAt {
                blobs,
                at,
                len,
                sum,
            },
        )
    };
    Ok(encoded.iter().map(place).collect())
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
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00.bin");
        let html = body.converted.html.to_string();
        let kept = KeptBody {
            key: 7,
            body: body.clone(),
            taken: false,
            html: None,
        };
        let written = write_bucket(&path, &encode(&[kept])).unwrap();
        assert_eq!(written[0].1.read(), Some(html.clone()));
        let (found, warning) = read_bucket(&path);
        assert!(warning.is_none());
        let (back, at) = &found[&7];
        assert_eq!(at.read(), Some(html));
        // All but the HTML is in the index.
        let mut expected = body.clone();
        Arc::make_mut(&mut expected.converted).html = "".into();
        assert_eq!(format!("{back:?}"), format!("{expected:?}"));
    }

    /// A file another version of dateline wrote is passed over silently
    /// (the page cache says once that the cache is another version's).
    #[test]
    fn another_version_s_file_is_passed_over_without_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00.bin");
        std::fs::write(&path, [&b"dlbody1\0"[..], &[7; 64]].concat()).unwrap();
        let (found, warning) = read_bucket(&path);
        assert!(found.is_empty() && warning.is_none(), "{warning:?}");
        std::fs::write(&path, [&b"notours\0"[..], &[7; 64]].concat()).unwrap();
        assert!(read_bucket(&path).1.is_some());
    }

    /// Spilled HTML reads back, each body's at its own place.
    #[test]
    fn spilled_html_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new(&dir.path().join("bodies"));
        let texts = ["<p>One</p>", "", "<p>Two — ünïcode</p>"];
        let at: Vec<HtmlAt> = texts.iter().map(|t| spill.put(t).unwrap()).collect();
        let back: Vec<String> = at.iter().rev().map(|a| a.read().unwrap()).collect();
        assert_eq!(
            back,
            texts
                .iter()
                .rev()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
        );
    }

    /// HTML whose bytes changed in the file is not read back.
    #[test]
    fn damaged_html_is_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00.bin");
        let source = crate::markdown::Source {
            path: Path::new("content/world/x.md"),
            body: "Ferries ran late.",
            first_line: 5,
        };
        let body = Body {
            converted: Arc::new(crate::markdown::convert(&source)),
            terms: Terms::default(),
        };
        let kept = KeptBody {
            key: 7,
            body,
            taken: false,
            html: None,
        };
        write_bucket(&path, &encode(&[kept])).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 3;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let (found, warning) = read_bucket(&path);
        assert!(warning.is_none(), "the index is whole");
        assert_eq!(found[&7].1.read(), None);
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
