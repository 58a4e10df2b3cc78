//! What the command line offers about itself: shell completions, manual
//! pages and the version, all made from the command's own definitions.

mod common;

use common::*;

/// The bash script is valid bash and completes every command.
#[test]
fn completions_are_valid_scripts_naming_every_command() {
    let script = stdout_of(&["completions", "bash"]);
    let mut bash = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("bash");
    use std::io::Write as _;
    bash.stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(bash.wait().unwrap().success(), "bash -n refused the script");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for command in ["build", "serve", "check", "next", "completions", "man"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    assert_eq!(dateline(&["completions", "tcsh"]).status.code(), Some(2));
}

/// The roff page's title line and sections, as `man` reads them.
fn sections(roff: &str) -> (Vec<String>, Vec<String>) {
    let title = roff
        .lines()
        .find_map(|l| l.strip_prefix(".TH "))
        .expect("a .TH line")
        .split_whitespace()
        .map(String::from)
        .collect();
    let heads = roff
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    (title, heads)
}

#[test]
fn man_pages_for_dateline_and_each_command() {
    let (title, heads) = sections(&stdout_of(&["man"]));
    assert_eq!(&title[..2], ["dateline", "1"]);
    for h in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS"] {
        assert!(heads.iter().any(|x| x == h), "no {h} in {heads:?}");
    }
    let build = stdout_of(&["man", "build"]);
    let (title, _) = sections(&build);
    assert_eq!(&title[..2], ["dateline-build", "1"]);
    assert!(build.contains("future"), "the page lists build's options");
    let unknown = dateline(&["man", "publish"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no command `publish`"));
    // groff, where it is installed, renders it without a warning.
    if let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write as _;
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(build.as_bytes())
            .unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("dateline-build"));
    }
}

#[test]
fn the_version_names_the_package_version() {
    let version = stdout_of(&["--version"]);
    let words: Vec<&str> = version.split_whitespace().collect();
    assert_eq!(words[..2], ["dateline", env!("CARGO_PKG_VERSION")]);
}
