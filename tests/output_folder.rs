//! Output folders a deployment really uses: a container volume (a mount
//! point, which cannot be renamed) and a read-only one. Both need a mount,
//! made in a private mount namespace (`unshare -rm`) where the machine
//! allows one.

#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// Runs `script` (with `$1` the dateline binary, `$2`.. the paths) as root of
/// a private mount namespace, or says why it cannot.
fn in_mount_namespace(script: &str, paths: &[&Path]) -> Option<Output> {
    let probe = Command::new("unshare").args(["-rm", "true"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: this machine allows no private mount namespace (unshare -rm)");
        return None;
    }
    let out = Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-euc",
            script,
            "sh",
            env!("CARGO_BIN_EXE_dateline"),
        ])
        .args(paths)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Some(out)
}

#[test]
fn a_mounted_output_folder_is_built_into_and_rebuilt() {
    let site = copy_fixture("basic");
    let (root, out, copy) = (
        site.path(),
        site.path().join("volume"),
        site.path().join("copy"),
    );
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&copy).unwrap();
    // Two builds into the volume (the second replaces the first), then a
    // copy of what a reader of the volume sees, since the mount goes with the namespace.
    let script = r#"mount -t tmpfs none "$3"
        echo news.example.org > "$3/CNAME"
        "$1" build --root "$2" -o "$3" -q
        "$1" build --root "$2" -o "$3" -q
        cp -a "$3/." "$4/""#;
    let Some(run) = in_mount_namespace(script, &[root, &out, &copy]) else {
        return;
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let home =
        scraper::Html::parse_document(&std::fs::read_to_string(copy.join("index.html")).unwrap());
    assert!(!texts(&home, "h1, h2").is_empty());
    assert_eq!(
        std::fs::read_to_string(copy.join("CNAME")).unwrap(),
        "news.example.org\n"
    );
    let names: Vec<String> = std::fs::read_dir(&copy)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".dateline-")),
        "{names:?}"
    );
    // Nothing beside the volume either.
    let beside: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The build cache is the site's own; staging folders and locks are not.
        .filter(|n| n.contains("dateline-") && n != ".dateline-cache")
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_read_only_output_is_refused_with_the_real_cause_and_left_clean() {
    let site = copy_fixture("basic");
    let (root, out) = (site.path(), site.path().join("public"));
    let built = dateline(&["build", "--root", root.to_str().unwrap(), "-q"]);
    assert!(built.status.success());
    let before = snapshot(&out);
    let script = r#"mount --bind "$3" "$3"
        mount -o remount,ro,bind "$3"
        set +e
        "$1" build --root "$2" -o "$3" -q
        echo "exit $?" >&2"#;
    let Some(run) = in_mount_namespace(script, &[root, &out]) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("exit 2"), "{stderr}");
    assert!(
        stderr.contains("cannot be written") && stderr.contains("public"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    let left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The build cache is the site's own; staging folders and locks are not.
        .filter(|n| n.contains("dateline-") && n != ".dateline-cache")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
