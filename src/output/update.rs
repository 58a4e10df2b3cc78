//! The writer of a build that knows the previous one (the build cache): only
//! the files that changed are written, into the output folder itself, as
//! linking every unchanged file into a new folder and deleting the old tree
//! costs more than drawing the pages that changed once a site has 100,000.
//!
//! Every file is made, and every error found, before the output is touched:
//! a failed build leaves it as it was. Changed files are written into a
//! staging folder that holds only them, then each is renamed over its old
//! version (readers see the old file or the new, never half of one), and
//! the files the site no longer has are deleted. While that runs, the
//! marker lists both builds' files, so a build stopped part-way leaves
//! nothing the next build does not know as its own (that build's record of
//! pages is the one before, so it draws and writes whatever was left behind).

use std::cell::Cell;
use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use rayon::prelude::*;

use super::owner::{self, Keep, Old};
use super::place::{self, Place};
use super::{
    Contents, Files, MARKER, Put, Stamp, WriteStats, collect, copy, same_bytes, same_file,
};
use crate::error::{Error, Result};
use crate::paths::is_safe_url_path;

/// What the previous build left in the output, as its marker lists it.
pub(super) struct Previous {
    listed: HashSet<String>,
    /// Its files this build does not write and deletes (a file under an
    /// `[output] keep` entry the build no longer writes into is carried over
    /// instead, as the swap does).
    stale: Vec<String>,
}

/// The previous build's files, when this build can be written in place:
/// the marker lists them (safe paths only), each file this build adds lands
/// where nothing is, and each stale file can be deleted where it is. An
/// `[output] keep` entry in the way, a file put there by hand, a folder
/// turned into a link or made read-only: the swap carries, refuses or
/// clears those.
pub(super) fn previous(
    place: &Place,
    files: &(impl Files + ?Sized),
    keep: &Keep,
) -> Option<Previous> {
    let text = owner::listed(&place.dir)?;
    let listed: HashSet<String> = text.lines().map(str::to_string).collect();
    // Each as this build would name it: `a//b` is `a/b` to the system.
    let normal = |p: &str| is_safe_url_path(p) && p.split('/').all(|s| !s.is_empty() && s != ".");
    if !listed.iter().all(|p| normal(p)) {
        return None;
    }
    let dir = &place.dir;
    let new: HashSet<&str> = (0..files.count()).map(|i| files.rel_path(i)).collect();
    let mut added = new.iter().filter(|p| !listed.contains(**p));
    if !added.all(|p| free(dir, keep, p)) {
        return None;
    }
    let stale = stale(&listed, &new, keep);
    let removable = stale.iter().all(|p| removable(dir, p));
    removable.then_some(Previous { listed, stale })
}

/// Whether nothing stands where a file this build adds goes.
fn free(dir: &Path, keep: &Keep, rel: &str) -> bool {
    let kept = keep.holds(top(rel).as_ref()) && fs::symlink_metadata(dir.join(top(rel))).is_ok();
    !kept && obstacle(dir, rel).is_none() && fs::symlink_metadata(dir.join(rel)).is_err()
}

/// The listed files this build does not write, but for those under a kept
/// entry it no longer writes into, which stay.
fn stale(listed: &HashSet<String>, new: &HashSet<&str>, keep: &Keep) -> Vec<String> {
    let tops: HashSet<&str> = new.iter().map(|p| top(p)).collect();
    let carried = |rel: &str| keep.holds(top(rel).as_ref()) && !tops.contains(top(rel));
    let mut stale: Vec<String> = listed
        .iter()
        .filter(|p| !new.contains(p.as_str()) && !carried(p))
        .cloned()
        .collect();
    stale.sort_unstable();
    stale
}

/// Whether a stale file can be deleted where it is, and each folder it may
/// leave empty with it.
fn removable(dir: &Path, rel: &str) -> bool {
    let folders = rel.match_indices('/').map(|(at, _)| dir.join(&rel[..at]));
    obstacle(dir, rel).is_none()
        && folders.filter(|f| f.is_dir()).all(|f| writable(&f))
        && match fs::symlink_metadata(dir.join(rel)) {
            Ok(m) => !m.is_dir(),
            Err(e) => e.kind() == ErrorKind::NotFound,
        }
}

fn top(rel: &str) -> &str {
    rel.split('/').next().unwrap_or(rel)
}

