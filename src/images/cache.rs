//! Encoded variants kept between builds, named by their key: a file there is
//! exactly what encoding would give again, so the folder is safe to delete.

use std::path::{Path, PathBuf};

use super::plan::Variant;

/// The cache folder, beside the output in the site's folder; `.gitignore`
/// lists it (as `dateline init` writes it).
pub(crate) const DIR: &str = ".dateline-cache/images";

pub(crate) fn file(dir: &Path, v: &Variant) -> PathBuf {
    dir.join(format!("{:032x}.{}", v.key, v.format.ext()))
}

/// Whether `path` is named as this module names a variant (a hash of 32
/// hex digits, or the 16 of versions before 2026-12-07, and a format's
/// extension), so `--gc` leaves any other file alone.
pub(crate) fn is_variant(path: &Path) -> bool {
    let Some((stem, ext)) = path.file_name().and_then(|n| n.to_str()?.split_once('.')) else {
        return false;
    };
    let hex = stem
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex && matches!(stem.len(), 16 | 32) && matches!(ext, "avif" | "webp" | "jpg" | "png")
}

/// Whether `path` is a temporary file [`put`] (or the writing of the probe
/// record) left when its build was stopped, old enough that no running
/// build is still writing it.
pub(crate) fn is_leftover(path: &Path, modified: std::time::SystemTime) -> bool {
    let Some((stem, ext)) = path.file_name().and_then(|n| n.to_str()?.split_once('.')) else {
        return false;
    };
    let temp = ext
        .strip_prefix("tmp")
        .and_then(|t| t.split_once('-'))
        .is_some_and(|(pid, n)| {
            [pid, n]
                .iter()
                .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        });
    let hour = std::time::Duration::from_secs(3600);
    let old = modified.elapsed().is_ok_and(|age| age > hour);
    let probes = path.with_extension("bin").file_name() == Some(super::probes::FILE.as_ref());
    let of = probes || is_variant(&path.with_file_name(format!("{stem}.avif")));
    temp && of && old
}

/// Stores `bytes` under `to` through a temporary file, so a build stopped
/// midway leaves no half-written variant for the next one to publish.
pub(crate) fn put(to: &Path, bytes: &[u8]) -> Result<(), String> {
    // Unique across processes and threads: two builds may encode one variant.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = to.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, to))
        .map_err(|e| format!("cannot write the image cache {}: {e}", to.display()))
}
