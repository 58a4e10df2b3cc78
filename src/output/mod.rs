//! Stage 6, the only writer: puts the rendered files in the output folder,
//! all at once or not at all.
//!
//! 1. Follow a symbolic link to the real folder; take a lock beside it, so
//!    two builds cannot interleave.
//! 2. Refuse a folder that is not dateline's (no `.dateline` marker of this
//!    site and not empty), holds files the marker does not list (put there
//!    by hand), or cannot be written.
//! 3. Fill a staging folder beside it: files whose bytes did not change are
//!    hard links to the old ones (their modification times stay, so deploy
//!    tools that sync by time upload only what changed); the rest is written.
//! 4. Swap the staging folder and the output folder in one atomic rename
//!    (`renameat2(RENAME_EXCHANGE)` on Linux), then delete the old one. A
//!    mount point cannot be renamed: there the staging folder is inside it
//!    and each top-level entry is swapped on its own.
//!
//! A failure or an interrupt before step 4 leaves the output exactly as it
//! was; stale files of earlier builds are gone after it. A build that knows
//! the previous one (the build cache) writes only what changed, into the
//! output itself, instead of steps 3 and 4 (`update`).

mod owner;
pub(crate) mod place;
mod update;

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::paths::is_safe_url_path;
pub(crate) use owner::MARKER;
pub use owner::{DEFAULT_KEEP, Keep};
use place::Place;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated path under the output folder.
    pub rel_path: String,
    /// What to write there.
    pub contents: Contents,
}

/// An output file's bytes, or the file to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// The bytes themselves: a rendered page, a feed, an embedded theme file.
    Bytes(Vec<u8>),
    /// A static file, copied as it is.
    Copy(PathBuf),
}

/// The files to write, each made when it is written.
pub trait Files: Sync {
    /// How many files there are.
    fn count(&self) -> usize;
    /// File `i`'s path under the output folder, known without making the file.
    fn rel_path(&self, i: usize) -> &str;
    /// Makes file `i` (renders it, for a page); a template error is a diagnostic.
    fn file(&self, i: usize) -> std::result::Result<OutputFile, Diagnostic>;
    /// [`Files::file`], or `None` when the previous build's file at its
    /// path is what making it would give again and `kept` says that file is
    /// still as that build left it (given the stamp and the xxh3 hash of
    /// the bytes it wrote): then the writer links it.
    fn file_or_kept(
        &self,
        i: usize,
        kept: &dyn Fn(&Stamp, u64) -> bool,
    ) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        let _ = kept;
        self.file(i).map(Some)
    }
    /// Told that file `i` was placed in the new output, with a way to take
    /// its stamp there: while the output is locked, so that a build
    /// writing the same folder after this one cannot be mistaken for it.
    fn placed(&self, i: usize, stamp: &dyn Fn() -> Option<Stamp>) {
        let _ = (i, stamp);
    }
}

/// What tells a written file from one changed since, without reading it:
/// its size, modification time and inode (a hard link keeps all three; a
/// file written anew in the same tick of a coarse clock has another inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    modified: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, if it is a regular file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
        let t = m.modified().ok()?;
        let since = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: i128::try_from(since.as_nanos()).ok()?,
            inode: inode(&m),
        })
    }

    /// Its fields' bytes, for digests.
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let mut b = [0; 32];
        b[..8].copy_from_slice(&self.len.to_le_bytes());
        b[8..24].copy_from_slice(&self.modified.to_le_bytes());
        b[24..].copy_from_slice(&self.inode.to_le_bytes());
        b
    }

    /// Whether the file at `path` still holds what was written with this
    /// stamp and `hash`: the same stamp, or the same size and bytes (a copy
    /// restored with new times, as a CI cache may).
    pub fn holds(&self, path: &Path, hash: u64) -> bool {
        self.held(path, hash).is_some()
    }

    /// [`Stamp::holds`], giving the file's stamp now when it does.
    fn held(&self, path: &Path, hash: u64) -> Option<Stamp> {
        let now = Stamp::of(path)?;
        let same = now == *self
            || now.len == self.len
                && fs::read(path).is_ok_and(|b| xxhash_rust::xxh3::xxh3_64(&b) == hash);
        same.then_some(now)
    }
}

impl Files for [OutputFile] {
    fn count(&self) -> usize {
        <[OutputFile]>::len(self)
    }

