//! What the last build's probes found, kept in the image cache by each
//! source's [`Mark`]: a picture whose file has not changed since is not
//! read, hashed and parsed again, which on a newsroom's archive of pictures
//! is most of the image stage of a build.
//!
//! The file is trusted only with its header and checksum intact and written
//! by this very build of dateline; anything else is probed anew. A failed
//! probe is never kept, so its error is reported every build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::probe::{self, Probe};

/// The file in the image cache's folder.
pub(crate) const FILE: &str = "probes.bin";

/// Its first bytes; the digit is the format's version.
const MAGIC: &[u8; 8] = b"dlprobe1";

/// A file changed within this many seconds of being probed could change
/// again within the same tick of a coarse clock without its stamp showing
/// it, so its probe is not kept.
const SETTLED_SECS: u64 = 2;

/// What tells a source file from one changed since, without reading it:
/// its size, modification time and inode, and its status-change time and
/// device, which no tool sets back (a tool rewriting a picture in place and
/// restoring its modification time still changes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Mark {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
}

impl Mark {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Mark> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(Mark {
            len: m.size(),
            modified: ns(m.mtime(), m.mtime_nsec()),
            changed: ns(m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            device: m.dev(),
        })
    }

    /// Elsewhere nothing shows a file rewritten in place with its time
    /// restored, so no probe is kept.
    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Mark> {
        None
    }

    /// Whether the file was last changed more than [`SETTLED_SECS`] ago.
    fn settled(&self) -> bool {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let last = self.modified.max(self.changed);
        now.is_ok_and(|n| n.as_nanos() as i128 - last > i128::from(SETTLED_SECS) * 1_000_000_000)
    }
}

/// One source file's kept probe.
pub(crate) type Kept = (PathBuf, Mark, Probe);

/// Each source file's probe, or why it cannot be used.
pub(crate) type Probes = HashMap<PathBuf, Result<Probe, String>>;

/// The probes of the last build, by source file.
#[derive(Debug, Default)]
struct Known {
    by_path: HashMap<PathBuf, (Mark, Probe)>,
}

/// What one probe found, and the mark to keep it under when it may be kept.
struct Found {
    probe: Result<Probe, String>,
    keep: Option<Mark>,
}

/// Every file of `paths` probed, in parallel, those unchanged since the
/// record in the image cache folder `dir` was written taken from it; and
/// the record to write once the build has used them, unless it is the same.
pub(crate) fn probe_all(dir: &Path, paths: &[&PathBuf]) -> (Probes, Option<Vec<Kept>>) {
    let known = Known::open(dir);
    let found: Vec<(PathBuf, Found)> = paths
        .par_iter()
        .map(|&p| (p.clone(), known.probe(p)))
        .collect();
    let mut fresh = Vec::new();
    let mut probes = HashMap::with_capacity(found.len());
    for (path, f) in found {
        if let (Some(mark), Ok(p)) = (f.keep, &f.probe) {
            fresh.push((path.clone(), mark, p.clone()));
        }
        probes.insert(path, f.probe);
    }
    let changed = !known.holds(&fresh);
    (probes, changed.then_some(fresh))
}

impl Known {
    /// The probes kept in the image cache folder `dir`; none when there are
    /// none or they cannot be trusted.
    fn open(dir: &Path) -> Known {
        let bytes = crate::cache::read_file(&dir.join(FILE)).unwrap_or_default();
        let by_path = decode(&bytes).unwrap_or_default();
        Known {
            by_path: by_path
                .into_iter()
                .map(|(p, s, probe)| (p, (s, probe)))
                .collect(),
        }
    }

    /// The probe of `path`: the kept one while its mark is the same, else
    /// a new one.
    fn probe(&self, path: &Path) -> Found {
        let before = Mark::of(path);
        if let (Some(s), Some((kept, p))) = (before, self.by_path.get(path))
            && s == *kept
        {
            let keep = Some(s);
            return Found {
                probe: Ok(p.clone()),
                keep,
            };
        }
        let probe = probe::probe(path);
        let after = Mark::of(path);
        let settled = after.filter(|s| before == Some(*s) && s.settled());
        let keep = settled.filter(|_| probe.is_ok());
        Found { probe, keep }
    }

    /// Whether `fresh` is what is kept already.
    fn holds(&self, fresh: &[Kept]) -> bool {
        fresh.len() == self.by_path.len()
            && fresh.iter().all(|(p, s, probe)| {
                self.by_path
                    .get(p)
                    .is_some_and(|(ks, kp)| ks == s && kp == probe)
            })
    }
}

/// Keeps `fresh`, this build's probes, in `dir` for the next build. A
/// record that cannot be written only costs the next build the probes.
pub(crate) fn save(dir: &Path, mut fresh: Vec<Kept>) {
    fresh.sort_by(|a, b| a.0.cmp(&b.0));
    let Ok(body) = postcard::to_allocvec(&fresh) else {
        return;
    };
    let mut bytes = Vec::with_capacity(body.len() + 32);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&crate::cache::program().to_le_bytes());
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    let _ = crate::cache::replace_file(&dir.join(FILE), &bytes);
}

/// Forgets every kept probe: a source whose bytes were not what its record
/// said was found, so no record of this cache is trusted again.
pub(crate) fn forget(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}

fn decode(bytes: &[u8]) -> Option<Vec<Kept>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (program, rest) = rest.split_at_checked(16)?;
    let (body, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    let ours = program == crate::cache::program().to_le_bytes();
    if !ours || sum != xxh3_64(body).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}