/// Writes the changed files of `files` into the output, deletes the stale
/// files of `previous`, and updates the marker; `None` when a changed file
/// cannot be renamed into place (its folder is on another file system, a
/// mount inside the output, or not writable), for the swap to do instead.
pub(super) fn run(
    place: &Place,
    files: &(impl Files + ?Sized),
    keep: &Keep,
    previous: &Previous,
) -> Result<Option<WriteStats>> {
    super::new_staging(&place.staging)?;
    let device = place::mount(&place.staging);
    let results: Vec<Result<Step>> = (0..files.count())
        .into_par_iter()
        .map(|i| make(&place.dir, (&place.staging, device), files, i))
        .collect();
    let result = gather(&place.dir, results).and_then(|made| {
        let Some(made) = made else {
            return Ok(None);
        };
        let removed = commit(place, files, keep, previous, &made)?;
        for (i, (_, stamp)) in made.iter().enumerate() {
            files.placed(i, &|| *stamp);
        }
        let written = made.iter().filter(|(p, _)| *p == Put::Written).count();
        Ok(Some(WriteStats {
            written,
            unchanged: files.count() - written,
            reused: made.iter().filter(|(p, _)| *p == Put::Reused).count(),
            removed,
        }))
    });
    let _ = place::remove_tree(&place.staging);
    result
}

/// What making one file did and the stamp it has in the output, or why it
/// cannot be put there in place.
enum Step {
    Put(Put, Option<Stamp>),
    /// An entry not dateline's stands in its way (the swap refuses it too).
    Blocked(String),
    /// Its folder cannot take a rename from the staging folder.
    Swap,
}

/// Makes file `i` and stages it when its bytes changed. Nothing is told to
/// `files` yet: the swap may have to place every file after all.
fn make(
    dir: &Path,
    (staging, device): (&Path, Option<(u64, u64)>),
    files: &(impl Files + ?Sized),
    i: usize,
) -> Result<Step> {
    let rel = files.rel_path(i);
    let target = dir.join(rel);
    let seen = Cell::new(None);
    let kept = |s: &Stamp, hash| {
        seen.set(s.held(&target, hash));
        seen.get().is_some()
    };
    let file = match files.file_or_kept(i, &kept) {
        Err(d) => return Err(Error::Content(vec![d])),
        Ok(None) => return Ok(Step::Put(Put::Reused, seen.get())),
        Ok(Some(file)) => file,
    };
    let same = match &file.contents {
        Contents::Bytes(b) => same_bytes(&target, b),
        Contents::Copy(src) => same_file(&target, src),
    };
    if same {
        return Ok(Step::Put(Put::Unchanged, Stamp::of(&target)));
    }
    if let Some(blocked) = obstacle(dir, rel) {
        return Ok(Step::Blocked(blocked));
    }
    if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        return Ok(Step::Blocked(rel.to_string()));
    }
    if !renamable(dir, rel, device) {
        return Ok(Step::Swap);
    }
    let staged = staging.join(rel);
    if let Some(parent) = staged.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    match &file.contents {
        Contents::Bytes(b) => fs::write(&staged, b).map_err(|e| Error::io(&staged, e))?,
        Contents::Copy(src) => copy(src, &staged)?,
    }
    // A rename keeps the inode and times: this is the stamp in the output.
    Ok(Step::Put(Put::Written, Stamp::of(&staged)))
}

/// The first folder above `rel` in `dir` that is there but is not a plain
/// folder (a file, or a link that would lead a write out of the output).
fn obstacle(dir: &Path, rel: &str) -> Option<String> {
    let folders = rel.match_indices('/').map(|(at, _)| &rel[..at]);
    for folder in folders {
        match fs::symlink_metadata(dir.join(folder)) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => return Some(folder.to_string()),
            Err(_) => return None,
        }
    }
    None
}

/// Whether the deepest existing folder above `rel` takes a rename from
/// the staging folder: on its mount, and writable.
fn renamable(dir: &Path, rel: &str, mount: Option<(u64, u64)>) -> bool {
    let mut folder = dir.join(rel);
    while folder.pop() && !folder.is_dir() {}
    mount == place::mount(&folder) && writable(&folder)
}

#[cfg(unix)]
fn writable(folder: &Path) -> bool {
    rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(folder: &Path) -> bool {
    fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly())
}

/// Each file's outcome, and its stamp in the output once placed.
type Made = Vec<(Put, Option<Stamp>)>;

