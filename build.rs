//! Puts the commit the binary was built from into `dateline --version`, as
//! ripgrep does: `dateline 0.1.0 (rev 1a2b3c4d5e6f)`. Without git (a crate
//! downloaded from crates.io) the version stands alone.
//!
//! Also names the versions of the crates that decode, resize and encode
//! pictures, from `Cargo.lock`: a variant's name holds them, so a new
//! encoder, which may give other bytes, gives new names rather than new
//! bytes under names browsers keep for a year.

use std::process::Command;

fn main() {
    let rev = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let version = env!("CARGO_PKG_VERSION");
    let full = match rev {
        Some(rev) => format!("{version} (rev {rev})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=DATELINE_VERSION={full}");
    println!("cargo:rustc-env=DATELINE_ENCODERS={}", encoders());
    println!("cargo:rerun-if-changed=Cargo.lock");
    // A new commit or a checkout changes these.
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// The crates that make a variant's bytes.
const ENCODERS: [&str; 8] = [
    "image",
    "zune-jpeg",
    "png",
    "fdeflate",
    "ravif",
    "rav1e",
    "webp",
    "libwebp-sys",
];

/// `name version` of each of [`ENCODERS`] in `Cargo.lock`, space-separated;
/// `unknown` without a lock file (then only `ENCODER_VERSION` tells them).
fn encoders() -> String {
    let Ok(lock) = std::fs::read_to_string("Cargo.lock") else {
        return "unknown".into();
    };
    let mut found = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("name = \"")
            .and_then(|n| n.strip_suffix('"'))
        else {
            continue;
        };
        let version = lines.next().and_then(|v| v.strip_prefix("version = \""));
        if let (true, Some(v)) = (ENCODERS.contains(&name), version) {
            found.push(format!("{name} {}", v.trim_end_matches('"')));
        }
    }
    found.sort();
    found.join(" ")
}