    fn rel_path(&self, i: usize) -> &str {
        &self[i].rel_path
    }

    fn file(&self, i: usize) -> std::result::Result<OutputFile, Diagnostic> {
        Ok(self[i].clone())
    }
}

#[cfg(unix)]
fn inode(m: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// What a write did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files new or changed since the previous build.
    pub written: usize,
    /// Files with the same bytes as before, kept with their modification time.
    pub unchanged: usize,
    /// Of those, the files kept without being made again (see [`Files::file_or_kept`]).
    pub reused: usize,
    /// Files of the previous build the site no longer has.
    pub removed: usize,
}

/// [`write_keeping`] with the default keep-list and no site recorded.
pub fn write(dir: &Path, files: &(impl Files + ?Sized)) -> Result<WriteStats> {
    write_keeping(dir, files, &Keep::default())
}

/// Writes `files` as the new content of `dir`, carrying over the entries
/// `keep` names. A file that cannot be made (a template error, say) fails
/// the build after all files were tried, so every problem is reported, and
/// the output stays as it was.
pub fn write_keeping(dir: &Path, files: &(impl Files + ?Sized), keep: &Keep) -> Result<WriteStats> {
    check_paths(files)?;
    write_to(&Place::find(dir)?, files, keep, Mode::Swap)
}

/// [`write_keeping`], but writing only the changed files into the output
/// folder itself, when the previous build's marker lists what is there
/// (see `update`): for a build whose `files` know the previous build's, so
/// that most files are neither made nor linked again.
pub fn update_keeping(
    dir: &Path,
    files: &(impl Files + ?Sized),
    keep: &Keep,
) -> Result<WriteStats> {
    check_paths(files)?;
    write_to(&Place::find(dir)?, files, keep, Mode::InPlace)
}

/// How the new output replaces the old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A whole new folder swapped in at once.
    Swap,
    /// Changed files renamed over the old ones, when that is safe.
    InPlace,
}

fn check_paths(files: &(impl Files + ?Sized)) -> Result<()> {
    let mut paths = (0..files.count()).map(|i| files.rel_path(i));
    match paths.find(|p| !is_safe_url_path(p)) {
        Some(bad) => Err(Error::Usage(format!(
            "refusing to write outside the output folder: `{}`",
            bad.escape_debug()
        ))),
        None => Ok(()),
    }
}

/// [`write_keeping`] once the output's place is known.
fn write_to(
    place: &Place,
    files: &(impl Files + ?Sized),
    keep: &Keep,
    mode: Mode,
) -> Result<WriteStats> {
    let dir = &place.dir;
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Usage(format!(
            "{}: the output is a file, not a folder; choose a folder with --output",
            dir.display()
        )));
    }
    let parent = place::parent_of(dir);
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let _lock = lock(place)?;
    owner::check_owned(dir, keep)?;
    place::check_writable(dir)?;
    if mode == Mode::InPlace
        && let Some(previous) = update::previous(place, files, keep)
        && let Some(stats) = update::run(place, files, keep, &previous)?
    {
        return Ok(stats);
    }
    let (old, filled) = rayon::join(
        || owner::scan(dir, keep),
        || fill(dir, &place.staging, files, keep),
    );
    let result = filled
        .and_then(|stats| owner::refuse_foreign(dir, &old).map(|()| stats))
        .and_then(|stats| place.swap(files, keep).map(|()| stats));
    match result {
        Ok(mut stats) => {
            // The staging folder now holds the previous build.
            stats.removed = place::remove_old(&place.staging, &old, files);
            Ok(stats)
        }
        Err(e) => {
            let _ = place::remove_tree(&place.staging);
            Err(e)
        }
    }
}

/// The folders of a site that a build reads.
const SOURCES: [&str; 4] = ["content", "static", "templates", "themes"];

/// Refuses an output folder inside the site's sources (the built pages
/// would be read back as templates or content on the next build) or one
/// that holds the site itself, before anything is made or locked.
pub(crate) fn check_place(dir: &Path, root: &Path) -> Result<()> {
    let (out, root) = (absolute(dir), absolute(root));
    if root.starts_with(&out) {
        return Err(Error::Usage(format!(
            "{}: the output folder would hold the site itself; choose a folder inside or beside it with --output",
            dir.display()
        )));
    }
    match SOURCES.iter().find(|s| out.starts_with(root.join(s))) {
        Some(s) => Err(Error::Usage(format!(
            "{}: the output folder is inside the site's {s}/ folder, which the build reads; choose another with --output",
            dir.display()
        ))),
        None => Ok(()),
    }
}

