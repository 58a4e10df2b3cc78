//! Stage 6, the only writer: puts the rendered files in the output folder,
//! all at once or not at all.
//!
//! 1. Take a lock beside the output folder, so two builds cannot interleave.
//! 2. Refuse a folder that holds other things than a previous build (it has
//!    no `.dateline` marker and is not empty).
//! 3. Fill a staging folder beside it: files whose bytes did not change are
//!    hard links to the old ones (their modification times stay, so deploy
//!    tools that sync by time upload only what changed); the rest is written.
//! 4. Swap the staging folder and the output folder in one atomic rename
//!    (`renameat2(RENAME_EXCHANGE)` on Linux), then delete the old one.
//!
//! A failure or an interrupt before step 4 leaves the output exactly as it
//! was; stale files of earlier builds are gone after it.

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};
use crate::paths::is_safe_url_path;

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

/// Marks a folder as dateline's output, so it may be replaced.
pub(crate) const MARKER: &str = ".dateline";

/// What a write did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files new or changed since the previous build.
    pub written: usize,
    /// Files with the same bytes as before, kept with their modification time.
    pub unchanged: usize,
    /// Files of the previous build the site no longer has.
    pub removed: usize,
}

/// What a build keeps of the folder it replaces, and whose the folder is.
#[derive(Debug, Clone)]
pub struct Keep {
    /// Entries carried over from the previous output instead of deleted
    /// (`[output] keep`): a deploy checkout's `.git`, `CNAME`, ...
    pub names: Vec<String>,
    /// The site's folder, recorded in the output's marker: a folder marked
    /// by another site is not replaced.
    pub site: Option<PathBuf>,
}

/// What `[output] keep` holds unless a site says otherwise.
pub const DEFAULT_KEEP: [&str; 4] = [".git", "CNAME", ".nojekyll", ".well-known"];

impl Default for Keep {
    fn default() -> Self {
        Keep {
            names: DEFAULT_KEEP.map(String::from).to_vec(),
            site: None,
        }
    }
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
    let mut paths = (0..files.count()).map(|i| files.rel_path(i));
    if let Some(bad) = paths.find(|p| !is_safe_url_path(p)) {
        return Err(Error::Usage(format!(
            "refusing to write outside the output folder: `{bad}`"
        )));
    }
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Usage(format!(
            "{}: the output is a file, not a folder; choose a folder with --output",
            dir.display()
        )));
    }
    let parent = parent_of(dir);
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let _lock = lock(dir)?;
    check_owned(dir, keep)?;
    let staging = sibling(dir, "new");
    let result = fill(dir, &staging, files, keep).and_then(|stats| {
        let carried = carry(dir, &staging, files, keep)?;
        match swap(dir, &staging) {
            Ok(()) => Ok(stats),
            Err(e) => {
                // Back where they were before the staging folder goes.
                carried
                    .iter()
                    .for_each(|n| drop(fs::rename(staging.join(n), dir.join(n))));
                Err(e)
            }
        }
    });
    match result {
        Ok(mut stats) => {
            // `staging` now holds the previous build.
            stats.removed = remove_old(&staging, files);
            Ok(stats)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
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

/// `path` made absolute through its longest existing part (which may be a
/// symbolic link), so paths that do not exist yet compare too.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `public` -> `.public.dateline-<what>` in the same folder (same file system).
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    parent_of(dir).join(format!(".{name}.dateline-{what}"))
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

/// Held until the build has written everything.
fn lock(dir: &Path) -> Result<Lock> {
    let path = sibling(dir, "lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { file, path }),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "{}: another build is writing to this folder",
            dir.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// The marker's text: whose output this is.
fn marker_text(keep: &Keep) -> String {
    let site = keep.site.as_ref().map(|s| format!(" from {}", s.display()));
    format!(
        "Built by dateline{}. This folder is replaced on every build.\n",
        site.unwrap_or_default()
    )
}

/// A folder may be replaced when it is missing, empty but for what `keep`
/// carries over, or marked by a build of this site (a marker that names no
/// site, from an earlier dateline, counts as this site's).
fn check_owned(dir: &Path, keep: &Keep) -> Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if let Ok(marker) = fs::read_to_string(dir.join(MARKER)) {
        let other = marker
            .split_once(" from ")
            .and_then(|(_, rest)| rest.split_once(". This folder"))
            .map(|(site, _)| Path::new(site))
            .filter(|site| keep.site.as_deref().is_some_and(|mine| *site != mine));
        return match other {
            Some(site) => Err(Error::Usage(format!(
                "{}: this output belongs to the site in {}; choose another with --output",
                dir.display(),
                site.display()
            ))),
            None => Ok(()),
        };
    }
    let kept = |e: &fs::DirEntry| keep.names.iter().any(|k| e.file_name() == k.as_str());
    if entries.filter_map(|e| e.ok()).all(|e| kept(&e)) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{}: the output folder is not empty and was not made by dateline; empty it or choose another with --output",
        dir.display()
    )))
}

