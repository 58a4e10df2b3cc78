//! What the last build's probes found, kept in the image cache by each
//! source's stamp (size, modification time, inode): a picture whose file
//! has not changed since is not read, hashed and parsed again, which on a
//! newsroom's archive of pictures is most of the image stage of a build.
//!
//! The file is trusted only with its header and checksum intact and written
//! by this very build of dateline; anything else is probed anew. A failed
//! probe is never kept, so its error is reported every build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use super::probe::{self, Probe};
use crate::output::Stamp;

/// The file in the image cache's folder.
const FILE: &str = "probes.bin";

/// Its first bytes; the digit is the format's version.
const MAGIC: &[u8; 8] = b"dlprobe1";

/// A file changed within this many seconds of being probed could change
/// again within the same tick of a coarse clock without its stamp showing
/// it, so its probe is not kept.
const SETTLED_SECS: u64 = 2;

/// The probes of the last build, by source file.
#[derive(Debug, Default)]
pub(crate) struct Known {
    by_path: HashMap<PathBuf, (Stamp, Probe)>,
}

/// What one probe found, and the stamp to keep it under when it may be kept.
pub(crate) struct Found {
    pub(crate) probe: Result<Probe, String>,
    pub(crate) keep: Option<Stamp>,
}

impl Known {
    /// The probes kept in the image cache folder `dir`; none when there are
    /// none or they cannot be trusted.
    pub(crate) fn open(dir: &Path) -> Known {
        let bytes = crate::cache::read_file(&dir.join(FILE)).unwrap_or_default();
        let by_path = decode(&bytes).unwrap_or_default();
        Known {
            by_path: by_path
                .into_iter()
                .map(|(p, s, probe)| (p, (s, probe)))
                .collect(),
        }
    }

    /// The probe of `path`: the kept one while its stamp is the same, else
    /// a new one.
    pub(crate) fn probe(&self, path: &Path) -> Found {
        let before = Stamp::of(path);
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
        let after = Stamp::of(path);
        let settled = after.filter(|s| before == Some(*s) && s.older_than(SETTLED_SECS));
        let keep = settled.filter(|_| probe.is_ok());
        Found { probe, keep }
    }

    /// Whether `fresh` is what is kept already.
    fn holds(&self, fresh: &[(PathBuf, Stamp, Probe)]) -> bool {
        fresh.len() == self.by_path.len()
            && fresh.iter().all(|(p, s, probe)| {
                self.by_path
                    .get(p)
                    .is_some_and(|(ks, kp)| ks == s && kp == probe)
            })
    }
}

/// Keeps `fresh`, this build's probes, in `dir` for the next build, unless
/// they are what is kept already. A cache that cannot be written only
/// costs the next build the probes.
pub(crate) fn save(dir: &Path, known: &Known, mut fresh: Vec<(PathBuf, Stamp, Probe)>) {
    if known.holds(&fresh) {
        return;
    }
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

fn decode(bytes: &[u8]) -> Option<Vec<(PathBuf, Stamp, Probe)>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (program, rest) = rest.split_at_checked(16)?;
    let (body, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    let ours = program == crate::cache::program().to_le_bytes();
    if !ours || sum != xxh3_64(body).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}
