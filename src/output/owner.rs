//! Whose an output folder is: the `.dateline` marker names the site that
//! built it and lists every file that build wrote, so a later build
//! replaces only what dateline made and refuses a folder holding anything else.

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Files;
use crate::error::{Error, Result};

/// Marks a folder as dateline's output, so it may be replaced.
pub(crate) const MARKER: &str = ".dateline";

/// The line before the list of written files in the marker.
const FILES_HEADING: &str = "Files:";

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

impl Keep {
    pub(super) fn holds(&self, name: &std::ffi::OsStr) -> bool {
        self.names.iter().any(|k| name == k.as_str())
    }
}

/// The marker's text: whose output this is and the files its build wrote.
pub(super) fn marker_text(keep: &Keep, files: &(impl Files + ?Sized)) -> String {
    let site = keep.site.as_ref().map(|s| format!(" from {}", s.display()));
    let mut text = format!(
        "Built by dateline{}. This folder is replaced on every build.\n{FILES_HEADING}\n",
        site.unwrap_or_default()
    );
    for i in 0..files.count() {
        text.push_str(files.rel_path(i));
        text.push('\n');
    }
    text
}

/// The marker's text listing, besides `files`, those of `also`: while a
/// build renames its files into place, the marker lists both builds' files.
pub(super) fn marker_text_with(
    keep: &Keep,
    files: &(impl Files + ?Sized),
    also: &[&str],
) -> String {
    let mut text = marker_text(keep, files);
    for f in also {
        text.push_str(f);
        text.push('\n');
    }
    text
}

/// The files the marker in `dir` lists, if it lists them.
pub(super) fn listed(dir: &Path) -> Option<String> {
    read_marker(dir)?.list
}

/// A read marker: the site it names and the text of its file list (none
/// for a marker of an earlier dateline, which listed nothing).
struct Marker {
    site: Option<PathBuf>,
    list: Option<String>,
}

fn read_marker(dir: &Path) -> Option<Marker> {
    let mut text = fs::read_to_string(dir.join(MARKER)).ok()?;
    let list = text
        .find(&format!("\n{FILES_HEADING}\n"))
        .map(|at| text.split_off(at)[FILES_HEADING.len() + 2..].to_string());
    let site = text
        .split_once(" from ")
        .and_then(|(_, rest)| rest.split_once(". This folder"))
        .map(|(site, _)| PathBuf::from(site));
    Some(Marker { site, list })
}

/// The previous output as found before a build replaces it.
#[derive(Debug, Default)]
pub(super) struct Old {
    /// Its files and folders, `/`-separated paths under it.
    pub(super) files: Vec<String>,
    pub(super) dirs: Vec<String>,
    /// Entries dateline did not write there (a hand-placed file, a `.git`
    /// outside the keep-list); the folder is not replaced while any exists.
    pub(super) foreign: Vec<String>,
}

/// A folder may be replaced when it is missing, empty but for what `keep`
/// carries over, or marked by a build of this site (a marker that names no
/// site, from an earlier dateline, counts as this site's).
pub(super) fn check_owned(dir: &Path, keep: &Keep) -> Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if let Some(marker) = read_marker(dir) {
        return match marker
            .site
            .filter(|s| keep.site.as_ref().is_some_and(|m| s != m))
        {
            Some(site) => Err(Error::Usage(format!(
                "{}: this output belongs to the site in {}; choose another with --output",
                dir.display(),
                site.display()
            ))),
            None => Ok(()),
        };
    }
    let ignored = |e: &fs::DirEntry| keep.holds(&e.file_name()) || is_ours(&e.file_name());
    if entries.filter_map(|e| e.ok()).all(|e| ignored(&e)) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{}: the output folder is not empty and was not made by dateline; empty it or choose another with --output",
        dir.display()
    )))
}

/// The staging and lock entries a build makes inside a mounted output.
fn is_ours(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(".dateline-") || n == MARKER)
}

/// Lists the previous output in `dir` (skipping what `keep` carries over and
/// a build's own entries), and what in it the marker does not list.
pub(super) fn scan(dir: &Path, keep: &Keep) -> Old {
    let list = read_marker(dir).and_then(|m| m.list);
    let listed: Option<HashSet<&str>> = list.as_deref().map(|l| l.lines().collect());
    let parents: Option<HashSet<&str>> = listed.as_ref().map(|l| {
        l.iter()
            .flat_map(|f| f.match_indices('/').map(|(i, _)| &f[..i]))
            .collect()
    });
    let mut old = Old::default();
    let top = |e: &walkdir::DirEntry| e.depth() == 1;
    let mut walk = WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(top(e) && (keep.holds(e.file_name()) || is_ours(e.file_name()))));
    while let Some(entry) = walk.next() {
        let e = match entry {
            Ok(e) => e,
            // A first build has no old output to list.
            Err(err) if err.depth() == 0 => break,
            // What cannot be read cannot be shown to be dateline's.
            Err(err) => {
                let path = err.path().unwrap_or(dir);
                old.foreign.push(relative(dir, path));
                continue;
            }
        };
        let rel = relative(dir, e.path());
        let is_dir = e.file_type().is_dir();
        let known = match (&listed, &parents) {
            (Some(_), Some(parents)) if is_dir => parents.contains(rel.as_str()),
            (Some(files), _) => files.contains(rel.as_str()),
            _ => true,
        };
        if !known {
            if is_dir {
                walk.skip_current_dir();
            }
            old.foreign.push(rel);
        } else if is_dir {
            old.dirs.push(rel);
        } else {
            old.files.push(rel);
        }
    }
    old
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Refuses to replace an output holding what dateline did not write.
pub(super) fn refuse_foreign(dir: &Path, old: &Old) -> Result<()> {
    if old.foreign.is_empty() {
        return Ok(());
    }
    let mut names: Vec<&str> = old.foreign.iter().map(String::as_str).collect();
    names.sort_unstable();
    let more = names.len().saturating_sub(5);
    let mut list = names[..names.len().min(5)].join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    Err(Error::Usage(format!(
        "{}: the output holds files dateline did not write ({list}); move them into static/ to publish them, list them under [output] keep, or delete them",
        dir.display()
    )))
}
