//! Puts the commit the binary was built from into `dateline --version`, as
//! ripgrep does: `dateline 0.1.0 (rev 1a2b3c4d5e6f)`. Without git (a crate
//! downloaded from crates.io) the version stands alone.

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
    // A new commit or a checkout changes these.
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        println!("cargo:rerun-if-changed={path}");
    }
}
