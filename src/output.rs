//! Stage 6, the only writer: puts the rendered files in the output folder.
//!
//! 1. Refuse a folder that holds other things than a previous build
//!    (it has no `.dateline` marker and is not empty).
//! 2. Write each file whose bytes changed (to a temporary name, then rename);
//!    leave unchanged files alone so their modification times stay.
//! 3. Remove what the previous build wrote that this one did not.

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::paths::is_safe_url_path;
use crate::render::{Contents, OutputFile};

/// Marks a folder as dateline's output, so stale files may be removed.
pub const MARKER: &str = ".dateline";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

pub fn write(dir: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    check_owned(dir)?;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for f in files {
        if !is_safe_url_path(&f.rel_path) {
            return Err(Error::Usage(format!(
                "refusing to write outside the output folder: `{}`",
                f.rel_path
            )));
        }
    }
    create_dirs(dir, files)?;
    let changed: Vec<bool> = files
        .par_iter()
        .map(|f| write_one(dir, f))
        .collect::<Result<_>>()?;
    let written = changed.iter().filter(|c| **c).count();
    write_if_changed(
        &dir.join(MARKER),
        b"Built by dateline. Files here are replaced on every build.\n",
    )?;
    let removed = remove_stale(dir, files)?;
    Ok(WriteStats {
        written,
        unchanged: files.len() - written,
        removed,
    })
}

fn check_owned(dir: &Path) -> Result<()> {
    let mut entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if dir.join(MARKER).is_file() || entries.next().is_none() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{}: the output folder is not empty and was not made by dateline; empty it or choose another with --output",
        dir.display()
    )))
}

/// Creates each needed folder once, rather than once per file.
fn create_dirs(dir: &Path, files: &[OutputFile]) -> Result<()> {
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.rel_path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    dirs.par_iter().try_for_each(|d| {
        let path = dir.join(d);
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(_) => {
                fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))
            }
            Err(_) => fs::create_dir_all(&path).map_err(|e| Error::io(&path, e)),
        }
    })
}

/// Returns whether the file was (re)written.
fn write_one(dir: &Path, f: &OutputFile) -> Result<bool> {
    let target = dir.join(&f.rel_path);
    match &f.contents {
        Contents::Bytes(b) => write_if_changed(&target, b),
        Contents::Copy(src) => {
            let b = fs::read(src).map_err(|e| Error::io(src, e))?;
            write_if_changed(&target, &b)
        }
    }
}

fn write_if_changed(target: &Path, bytes: &[u8]) -> Result<bool> {
    match fs::metadata(target) {
        Ok(m)
            if m.is_file()
                && m.len() == bytes.len() as u64
                && fs::read(target).is_ok_and(|old| old == bytes) =>
        {
            return Ok(false);
        }
        Ok(m) if m.is_dir() => {
            fs::remove_dir_all(target).map_err(|e| Error::io(target, e))?;
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            // A new file: nothing to protect from a half-written state.
            fs::write(target, bytes).map_err(|e| Error::io(target, e))?;
            return Ok(true);
        }
        _ => {}
    }
    let tmp = temp_name(target);
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, target).map_err(|e| Error::io(target, e))?;
    Ok(true)
}

fn temp_name(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".dateline-tmp");
    target.with_file_name(name)
}

/// Deletes files (and then empty folders) this build did not write.
fn remove_stale(dir: &Path, files: &[OutputFile]) -> Result<usize> {
    let keep: HashSet<PathBuf> = files
        .iter()
        .map(|f| dir.join(&f.rel_path))
        .chain([dir.join(MARKER)])
        .collect();
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            dirs.push(path.to_path_buf());
        } else if !keep.contains(path) {
            fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            removed += 1;
        }
    }
    for d in dirs {
        // Only empty folders go; a folder that still has files fails harmlessly.
        let _ = fs::remove_dir(&d);
    }
    Ok(removed)
}