/// Every file's outcome, or all content errors, or a refusal naming what
/// stands in the way of a changed file; `None` when the swap must do it.
fn gather(dir: &Path, results: Vec<Result<Step>>) -> Result<Option<Made>> {
    let (mut foreign, mut swap) = (Vec::new(), false);
    let made = results.into_iter().map(|r| match r {
        Ok(Step::Put(p, stamp)) => Ok((p, stamp)),
        Ok(Step::Blocked(rel)) => {
            foreign.push(rel);
            Ok((Put::Reused, None))
        }
        Ok(Step::Swap) => {
            swap = true;
            Ok((Put::Reused, None))
        }
        Err(e) => Err(e),
    });
    let made = collect_made(made.collect())?;
    foreign.sort_unstable();
    foreign.dedup();
    owner::refuse_foreign(
        dir,
        &Old {
            foreign,
            ..Old::default()
        },
    )?;
    Ok((!swap).then_some(made))
}

/// [`collect`] for outcomes that carry a stamp.
fn collect_made(results: Vec<Result<(Put, Option<Stamp>)>>) -> Result<Made> {
    let stamps: Vec<Option<Stamp>> = results
        .iter()
        .map(|r| r.as_ref().ok().and_then(|(_, s)| *s))
        .collect();
    let puts = collect(results.into_iter().map(|r| r.map(|(p, _)| p)).collect())?;
    Ok(puts.into_iter().zip(stamps).collect())
}

/// Puts the staged files in place, then deletes the stale ones; returns
/// how many were deleted. Until the end the marker lists both builds'
/// files, and a stale file that would not go stays listed.
fn commit(
    place: &Place,
    files: &(impl Files + ?Sized),
    keep: &Keep,
    previous: &Previous,
    made: &[(Put, Option<Stamp>)],
) -> Result<usize> {
    let dir = &place.dir;
    let stale: Vec<&str> = previous.stale.iter().map(String::as_str).collect();
    let added = (0..files.count()).any(|i| !previous.listed.contains(files.rel_path(i)));
    if added {
        put_marker(place, &owner::marker_text_with(keep, files, &stale))?;
    }
    let written = made
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| *p == Put::Written);
    let written: Vec<usize> = written.map(|(i, _)| i).collect();
    written.par_iter().try_for_each(|&i| {
        let rel = files.rel_path(i);
        let to = dir.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::rename(place.staging.join(rel), &to).map_err(|e| Error::io(&to, e))
    })?;
    let stays: Vec<&str> = stale
        .par_iter()
        .copied()
        .filter(|f| match fs::remove_file(dir.join(f)) {
            Ok(()) => false,
            Err(e) => e.kind() != ErrorKind::NotFound,
        })
        .collect();
    remove_emptied(dir, &stale);
    let text = owner::marker_text_with(keep, files, &stays);
    if !same_bytes(&dir.join(MARKER), text.as_bytes()) {
        put_marker(place, &text)?;
    }
    Ok(stale.len() - stays.len())
}

/// Replaces the marker through the staging folder (one rename).
fn put_marker(place: &Place, text: &str) -> Result<()> {
    let staged = place.staging.join(MARKER);
    fs::write(&staged, text).map_err(|e| Error::io(&staged, e))?;
    let to = place.dir.join(MARKER);
    fs::rename(&staged, &to).map_err(|e| Error::io(&to, e))
}

