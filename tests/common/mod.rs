//! Helpers shared by the integration tests: build a fixture site into a
//! temporary folder and read its pages through an HTML parser.
#![allow(dead_code)]

pub(crate) mod serve;

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub(crate) const NOW: &str = "2025-09-10T12:00:00Z";

/// A built site in a temporary folder (removed when dropped).
pub(crate) struct Built {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) report: dateline::BuildReport,
}

impl Built {
    /// A path inside the output folder.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.report.output.join(rel)
    }

    pub(crate) fn page(&self, rel: &str) -> Html {
        let text = std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }
}

pub(crate) fn request(root: &Path, out: &Path) -> dateline::BuildRequest {
    dateline::BuildRequest {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
        future: false,
        now: Some(NOW.parse().unwrap()),
        cache: true,
        cache_dir: None,
        gc: false,
    }
}

pub(crate) fn build_fixture(name: &str) -> Built {
    build_with(name, |_| {})
}

pub(crate) fn build_with(name: &str, adjust: impl FnOnce(&mut dateline::BuildRequest)) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let mut req = request(&fixture(name), &dir.path().join("public"));
    adjust(&mut req);
    let report = dateline::build(&req).unwrap_or_else(|e| panic!("build failed: {e:?}"));
    Built { dir, report }
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Trimmed text of every element matching `css`.
pub(crate) fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub(crate) fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Runs the `dateline` binary.
pub(crate) fn dateline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copies a fixture into a fresh temp folder, so a test may change it.
pub(crate) fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Copies the folder `src` and everything in it to `to`.
pub(crate) fn copy_dir(src: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A site in a temporary folder with a `config.toml` (a title, a
/// `base_url`, then `config`) and `files` (paths under the site folder).
pub(crate) fn temp_site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = format!("title = \"Gazette\"\nbase_url = \"https://example.org/\"\n{config}");
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Builds `root` into a temporary folder through the library: the folder,
/// or the content errors (any other error fails the test).
pub(crate) fn build_site(root: &Path) -> Result<tempfile::TempDir, Vec<dateline::Diagnostic>> {
    let out = tempfile::tempdir().unwrap();
    match dateline::build(&request(root, &out.path().join("public"))) {
        Ok(_) => Ok(out),
        Err(dateline::Error::Content(ds)) => Err(ds),
        Err(e) => panic!("{e}"),
    }
}

/// Builds `root` through the library at `now` (RFC 3339) into a temporary
/// folder; any error fails the test.
pub(crate) fn build_at(root: &Path, now: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut req = request(root, &out.path().join("public"));
    req.now = Some(now.parse().unwrap());
    dateline::build(&req).unwrap_or_else(|e| panic!("{e}"));
    out
}

/// Runs the `dateline` binary, asserts it succeeded, and returns its
/// standard output.
pub(crate) fn stdout_of(args: &[&str]) -> String {
    let run = dateline(args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// A page `build_site` wrote, through an HTML parser.
pub(crate) fn built_page(out: &tempfile::TempDir, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.path().join("public").join(rel)).unwrap();
    Html::parse_document(&text)
}

/// Runs the `dateline build` binary on `root` into an output folder holding
/// a previous build; asserts exit code 1 and that the folder is as it was,
/// and returns stderr.
pub(crate) fn failing_run(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join(".dateline"), "").unwrap();
    std::fs::write(out.path().join("index.html"), "previous build").unwrap();
    let before = snapshot(out.path());
    let run = dateline(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{}: {stderr}", root.display());
    assert_eq!(
        snapshot(out.path()),
        before,
        "{}: output folder changed",
        root.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}