/// Refuses a build cache folder (`--cache-dir`) inside the output, whose
/// files the swap replaces, or inside the site's sources, where `static/`
/// would publish it and the others would read it back.
pub(crate) fn check_cache_place(cache: &Path, output: &Path, root: &Path) -> Result<()> {
    let (dir, root) = (absolute(cache), absolute(root));
    let inside = |p: &Path| dir.starts_with(p);
    let place = match SOURCES.iter().find(|s| inside(&root.join(s))) {
        Some(s) => format!("the site's {s}/ folder"),
        None if inside(&absolute(output)) => "the output folder".to_string(),
        None => return Ok(()),
    };
    Err(Error::Usage(format!(
        "{}: the cache folder is inside {place}; choose another with --cache-dir",
        cache.display()
    )))
}

/// Refuses an output folder that holds the kept bodies of the build cache
/// or lies inside their folder: the build writes them before the output.
pub(crate) fn check_apart(output: &Path, bodies: &Path) -> Result<()> {
    let (out, dir) = (absolute(output), absolute(bodies));
    if !out.starts_with(&dir) && !dir.starts_with(&out) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{}: the output folder and the build cache's folder {} overlap; choose another with --output (or --cache-dir)",
        output.display(),
        bodies.display()
    )))
}

/// `path` made absolute through its longest existing part (which may be a
/// symbolic link), so paths that do not exist yet compare too. The rest
/// does not exist, so its `..` steps are taken by name.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = path.components().collect();
    for cut in (1..=parts.len()).rev() {
        let Ok(real) = parts[..cut].iter().collect::<PathBuf>().canonicalize() else {
            continue;
        };
        return parts[cut..].iter().fold(real, |mut p, c| {
            match c {
                Component::ParentDir => {
                    p.pop();
                }
                Component::CurDir => {}
                c => p.push(c),
            }
            p
        });
    }
    path
}

/// A lock file beside the output, removed when the build is done.
struct Lock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no other build can have taken it.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Held until the build has written everything. A lock taken on a file
/// that the build before removed meanwhile (it removes its lock file when
/// done) is no lock: a third build would make a new file and run beside
/// this one. So the file is opened again until the one locked is the one
/// at the path.
fn lock(place: &Place) -> Result<Lock> {
    let path = place.lock_path();
    for _ in 0..16 {
        let file = lock_file(place, &path)?;
        if is_at(&file, &path) {
            return Ok(Lock { file, path });
        }
        // Not the file at the path, which stays for whoever holds it.
        let _ = file.unlock();
    }
    Err(Error::Usage(format!(
        "{}: another build is writing to this folder",
        place.dir.display()
    )))
}

/// Whether `file` is the file now at `path`.
#[cfg(unix)]
fn is_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let id = |m: fs::Metadata| (m.dev(), m.ino());
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => id(a) == id(b),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_at(_: &fs::File, path: &Path) -> bool {
    path.is_file()
}

/// Opens and locks the file at `path`.
fn lock_file(place: &Place, path: &Path) -> Result<fs::File> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => Error::Usage(format!(
                "{}: this folder, which holds the build's lock, cannot be written ({e}); make it writable or choose another output with --output",
                place::parent_of(path).display()
            )),
            _ => Error::io(path, e),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "{}: another build is writing to this folder",
            place.dir.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(path, e)),
    }
}

/// Builds the new site in `staging`, linking unchanged files from `old`.
fn fill(
    old: &Path,
    staging: &Path,
    files: &(impl Files + ?Sized),
    keep: &Keep,
) -> Result<WriteStats> {
    new_staging(staging)?;
    let staging = &Staging::open(staging)?;
    create_dirs(staging, files)?;
    // A first build has nothing to compare with: skip a failed lookup per file.
    let old = old.is_dir().then_some(old);
    let results: Vec<Result<Put>> = (0..files.count())
        .into_par_iter()
        .map(|i| make(old, staging, files, i))
        .collect();
    let done = collect(results)?;
    // Linked like any unchanged file, so syncing by time skips it too.
    let marker = OutputFile {
        rel_path: MARKER.to_string(),
        contents: Contents::Bytes(owner::marker_text(keep, files).into_bytes()),
    };
    put(old, staging, &marker)?;
    let written = done.iter().filter(|p| **p == Put::Written).count();
    Ok(WriteStats {
        written,
        unchanged: files.count() - written,
        reused: done.iter().filter(|p| **p == Put::Reused).count(),
        removed: 0,
    })
}