/// Deletes the folders the stale files leave empty, deepest first (a
/// folder still holding anything stays).
fn remove_emptied(dir: &Path, stale: &[&str]) {
    let mut folders: Vec<&str> = stale
        .iter()
        .flat_map(|f| f.match_indices('/').map(|(at, _)| &f[..at]))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    for f in folders {
        let _ = fs::remove_dir(dir.join(f));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::file;
    use super::super::{OutputFile, write, write_to};
    use super::*;
    use crate::output::{Mode, place::sibling, update_keeping};

    fn update(out: &Path, files: &[OutputFile]) -> Result<WriteStats> {
        update_keeping(out, files, &Keep::default())
    }

    fn read(out: &Path, rel: &str) -> String {
        fs::read_to_string(out.join(rel)).unwrap()
    }

    fn listed(out: &Path) -> Vec<String> {
        let text = owner::listed(out).unwrap();
        let mut files: Vec<String> = text.lines().map(str::to_string).collect();
        files.sort();
        files
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::symlink_metadata(p).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn only_changed_files_are_written_and_stale_ones_go_with_their_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let v1 = [
            file("a/index.html", "A"),
            file("b/index.html", "B"),
            file("c/d/e.html", "E"),
        ];
        write(&out, &v1[..]).unwrap();
        let (folder, a, b) = (
            inode(&out),
            inode(&out.join("a/index.html")),
            inode(&out.join("b")),
        );
        let v2 = [
            file("a/index.html", "A"),
            file("b/index.html", "B2"),
            file("f/g/index.html", "G"),
        ];
        let stats = update(&out, &v2).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 2,
                unchanged: 1,
                reused: 0,
                removed: 1
            }
        );
        assert_eq!((inode(&out), inode(&out.join("a/index.html"))), (folder, a));
        assert_eq!(inode(&out.join("b")), b, "a folder stays");
        assert_eq!(
            (read(&out, "b/index.html"), read(&out, "f/g/index.html")),
            ("B2".into(), "G".into())
        );
        assert!(!out.join("c").exists(), "the emptied folders went too");
        assert_eq!(
            listed(&out),
            ["a/index.html", "b/index.html", "f/g/index.html"]
        );
        assert!(!sibling(&out, "new").exists() && !sibling(&out, "lock").exists());
    }

    #[test]
    fn a_failed_update_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("a.html", "A"), file("b.html", "B")][..]).unwrap();
        let missing = OutputFile {
            rel_path: "gone.css".into(),
            contents: Contents::Copy(tmp.path().join("nope.css")),
        };
        assert!(update(&out, &[file("a.html", "A2"), missing]).is_err());
        assert_eq!(
            (read(&out, "a.html"), read(&out, "b.html")),
            ("A".into(), "B".into())
        );
        assert_eq!(listed(&out), ["a.html", "b.html"]);
        assert!(!sibling(&out, "new").exists());
    }

    /// A file put by hand where the build now writes one is the swap's to
    /// refuse, with its message; nothing is written.
    #[test]
    fn a_file_put_by_hand_where_a_new_file_goes_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("a.html", "A")][..]).unwrap();
        fs::write(out.join("new.html"), "mine").unwrap();
        let err = update(&out, &[file("a.html", "A2"), file("new.html", "N")]).unwrap_err();
        assert!(err.to_string().contains("new.html"), "{err}");
        assert_eq!(
            (read(&out, "a.html"), read(&out, "new.html")),
            ("A".into(), "mine".into())
        );
    }

    /// A folder of the output replaced by a link to elsewhere is never
    /// written through: the build is refused and names it.
    #[cfg(unix)]
    #[test]
    fn a_link_in_place_of_a_folder_is_refused_and_nothing_is_written_through_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("world/a/index.html", "A")][..]).unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        fs::rename(out.join("world"), &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("world")).unwrap();
        let err = update(&out, &[file("world/a/index.html", "changed")]).unwrap_err();
        assert!(err.to_string().contains("world"), "{err}");
        assert_eq!(read(&elsewhere, "a/index.html"), "A");
    }

    /// A stale file under a folder replaced by a link is not deleted through
    /// it: the swap refuses the folder and names the link.
    #[cfg(unix)]
    #[test]
    fn a_stale_file_behind_a_link_is_not_deleted_through_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &[file("a.html", "A"), file("world/b/index.html", "B")][..],
        )
        .unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        fs::rename(out.join("world"), &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("world")).unwrap();
        let err = update(&out, &[file("a.html", "A2")]).unwrap_err();
        assert!(err.to_string().contains("world"), "{err}");
        assert_eq!(read(&elsewhere, "b/index.html"), "B");
        assert_eq!(read(&out, "a.html"), "A");
    }

    /// A folder put by hand where a changed file goes fails the build before
    /// anything changes: no stale file deleted, the marker as it was.
    #[test]
    fn a_folder_in_place_of_a_changed_file_fails_the_build_before_any_change() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &[
                file("a.html", "A"),
                file("rss.xml", "R"),
                file("b.html", "B"),
            ][..],
        )
        .unwrap();
        fs::remove_file(out.join("rss.xml")).unwrap();
        fs::create_dir(out.join("rss.xml")).unwrap();
        fs::write(out.join("rss.xml/mine"), "mine").unwrap();
        let err = update(&out, &[file("a.html", "A2"), file("rss.xml", "R2")]).unwrap_err();
        assert!(err.to_string().contains("rss.xml"), "{err}");
        assert_eq!(
            (read(&out, "a.html"), read(&out, "b.html")),
            ("A".into(), "B".into())
        );
        assert_eq!(listed(&out), ["a.html", "b.html", "rss.xml"]);
    }

    /// A kept entry the build no longer writes is carried over, as the swap
    /// carries it: a CNAME taken out of `static/` stays, no longer listed.
    #[test]
    fn a_kept_entry_no_longer_written_stays_as_the_swap_keeps_it() {
        let tmp = tempfile::tempdir().unwrap();
        let (warm, cold) = (tmp.path().join("warm"), tmp.path().join("cold"));
        let v1 = [file("a.html", "A"), file("CNAME", "news.example.org")];
        let v2 = [file("a.html", "A2")];
        write(&warm, &v1[..]).unwrap();
        write(&cold, &v1[..]).unwrap();
        let stats = update(&warm, &v2).unwrap();
        write(&cold, &v2[..]).unwrap();
        assert_eq!(stats.removed, 0);
        assert_eq!(read(&warm, "CNAME"), "news.example.org");
        assert_eq!(read(&warm, MARKER), read(&cold, MARKER));
        assert_eq!(read(&cold, "CNAME"), "news.example.org");
    }

    /// A folder on another file system (a mount inside the output) cannot
    /// take a rename from the staging folder: the swap writes instead.
    #[test]
    fn a_folder_on_another_file_system_is_left_to_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("a")).unwrap();
        let here = place::mount(tmp.path());
        assert!(renamable(tmp.path(), "a/b/c.html", here));
        if let Some((device, id)) = here {
            assert!(!renamable(tmp.path(), "a/b/c.html", Some((device ^ 1, id))));
            assert!(!renamable(tmp.path(), "a/b/c.html", Some((device, id ^ 1))));
        }
    }

    /// A marker line naming a live page another way (`a//b` is `a/b` to the
    /// system) is not taken for a stale file: the page stays.
    #[test]
    fn a_marker_naming_a_page_another_way_deletes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let v1 = [file("news/story/index.html", "S"), file("a.html", "A")];
        write(&out, &v1[..]).unwrap();
        let mut marker = read(&out, MARKER);
        marker.push_str("news//story/index.html\nnews/./story/index.html\n");
        fs::write(out.join(MARKER), marker).unwrap();
        update(
            &out,
            &[file("news/story/index.html", "S"), file("a.html", "A2")],
        )
        .unwrap();
        assert_eq!(read(&out, "news/story/index.html"), "S");
        assert_eq!(listed(&out), ["a.html", "news/story/index.html"]);
    }

    /// A build stopped while renaming left some new files in place, some
    /// old ones not yet deleted, and a marker listing both: the next one
    /// ends with exactly its own files.
    #[test]
    fn an_update_stopped_part_way_is_finished_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let v1 = [file("a.html", "A"), file("b/index.html", "B")];
        write(&out, &v1[..]).unwrap();
        let v2 = [file("a.html", "A2"), file("c/index.html", "C")];
        let both = owner::marker_text_with(&Keep::default(), &v2[..], &["b/index.html"]);
        fs::write(out.join(MARKER), both).unwrap();
        fs::create_dir(out.join("c")).unwrap();
        fs::write(out.join("c/index.html"), "C").unwrap();
        fs::create_dir_all(sibling(&out, "new").join("a")).unwrap();
        let stats = update(&out, &v2).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 1, 1));
        assert_eq!(
            (read(&out, "a.html"), read(&out, "c/index.html")),
            ("A2".into(), "C".into())
        );
        assert!(!out.join("b").exists());
        assert_eq!(listed(&out), ["a.html", "c/index.html"]);
        assert!(!sibling(&out, "new").exists());
    }

    /// Inside a mount point the staging folder is inside the output, and
    /// goes when the update is done.
    #[test]
    fn a_mounted_output_is_updated_in_place_too() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("volume");
        write(&out, &[file("a.html", "A"), file("b/c.html", "C")][..]).unwrap();
        let place = Place {
            dir: out.clone(),
            staging: out.join(".dateline-new"),
            inside: true,
        };
        let keep = Keep::default();
        let stats = write_to(&place, &[file("a.html", "A2")][..], &keep, Mode::InPlace).unwrap();
        assert_eq!((stats.written, stats.removed), (1, 1));
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".dateline", "a.html"]);
    }
}
