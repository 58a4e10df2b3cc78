//! Where a build stages the new output and how it swaps it in: beside the
//! output folder with one atomic exchange, or, when the folder is a mount
//! point (which cannot be renamed), inside it, one top-level entry at a time.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::owner::{Keep, Old};
use super::{Files, MARKER};
use crate::error::{Error, Result};

/// The folder a build writes and where it stages the new files.
pub(super) struct Place {
    /// The output folder, a symbolic link followed.
    pub(super) dir: PathBuf,
    /// Where the new output is made before it replaces the old.
    pub(super) staging: PathBuf,
    /// The staging folder is inside `dir` (a mount point).
    pub(super) inside: bool,
}

impl Place {
    /// Follows a symbolic link, so a web root at `public -> /var/www/site`
    /// keeps being updated through it, and stages inside a mount point.
    pub(super) fn find(dir: &Path) -> Result<Place> {
        let dir = match fs::symlink_metadata(dir) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(dir).map_err(|e| {
                Error::Usage(format!(
                    "{}: the output is a symbolic link whose target cannot be used ({e}); create the folder it points to or choose another with --output",
                    dir.display()
                ))
            })?,
            _ => dir.to_path_buf(),
        };
        let inside = dir.is_dir() && is_mount_point(&dir);
        let staging = match inside {
            true => dir.join(".dateline-new"),
            false => sibling(&dir, "new"),
        };
        Ok(Place {
            dir,
            staging,
            inside,
        })
    }

    /// The lock file's path: beside the folder, or inside a mount point
    /// (whose parent may not be writable).
    pub(super) fn lock_path(&self) -> PathBuf {
        match self.inside {
            true => self.dir.join(".dateline-lock"),
            false => sibling(&self.dir, "lock"),
        }
    }

    /// Makes the staging folder the output; afterwards `staging` holds the
    /// old output's entries, which the caller deletes.
    pub(super) fn swap(&self, files: &(impl Files + ?Sized), keep: &Keep) -> Result<()> {
        if self.inside {
            return swap_inside(&self.dir, &self.staging, keep);
        }
        let carried = carry(&self.dir, &self.staging, files, keep)?;
        let swapped = match self.dir.exists() {
            false => fs::rename(&self.staging, &self.dir),
            true => exchange(&self.staging, &self.dir),
        };
        swapped.map_err(|e| {
            // Back where they were before the staging folder goes.
            for n in &carried {
                let _ = fs::rename(self.staging.join(n), self.dir.join(n));
            }
            Error::io(&self.dir, e)
        })
    }
}

/// Refuses an output folder that cannot be written (a read-only mount, a
/// folder without write permission) before anything is staged, so no
/// undeletable staging folder is left behind.
pub(super) fn check_writable(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let probe = dir.join(".dateline-probe");
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(Error::Usage(format!(
            "{}: the output folder cannot be written ({e}); make it writable or choose another with --output",
            dir.display()
        ))),
    }
}

/// Whether `dir` is a mount point (a container volume): renaming it fails
/// with EBUSY, so the new output is swapped in entry by entry instead.
#[cfg(target_os = "linux")]
fn is_mount_point(dir: &Path) -> bool {
    match (mount_id(dir), mount_id(&parent_of(dir))) {
        (Some(a), Some(b)) => a != b,
        _ => other_device(dir),
    }
}

/// The mount `path` is on: it tells bind mounts apart, which share their
/// device (and a rename across them fails all the same).
#[cfg(target_os = "linux")]
fn mount_id(path: &Path) -> Option<u64> {
    use rustix::fs::{AtFlags, CWD, StatxFlags, statx};
    statx(CWD, path, AtFlags::empty(), StatxFlags::MNT_ID)
        .ok()
        .filter(|s| StatxFlags::from_bits_retain(s.stx_mask).contains(StatxFlags::MNT_ID))
        .map(|s| s.stx_mnt_id)
}

/// What a rename between two paths needs them to share: the mount (on
/// Linux), else the device; `None` where neither is known.
pub(super) fn mount(path: &Path) -> Option<(u64, u64)> {
    #[cfg(target_os = "linux")]
    let id = mount_id(path);
    #[cfg(not(target_os = "linux"))]
    let id = None;
    #[cfg(unix)]
    let dev = fs::metadata(path)
        .ok()
        .map(|m| std::os::unix::fs::MetadataExt::dev(&m));
    #[cfg(not(unix))]
    let dev = None;
    dev.map(|d| (d, id.unwrap_or_default()))
}

#[cfg(not(target_os = "linux"))]
fn is_mount_point(dir: &Path) -> bool {
    other_device(dir)
}