/// An empty staging folder, clearing what an earlier build left there.
fn new_staging(staging: &Path) -> Result<()> {
    if staging.exists() {
        place::remove_tree(staging).map_err(|e| {
            Error::Usage(format!(
                "{}: an earlier build left this folder and it cannot be removed ({e}); delete it by hand",
                staging.display()
            ))
        })?;
    }
    fs::create_dir(staging).map_err(|e| Error::io(staging, e))
}

/// What putting a file in the staging folder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// Its bytes are new.
    Written,
    /// Made, and the same bytes as the previous build's: linked.
    Unchanged,
    /// Not made: the previous build's file, linked.
    Reused,
}

/// Makes file `i` and puts it in the staging folder, or links the previous
/// build's file when the files say it would be made the same.
fn make(
    old: Option<&Path>,
    staging: &Staging,
    files: &(impl Files + ?Sized),
    i: usize,
) -> Result<Put> {
    let rel = files.rel_path(i);
    let previous = old.map(|o| o.join(rel));
    // A link shares its file's stamp: the one seen here is the placed one's.
    let seen = std::cell::Cell::new(None);
    let kept = |s: &Stamp, hash| {
        seen.set(previous.as_deref().and_then(|p| s.held(p, hash)));
        seen.get().is_some()
    };
    let staged = staging.path.join(rel);
    let made = match files.file_or_kept(i, &kept) {
        Ok(None) => match previous.map(|p| fs::hard_link(p, &staged)) {
            Some(Ok(())) => Ok(None),
            // Gone since it was looked at: made after all.
            _ => files.file(i).map(Some),
        },
        Ok(Some(f)) => Ok(Some(f)),
        Err(d) => Err(d),
    };
    let put = match made {
        Ok(Some(f)) => put(old, staging, &f)?,
        Ok(None) => Put::Reused,
        Err(d) => return Err(Error::Content(vec![d])),
    };
    match (put, seen.get()) {
        (Put::Reused, Some(stamp)) => files.placed(i, &|| Some(stamp)),
        _ => files.placed(i, &|| Stamp::of(&staged)),
    }
    Ok(put)
}

/// All content errors together; else the first I/O error; else the results.
fn collect(results: Vec<Result<Put>>) -> Result<Vec<Put>> {
    let mut diagnostics = crate::error::Diagnostics::default();
    let mut first_io = None;
    let mut ok = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(w) => ok.push(w),
            Err(Error::Content(ds)) => diagnostics.extend(ds),
            Err(e) => {
                first_io.get_or_insert(e);
            }
        }
    }
    diagnostics.check()?;
    first_io.map_or(Ok(ok), Err)
}

/// Creates each needed folder once, rather than once per file.
fn create_dirs(root: &Staging, files: &(impl Files + ?Sized)) -> Result<()> {
    let mut dirs: Vec<&str> = Vec::with_capacity(files.count());
    let parents = (0..files.count()).filter_map(|i| files.rel_path(i).rsplit_once('/'));
    dirs.extend(parents.map(|(d, _)| d));
    dirs.sort_unstable();
    dirs.dedup();
    dirs.par_iter().try_for_each(|d| root.create_dir_all(d))
}

/// Puts one file in the staging folder, linking the previous build's when
/// the bytes are the same.
fn put(old: Option<&Path>, staging: &Staging, f: &OutputFile) -> Result<Put> {
    let previous = old.map(|o| o.join(&f.rel_path));
    let same = |p: &PathBuf| match &f.contents {
        Contents::Bytes(b) => same_bytes(p, b),
        Contents::Copy(src) => same_file(p, src),
    };
    if let Some(previous) = previous.filter(same)
        && fs::hard_link(&previous, staging.path.join(&f.rel_path)).is_ok()
    {
        return Ok(Put::Unchanged);
    }
    match &f.contents {
        Contents::Bytes(b) => staging.write(&f.rel_path, b)?,
        Contents::Copy(src) => copy(src, &staging.path.join(&f.rel_path))?,
    }
    Ok(Put::Written)
}