/// Builds the new site in `staging`, linking unchanged files from `old`.
fn fill(
    old: &Path,
    staging: &Path,
    files: &(impl Files + ?Sized),
    keep: &Keep,
) -> Result<WriteStats> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    }
    fs::create_dir(staging).map_err(|e| Error::io(staging, e))?;
    let staging = &Staging::open(staging)?;
    create_dirs(staging, files)?;
    // A first build has nothing to compare with: skip a failed lookup per file.
    let old = old.is_dir().then_some(old);
    let results: Vec<Result<bool>> = (0..files.count())
        .into_par_iter()
        .map(|i| match files.file(i) {
            Ok(f) => put(old, staging, &f),
            Err(d) => Err(Error::Content(vec![d])),
        })
        .collect();
    let written = collect(results)?;
    staging.write(MARKER, marker_text(keep).as_bytes())?;
    let written = written.iter().filter(|w| **w).count();
    Ok(WriteStats {
        written,
        unchanged: files.count() - written,
        removed: 0,
    })
}

/// All content errors together; else the first I/O error; else the results.
fn collect(results: Vec<Result<bool>>) -> Result<Vec<bool>> {
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

/// Puts one file in the staging folder; returns whether its bytes are new.
fn put(old: Option<&Path>, staging: &Staging, f: &OutputFile) -> Result<bool> {
    let bytes = match &f.contents {
        Contents::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
        Contents::Copy(src) => {
            std::borrow::Cow::Owned(fs::read(src).map_err(|e| Error::io(src, e))?)
        }
    };
    if let Some(previous) = old.map(|o| o.join(&f.rel_path))
        && same_bytes(&previous, &bytes)
        && fs::hard_link(&previous, staging.path.join(&f.rel_path)).is_ok()
    {
        return Ok(false);
    }
    staging.write(&f.rel_path, &bytes)?;
    Ok(true)
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

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Moves the entries `keep` names from the old output into the staging
/// folder, unless the new build writes something there; returns their names.
fn carry(
    dir: &Path,
    staging: &Path,
    files: &(impl Files + ?Sized),
    keep: &Keep,
) -> Result<Vec<String>> {
    let written = |name: &str| {
        (0..files.count()).any(|i| {
            let p = files.rel_path(i);
            p == name
                || p.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let mut carried = Vec::new();
    for name in &keep.names {
        let from = dir.join(name);
        if fs::symlink_metadata(&from).is_err() || written(name) {
            continue;
        }
        if let Err(e) = fs::rename(&from, staging.join(name)) {
            carried
                .iter()
                .for_each(|n: &String| drop(fs::rename(staging.join(n), dir.join(n))));
            return Err(Error::io(&from, e));
        }
        carried.push(name.clone());
    }
    Ok(carried)
}

/// Makes `staging` the output; afterwards `staging` holds the old output.
fn swap(dir: &Path, staging: &Path) -> Result<()> {
    if !dir.exists() {
        return fs::rename(staging, dir).map_err(|e| Error::io(dir, e));
    }
    exchange(staging, dir).map_err(|e| Error::io(dir, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Without an atomic exchange: two renames, with a short window in between.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let old = a.with_extension("old");
    fs::rename(b, &old)?;
    fs::rename(a, b)?;
    fs::rename(&old, a)
}

/// Deletes the previous build; returns how many of its files this one dropped.
/// Files go in parallel (each article has its own folder, so unlinks
/// rarely contend), then folders deepest first.
fn remove_old(old: &Path, files: &(impl Files + ?Sized)) -> usize {
    let keep: HashSet<&str> = (0..files.count())
        .map(|i| files.rel_path(i))
        .chain([MARKER])
        .collect();
    let mut doomed_files = Vec::new();
    let mut dirs = Vec::new();
    for e in WalkDir::new(old).into_iter().filter_map(|e| e.ok()) {
        if e.file_type().is_dir() {
            dirs.push((e.depth(), e.into_path()));
        } else {
            doomed_files.push(e.into_path());
        }
    }
    let dropped = doomed_files
        .iter()
        .filter(|p| {
            let rel = p
                .strip_prefix(old)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            !keep.contains(rel.as_str())
        })
        .count();
    doomed_files.par_iter().for_each(|p| {
        let _ = fs::remove_file(p);
    });
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for depth_group in dirs.chunk_by(|a, b| a.0 == b.0) {
        depth_group.par_iter().for_each(|(_, d)| {
            let _ = fs::remove_dir(d);
        });
    }
    let _ = fs::remove_dir_all(old);
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> OutputFile {
        OutputFile {
            rel_path: rel.to_string(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
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

    #[test]
    fn a_second_writer_is_refused_while_the_lock_is_held() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let held = lock(&out).unwrap();
        let err = write(&out, &[file("x.html", "X")][..]).unwrap_err();
        assert!(err.to_string().contains("another build"), "{err}");
        drop(held);
        write(&out, &[file("x.html", "X")][..]).unwrap();
    }
}