#[cfg(unix)]
fn other_device(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let dev = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
    dev(dir) != dev(&parent_of(dir))
}

#[cfg(not(unix))]
fn other_device(_: &Path) -> bool {
    false
}

pub(crate) fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `public` -> `.public.dateline-<what>` in the same folder (same file system).
pub(super) fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    parent_of(dir).join(format!(".{name}.dateline-{what}"))
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

/// What [`swap_inside`] did to one entry, so it can be undone.
enum Step {
    Exchanged(OsString),
    Moved(OsString),
    Evicted(OsString),
}

/// Swaps each top-level entry of `staging` into `dir` atomically (readers
/// see the old or the new `articles/`, never half of one), then moves the
/// old entries the new output lacks into `staging`; a failure undoes it all.
fn swap_inside(dir: &Path, staging: &Path, keep: &Keep) -> Result<()> {
    let names = |d: &Path| -> Result<Vec<OsString>> {
        let entries = fs::read_dir(d).map_err(|e| Error::io(d, e))?;
        Ok(entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect())
    };
    let new = names(staging)?;
    let mut done = Vec::new();
    let step = |result: std::io::Result<Step>, path: PathBuf, done: &mut Vec<Step>| {
        result
            .map(|s| done.push(s))
            .map_err(|e| Error::io(&path, e))
    };
    let mut outcome = Ok(());
    for name in &new {
        let (from, to) = (staging.join(name), dir.join(name));
        let result = match fs::symlink_metadata(&to).is_ok() {
            true => exchange(&from, &to).map(|()| Step::Exchanged(name.clone())),
            false => fs::rename(&from, &to).map(|()| Step::Moved(name.clone())),
        };
        outcome = step(result, to, &mut done);
        if outcome.is_err() {
            break;
        }
    }
    if outcome.is_ok() {
        let new: HashSet<&OsString> = new.iter().collect();
        let stale = names(dir)?.into_iter().filter(|n| {
            !new.contains(n) && !keep.holds(n) && !n.to_string_lossy().starts_with(".dateline-")
        });
        for name in stale {
            let result = fs::rename(dir.join(&name), staging.join(&name));
            outcome = step(
                result.map(|()| Step::Evicted(name)),
                dir.to_path_buf(),
                &mut done,
            );
            if outcome.is_err() {
                break;
            }
        }
    }
    if outcome.is_err() {
        undo(dir, staging, done);
    }
    outcome
}

fn undo(dir: &Path, staging: &Path, done: Vec<Step>) {
    for s in done.into_iter().rev() {
        let _ = match s {
            Step::Exchanged(n) => exchange(&staging.join(&n), &dir.join(&n)),
            Step::Moved(n) => fs::rename(dir.join(&n), staging.join(&n)),
            Step::Evicted(n) => fs::rename(staging.join(&n), dir.join(&n)),
        };
    }
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

/// Deletes the previous build, now in `old`; returns how many of its files
/// this one dropped. Files go in parallel (each article has its own folder,
/// so unlinks rarely contend), then folders deepest first.
pub(super) fn remove_old(old: &Path, found: &Old, files: &(impl Files + ?Sized)) -> usize {
    let new: HashSet<&str> = (0..files.count())
        .map(|i| files.rel_path(i))
        .chain([MARKER])
        .collect();
    let dropped = found
        .files
        .iter()
        .filter(|f| !new.contains(f.as_str()))
        .count();
    found.files.par_iter().for_each(|f| {
        let _ = fs::remove_file(old.join(f));
    });
    let mut dirs: Vec<&String> = found.dirs.iter().collect();
    let depth = |d: &String| d.matches('/').count();
    dirs.sort_by_key(|d| std::cmp::Reverse(depth(d)));
    for group in dirs.chunk_by(|a, b| depth(a) == depth(b)) {
        group.par_iter().for_each(|d| {
            let _ = fs::remove_dir(old.join(d));
        });
    }
    let _ = remove_tree(old);
    dropped
}

/// Removes a folder and everything in it, making read-only folders in it
/// writable first if that is what stops it.
pub(super) fn remove_tree(path: &Path) -> std::io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            let dirs = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(|e| e.ok());
            for d in dirs.filter(|d| d.file_type().is_dir()) {
                let _ = make_writable(d.path());
            }
            fs::remove_dir_all(path)
        }
        other => other,
    }
}

#[cfg(unix)]
fn make_writable(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_writable(dir: &Path) -> std::io::Result<()> {
    let mut p = fs::metadata(dir)?.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    p.set_readonly(false);
    fs::set_permissions(dir, p)
}