/// The staging folder; files and folders are made in it by their
/// `/`-separated paths under it.
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn open(path: &Path) -> Result<Self> {
        Ok(Staging {
            path: path.to_path_buf(),
        })
    }

    fn io_error(&self, rel: &str, e: std::io::Error) -> Error {
        Error::io(&self.path.join(rel), e)
    }

    /// `rel` and the folders above it.
    fn create_dir_all(&self, rel: &str) -> Result<()> {
        fs::create_dir_all(self.path.join(rel)).map_err(|e| self.io_error(rel, e))
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        fs::write(self.path.join(rel), bytes).map_err(|e| self.io_error(rel, e))
    }
}

/// Copies a file block by block (the OS copies within the kernel where it
/// can), never holding it whole: a static video may be gigabytes. The copy
/// gets the usual permissions, not the source's: a `0600` file in `static/`
/// must still be readable by the web server.
fn copy(src: &Path, to: &Path) -> Result<()> {
    let mut from = fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut into = fs::File::create(to).map_err(|e| Error::io(to, e))?;
    std::io::copy(&mut from, &mut into).map_err(|e| Error::io(to, e))?;
    Ok(())
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Whether two files hold the same bytes, read a block at a time.
fn same_file(a: &Path, b: &Path) -> bool {
    let len = |p: &Path| {
        fs::symlink_metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    };
    if len(a).is_none() || len(a) != fs::metadata(b).ok().map(|m| m.len()) {
        return false;
    }
    let (Ok(mut a), Ok(mut b)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = match a.read(&mut x) {
            Ok(0) => return true,
            Ok(n) => n,
            Err(_) => return false,
        };
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use place::sibling;

    pub(super) fn file(rel: &str, text: &str) -> OutputFile {
        OutputFile {
            rel_path: rel.to_string(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    /// A `..` after a folder that does not exist steps back by name: an
    /// output named `site/public/..` is the site's folder, public or not.
    #[test]
    fn a_step_back_out_of_a_missing_folder_is_the_folder_above() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir(&site).unwrap();
        let real = site.canonicalize().unwrap();
        assert_eq!(absolute(&site.join("public/..")), real);
        assert_eq!(absolute(&site.join("a/./b/../..")), real);
        assert_eq!(absolute(&site.join("a/b")), real.join("a/b"));
        let refused = check_place(&site.join("public/.."), &site);
        assert!(matches!(refused, Err(Error::Usage(m)) if m.contains("would hold the site")));
    }

    #[test]
    fn replaces_the_site_keeping_unchanged_files_and_dropping_stale_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("a/index.html", "A"), file("b.html", "B")][..]).unwrap();
        let mtime = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
        let before = mtime("a/index.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write(&out, &[file("a/index.html", "A"), file("c.html", "C")][..]).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                reused: 0,
                removed: 1
            }
        );
        assert_eq!(
            mtime("a/index.html"),
            before,
            "unchanged file kept its time"
        );
        assert!(!out.join("b.html").exists());
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
        assert!(!sibling(&out, "new").exists());
    }

    #[test]
    fn a_failure_while_writing_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("a.html", "A")][..]).unwrap();
        let missing = OutputFile {
            rel_path: "gone.css".into(),
            contents: Contents::Copy(tmp.path().join("nope.css")),
        };
        assert!(write(&out, &[file("a.html", "changed"), missing][..]).is_err());
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
        assert!(!sibling(&out, "new").exists());
    }

    #[test]
    fn refuses_a_foreign_folder_and_unsafe_paths() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        assert!(write(tmp.path(), &[file("x.html", "X")][..]).is_err());
        assert_eq!(
            fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
            "mine"
        );
        let out = tmp.path().join("public");
        assert!(write(&out, &[file("../escape.html", "X")][..]).is_err());
        assert!(!tmp.path().join("escape.html").exists());
    }

    #[test]
    fn staging_makes_nested_folders_and_files_and_names_the_path_that_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::open(tmp.path()).unwrap();
        staging.create_dir_all("a/b/c").unwrap();
        staging.create_dir_all("a/b/c").unwrap();
        staging.create_dir_all("a/d").unwrap();
        staging.write("a/b/c/index.html", b"C").unwrap();
        staging.write("a/b/c/index.html", b"CC").unwrap();
        let read = |p: &str| fs::read_to_string(tmp.path().join(p)).unwrap();
        assert_eq!(read("a/b/c/index.html"), "CC");
        assert!(tmp.path().join("a/d").is_dir());
        staging.write("x", b"file").unwrap();
        let err = staging.create_dir_all("x/y/z").unwrap_err().to_string();
        assert!(
            err.contains(&tmp.path().join("x/y").display().to_string()),
            "{err}"
        );
        let err = staging
            .write("missing/f.html", b"F")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing/f.html"), "{err}");
    }

    /// `cp -r public/. dest/` copied the marker into a GitHub Pages
    /// checkout, and the next build into it deleted its `.git` and `CNAME`.
    #[test]
    fn a_deploy_checkouts_git_and_cname_are_carried_over() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        fs::write(out.join("CNAME"), "news.example.org\n").unwrap();
        let keep = Keep {
            site: Some(tmp.path().join("newsroom")),
            ..Keep::default()
        };
        // A fresh checkout holds only kept entries: it may be written to.
        write_keeping(&out, &[file("a.html", "A")][..], &keep).unwrap();
        write_keeping(&out, &[file("b.html", "B")][..], &keep).unwrap();
        assert_eq!(
            fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/gh-pages\n"
        );
        assert!(out.join(".git/objects").is_dir());
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "news.example.org\n"
        );
        assert!(!out.join("a.html").exists() && out.join("b.html").exists());
        // A failed build leaves them too.
        let missing = OutputFile {
            rel_path: "gone.css".into(),
            contents: Contents::Copy(tmp.path().join("nope.css")),
        };
        assert!(write_keeping(&out, &[missing][..], &keep).is_err());
        assert!(out.join(".git/HEAD").is_file() && out.join("CNAME").is_file());
        // A build of another site is refused, and changes nothing.
        let other = Keep {
            site: Some(tmp.path().join("other-site")),
            ..Keep::default()
        };
        let err = write_keeping(&out, &[file("c.html", "C")][..], &other).unwrap_err();
        assert!(err.to_string().contains("belongs to the site"), "{err}");
        assert!(out.join("b.html").exists() && !out.join("c.html").exists());
    }

    /// A refused `-o /etc/passwd` left `/etc/.passwd.dateline-lock`; every
    /// build now removes its lock, and a file as the output is refused first.
    #[test]
    fn no_lock_file_is_left_behind_and_a_file_is_no_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("x.html", "X")][..]).unwrap();
        assert!(!sibling(&out, "lock").exists());
        let passwd = tmp.path().join("passwd");
        fs::write(&passwd, "root:x:0:0").unwrap();
        let err = write(&passwd, &[file("x.html", "X")][..]).unwrap_err();
        assert!(err.to_string().contains("is a file"), "{err}");
        assert!(!sibling(&passwd, "lock").exists());
        assert_eq!(fs::read_to_string(&passwd).unwrap(), "root:x:0:0");
    }

    /// A lock taken on a lock file the build before removed meanwhile is no
    /// lock: only the file now at the path counts.
    #[cfg(unix)]
    #[test]
    fn a_lock_on_a_removed_or_replaced_lock_file_is_not_at_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lock");
        let open = || fs::File::create(&path).unwrap();
        let first = open();
        assert!(is_at(&first, &path));
        fs::remove_file(&path).unwrap();
        assert!(!is_at(&first, &path));
        let second = open();
        assert!(!is_at(&first, &path) && is_at(&second, &path));
    }

    #[test]
    fn a_second_writer_is_refused_while_the_lock_is_held() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let held = lock(&Place::find(&out).unwrap()).unwrap();
        let err = write(&out, &[file("x.html", "X")][..]).unwrap_err();
        assert!(err.to_string().contains("another build"), "{err}");
        drop(held);
        write(&out, &[file("x.html", "X")][..]).unwrap();
    }

    /// A web root at `public -> /var/www/site` was replaced by a folder and
    /// stopped updating; the link is followed and stays a link.
    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_followed_and_stays_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("www/site");
        let link = tmp.path().join("public");
        write(&target, &[file("a.html", "A")][..]).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, &[file("b.html", "B")][..]).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(target.join("b.html")).unwrap(), "B");
        assert!(!target.join("a.html").exists());
        // Staging and lock went beside the target, and are gone.
        let left: Vec<_> = fs::read_dir(tmp.path().join("www")).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    /// A file put into the output by hand, or a `.git` outside the
    /// keep-list, is never deleted: the build refuses and names it.
    #[test]
    fn a_file_put_into_the_output_by_hand_is_never_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("a/index.html", "A"), file("b.html", "B")][..]).unwrap();
        fs::write(out.join("a/google1234.html"), "verify").unwrap();
        fs::create_dir_all(out.join("docs/.git")).unwrap();
        let err = write(&out, &[file("c.html", "C")][..]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("a/google1234.html") && text.contains("docs"),
            "{text}"
        );
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            fs::read_to_string(out.join("a/google1234.html")).unwrap(),
            "verify"
        );
        assert!(out.join("b.html").exists() && !out.join("c.html").exists());
        assert!(!sibling(&out, "new").exists());
        // Once they are moved away, the build goes through.
        fs::remove_file(out.join("a/google1234.html")).unwrap();
        fs::remove_dir_all(out.join("docs")).unwrap();
        write(&out, &[file("c.html", "C")][..]).unwrap();
        assert!(!out.join("b.html").exists());
    }

    /// The marker of an earlier dateline lists no files: all its output is
    /// taken as dateline's, as before.
    #[test]
    fn a_marker_without_a_file_list_still_marks_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/old.html"), "old").unwrap();
        fs::write(
            out.join(MARKER),
            "Built by dateline. This folder is replaced on every build.\n",
        )
        .unwrap();
        let stats = write(&out, &[file("b.html", "B")][..]).unwrap();
        assert_eq!(stats.removed, 1);
        assert!(!out.join("a").exists());
    }

    /// A mount point cannot be renamed (EBUSY): the new output is swapped
    /// in entry by entry inside it, kept entries stay, stale ones go.
    #[test]
    fn a_mounted_output_is_replaced_entry_by_entry_inside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("volume");
        write(&out, &[file("a/index.html", "A"), file("b.html", "B")][..]).unwrap();
        fs::write(out.join("CNAME"), "news.example.org\n").unwrap();
        let place = Place {
            dir: out.clone(),
            staging: out.join(".dateline-new"),
            inside: true,
        };
        let files = [file("a/index.html", "A"), file("c/index.html", "C")];
        let stats = write_to(&place, &files[..], &Keep::default(), Mode::Swap).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 1, 1));
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".dateline", "CNAME", "a", "c"]);
        assert_eq!(fs::read_to_string(out.join("c/index.html")).unwrap(), "C");
        assert!(!sibling(&out, "lock").exists());
        // A failed build there changes nothing either.
        let missing = OutputFile {
            rel_path: "gone.css".into(),
            contents: Contents::Copy(tmp.path().join("nope.css")),
        };
        assert!(
            write_to(
                &place,
                &[file("d.html", "D"), missing][..],
                &Keep::default(),
                Mode::Swap
            )
            .is_err()
        );
        assert!(out.join("c/index.html").exists() && !out.join("d.html").exists());
        assert!(!out.join(".dateline-new").exists());
    }

    /// Static files are compared and copied a block at a time, and an
    /// unchanged one keeps its inode (a hard link to the previous build).
    #[test]
    fn unchanged_static_files_are_linked_and_changed_ones_copied() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let video = tmp.path().join("video.mp4");
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&video, &bytes).unwrap();
        let copy = |p: &Path| OutputFile {
            rel_path: "media/video.mp4".into(),
            contents: Contents::Copy(p.to_path_buf()),
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&video, fs::Permissions::from_mode(0o604)).unwrap();
        }
        write(&out, &[copy(&video)][..]).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(out.join("media/video.mp4"))
                .unwrap()
                .permissions()
                .mode();
            assert_ne!(
                mode & 0o777,
                0o604,
                "the copy has the usual permissions, not the source's"
            );
        }
        let marker_time = || fs::metadata(out.join(MARKER)).unwrap().modified().unwrap();
        let before = marker_time();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write(&out, &[copy(&video)][..]).unwrap();
        assert_eq!((stats.written, stats.unchanged), (0, 1));
        assert_eq!(marker_time(), before, "an unchanged marker keeps its time");
        let mut changed = bytes.clone();
        changed[299_999] ^= 1;
        fs::write(&video, &changed).unwrap();
        let stats = write(&out, &[copy(&video)][..]).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 0));
        assert_eq!(fs::read(out.join("media/video.mp4")).unwrap(), changed);
    }
}
