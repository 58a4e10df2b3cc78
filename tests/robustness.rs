//! Odd and hostile input: nothing escapes the output folder, non-Latin
//! names give readable URLs, odd files build or fail with a located error,
//! and no input makes the parser panic.

mod common;

use std::path::Path;

use common::*;
use proptest::prelude::*;

#[test]
fn non_latin_file_names_give_readable_unique_urls() {
    let site = build_fixture("odd");
    for url in [
        "world/bei-jing-yue-bing/",
        "world/moskva-novosti/",
        "world/lqhr/",
        "world/seoul-nyuseu/",
    ] {
        assert!(site.path(&format!("{url}index.html")).is_file(), "{url}");
    }
    let page = site.page("world/bei-jing-yue-bing/index.html");
    assert_eq!(texts(&page, "h1"), ["北京举行阅兵"]);
}

#[test]
fn bom_and_crlf_files_build_correctly() {
    let site = build_fixture("odd");
    let page = site.page("world/windows/index.html");
    assert_eq!(texts(&page, "h1"), ["Windows file"]);
    assert_eq!(attrs(&page, ".story-body h2", "id"), ["heading"]);
}

#[test]
fn hostile_slugs_categories_tags_and_authors_stay_inside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deep/public");
    let req = request(&fixture("odd"), &out);
    let report = dateline::build(&req).unwrap();
    // Terms that slugify to nothing are warned about where they are written.
    let warned: Vec<(String, usize, usize)> = report
        .warnings
        .iter()
        .filter(|d| d.location.path.ends_with("hostile.md"))
        .map(|d| (d.message.clone(), d.location.line, d.location.col))
        .collect();
    assert!(
        warned.contains(&(
            "category `../..` has no letters or digits and is ignored".into(),
            5,
            12
        )),
        "{warned:?}"
    );
    assert!(
        warned.contains(&(
            "tag `..` has no letters or digits and is ignored".into(),
            6,
            9
        )),
        "{warned:?}"
    );
    // Everything written is under the output folder, beside only the lock file.
    let outside: Vec<String> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(&out))
        // The build cache beside the output, named by a hash, not by content.
        .filter(|e| {
            let cache = dir.path().join("deep/.dateline-cache");
            let name = e.file_name().to_string_lossy();
            let bucket = name.len() == 6 && name.ends_with(".bin");
            let kept = e.path().starts_with(cache.join("pages"))
                || (e.path().starts_with(cache.join("bodies")) && bucket);
            !kept
        })
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(
        outside.iter().all(|p| p.ends_with(".public.dateline-lock")),
        "{outside:?}"
    );
    for rel in [
        "etc-passwd/index.html",
        "author/root/index.html",
        "tag/abs/index.html",
        "tag/c-x/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
}

/// The output folder's files before and after.
type Snapshot = Vec<(std::path::PathBuf, Vec<u8>)>;

fn failing_case(root: &Path) -> (Vec<dateline::Diagnostic>, Snapshot, Snapshot) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join(".dateline"), "").unwrap();
    std::fs::write(public.join("index.html"), "previous").unwrap();
    let before = snapshot(&public);
    let err = dateline::build(&request(root, &public)).unwrap_err();
    let dateline::Error::Content(ds) = err else {
        panic!("{err:?}")
    };
    (ds, before, snapshot(&public))
}

#[test]
fn a_file_that_is_not_utf8_is_a_located_error() {
    let (ds, before, after) = failing_case(&fixture("errors/not_utf8"));
    assert_eq!(before, after);
    assert_eq!(ds.len(), 1);
    assert!(ds[0].location.path.ends_with("latin1.md"));
    assert_eq!((ds[0].location.line, ds[0].location.col), (2, 13));
    assert!(ds[0].message.contains("UTF-8"));
}

#[test]
fn an_empty_file_is_a_located_error() {
    let (ds, before, after) = failing_case(&fixture("errors/empty_file"));
    assert_eq!(before, after);
    assert!(ds[0].location.path.ends_with("empty.md"));
    assert_eq!(ds[0].location.line, 1);
    assert!(ds[0].message.contains("front matter"));
}

/// The errors of a build of the `odd` fixture with a symbolic link to
/// `target` at `link` (under its `content/`), after checking that the
/// build left the output untouched.
fn build_with_symlink(target: &str, link: &str) -> Vec<dateline::Diagnostic> {
    let dir = copy_fixture("odd");
    std::os::unix::fs::symlink(target, dir.path().join("content").join(link)).unwrap();
    let (ds, before, after) = failing_case(dir.path());
    assert_eq!(before, after);
    ds
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let ds = build_with_symlink("..", "world/loop");
    assert!(
        ds.iter()
            .any(|d| d.location.path.ends_with("loop") && d.message.contains("loop")),
        "{ds:?}"
    );
}

/// Runs as root too, where the unreadable folder below cannot be made.
#[test]
fn a_broken_symbolic_link_is_a_located_error() {
    let ds = build_with_symlink("nowhere.md", "world/gone.md");
    let broken: Vec<_> = ds
        .iter()
        .filter(|d| d.location.path.ends_with("content/world/gone.md"))
        .collect();
    assert_eq!(broken.len(), 1, "{ds:?}");
    assert_eq!(
        broken[0].message,
        "cannot read: broken symbolic link: its target `nowhere.md` does not exist"
    );
}

#[test]
fn an_unreadable_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_fixture("odd");
    let locked = dir.path().join("content/locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(
        locked.join("a.md"),
        "+++\ntitle = \"A\"\ndate = 2025-09-01\n+++\n",
    )
    .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = dir.path().to_str().unwrap();
    let args = ["build", "--root", root, "--now", NOW];
    // Permissions do not bind root: run as an ordinary user of a user
    // namespace (who owns the files there) when this test runs as root.
    let run = if std::fs::read_dir(&locked).is_ok() {
        let namespaced = std::process::Command::new("unshare")
            .args([
                "--map-user=1000",
                "--map-group=1000",
                env!("CARGO_BIN_EXE_dateline"),
            ])
            .args(args)
            .env("NO_COLOR", "1")
            .output();
        match namespaced {
            Ok(o) if !String::from_utf8_lossy(&o.stderr).contains("unshare:") => o,
            _ => {
                std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
                eprintln!("skipped: running as root without user namespaces");
                return;
            }
        }
    } else {
        dateline(&args)
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(2),
        "an unreadable folder is the machine's problem: {stderr}"
    );
    let line = stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or_default();
    assert!(
        line.contains("content/locked: error: cannot read"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_ten_megabyte_article_builds() {
    let dir = copy_fixture("odd");
    let mut text = String::from("+++\ntitle = \"Huge\"\ndate = 2025-09-01\n+++\n");
    let para =
        "A long paragraph of plain words that repeats to make a very large article. ".repeat(20);
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&para);
        text.push_str("\n\n");
    }
    std::fs::write(dir.path().join("content/world/huge.md"), text).unwrap();
    let out = tempfile::tempdir().unwrap();
    dateline::build(&request(dir.path(), &out.path().join("p"))).unwrap();
    assert!(
        std::fs::metadata(out.path().join("p/world/huge/index.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
}

fn config() -> dateline::Config {
    dateline::Config::parse(Path::new("."), "timezone = \"Europe/Paris\"", None).unwrap()
}

const VALID: &str = "+++\ntitle = \"Parade\"\ndate = 2025-09-03T09:00:00+08:00\ncategory = \"China\"\nauthors = [\"A\", \"B\"]\ntags = [\"x\"]\nrelated = [\"world/x.md\", { title = \"T\", url = \"https://e.org\" }]\nimage = { src = \"/i.svg\", alt = \"A\" }\n+++\n\n## Heading\n\nBody [link](@/world/x.md#h).\n\nAlso read: [](@/world/y.md)\n";
const VALID_YAML: &str = "---\ntitle: Parade\ndate: 2025-09-03\ncategory: China\ntags: [a, b]\ncorrections:\n  - date: 2025-09-04\n    text: Fixed\n---\nBody.\n";

/// Either a parsed article or errors located in the file (line 1 or more).
fn parses_or_locates(text: &str) {
    let path = Path::new("content/world/fuzz.md");
    match dateline::content::Article::parse("world/fuzz.md", path, text, &config()) {
        Ok(a) => assert!(!a.title.is_empty()),
        Err(ds) => {
            assert!(!ds.is_empty());
            for d in ds {
                assert_eq!(d.location.path, path);
                assert!(d.location.line >= 1, "{d:?}");
                let lines = text.lines().count().max(1) + 1;
                assert!(
                    d.location.line <= lines,
                    "line {} of {lines}: {d:?}",
                    d.location.line
                );
            }
        }
    }
}

/// Mutations of a valid article: bytes inserted, removed or replaced.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..8);
    edits.prop_map(move |edits| {
        let mut chars: Vec<char> = base.chars().collect();
        for (at, kind, c) in edits {
            let i = at.index(chars.len().max(1));
            match kind {
                0 => chars.insert(i.min(chars.len()), c),
                1 if !chars.is_empty() => {
                    chars.remove(i.min(chars.len() - 1));
                }
                _ if !chars.is_empty() => {
                    let last = chars.len() - 1;
                    chars[i.min(last)] = c;
                }
                _ => {}
            }
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn front_matter_split_never_panics(text in ".{0,300}") {
        let _ = dateline::content::frontmatter::split(Path::new("x.md"), &text);
    }

    #[test]
    fn fenced_random_text_parses_or_locates(fm in "[a-z_ =\\[\\]{}\"':0-9,\n-]{0,120}", toml in any::<bool>()) {
        let fence = if toml { "+++" } else { "---" };
        parses_or_locates(&format!("{fence}\n{fm}\n{fence}\nBody\n"));
    }

    #[test]
    fn mutated_toml_articles_parse_or_locate(text in mutated(VALID)) {
        parses_or_locates(&text);
    }

    #[test]
    fn mutated_yaml_articles_parse_or_locate(text in mutated(VALID_YAML)) {
        parses_or_locates(&text);
    }
}

/// Whether a URL would run code in a browser, the way browsers read it:
/// leading spaces and controls skipped, tabs and newlines dropped, any case.
fn runs_code(url: &str) -> bool {
    let clean: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| clean.starts_with(s))
}

/// Builds the basic fixture with `article` added (and the profile's links
/// replaced by `link`): the outcome, the site folder and the output.
fn build_with_article(
    article: &str,
    link: &str,
) -> (Result<(), Vec<dateline::Diagnostic>>, tempfile::TempDir) {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("content/world/fuzz.md"), article).unwrap();
    let profile = site.path().join("content/authors/mei-lin.md");
    let text = std::fs::read_to_string(&profile).unwrap();
    let links = format!(
        "links = [{{ name = \"Site\", url = {} }}]",
        toml::Value::String(link.into())
    );
    let text = text.replace(
        "links = [{ name = \"Mastodon\", url = \"https://example.social/@meilin\" }]",
        &links,
    );
    std::fs::write(&profile, text).unwrap();
    let out = site.path().join("public");
    let result = match dateline::build(&request(site.path(), &out)) {
        Ok(_) => Ok(()),
        Err(dateline::Error::Content(ds)) => Err(ds),
        Err(e) => panic!("not a content error: {e}"),
    };
    (result, site)
}

/// Every error names a file of the site, at line 1 or more.
fn assert_located(ds: &[dateline::Diagnostic], root: &Path) {
    assert!(!ds.is_empty());
    for d in ds {
        assert!(d.location.path.starts_with(root), "{d:?}");
        assert!(d.location.line >= 1, "{d:?}");
    }
}

/// Characters XML 1.0 forbids, and those HTML forbids in text.
fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || c == '\u{7f}'
        || c == '\u{fffe}'
        || c == '\u{ffff}'
}

fn hostile_url() -> impl Strategy<Value = String> {
    let schemes = prop::sample::select(vec![
        "javascript:",
        "JaVaScRiPt:",
        " javascript:",
        "java\tscript:",
        "\u{1}javascript:",
        "vbscript:",
        "data:text/html,",
        "DATA:",
        "http://example.org/",
        "https://example.org/",
        "mailto:desk@",
        "/",
        "",
        "//evil.example/",
        "jav&#x61;script:",
    ]);
    (schemes, "[a-z()/:.;\"'<> \t\u{0}-\u{1f}]{0,16}").prop_map(|(s, rest)| format!("{s}{rest}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300) / 10
    ))]

    /// Control characters in a title or body (Word's Shift+Enter pastes a
    /// vertical tab) never reach a published file: every XML file parses.
    #[test]
    fn control_characters_never_reach_published_files(
        title in "[a-zA-Z \u{0}-\u{1f}\u{7f}\u{80}-\u{9f}]{1,24}",
        body in "([a-zA-Z .\n\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}]|&#(11|x0?[bB]|8|65535|0);){0,80}",
    ) {
        let article = format!(
            "+++\ntitle = {}\ndate = 2025-09-04 09:00\ntags = [{}]\n+++\n{body}\n",
            toml::Value::String(title.clone()),
            toml::Value::String(title.clone()),
        );
        let (result, site) = build_with_article(&article, "https://example.org/");
        match result {
            Err(ds) => assert_located(&ds, site.path()),
            Ok(()) => {
                for e in walkdir::WalkDir::new(site.path().join("public")).into_iter().filter_map(Result::ok) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if !(name.ends_with(".xml") || name.ends_with(".html")) {
                        continue;
                    }
                    let text = std::fs::read_to_string(e.path()).unwrap();
                    prop_assert!(!text.contains(forbidden), "{}", e.path().display());
                    if name.ends_with(".xml") {
                        prop_assert!(roxmltree::Document::parse(&text).is_ok(), "{}", e.path().display());
                    }
                }
            }
        }
    }

    /// A hostile URL in an article's picture, its related links or an
    /// author's profile is refused at its line, or published harmless.
    #[test]
    fn hostile_urls_are_refused_or_published_harmless(url in hostile_url()) {
        let quoted = toml::Value::String(url.clone());
        let article = format!(
            "+++\ntitle = \"Fuzz\"\ndate = 2025-09-04 09:00\nauthors = [\"Mei Lin\"]\n\
             image = {{ src = {quoted}, alt = \"A\" }}\nrelated = [{{ title = \"T\", url = {quoted} }}]\n+++\nBody.\n"
        );
        let (result, site) = build_with_article(&article, &url);
        match result {
            Err(ds) => assert_located(&ds, site.path()),
            Ok(()) => {
                for page in ["world/fuzz/index.html", "author/mei-lin/index.html"] {
                    let text = std::fs::read_to_string(site.path().join("public").join(page)).unwrap();
                    let html = scraper::Html::parse_document(&text);
                    for el in html.select(&sel("[href], [src], meta[content]")) {
                        for attr in ["href", "src", "content"] {
                            if let Some(v) = el.value().attr(attr) {
                                prop_assert!(!runs_code(v), "{page}: {attr}={v:?}");
                            }
                        }
                    }
                    for script in html.select(&sel("script[type='application/ld+json']")) {
                        let json: serde_json::Value = serde_json::from_str(&script.inner_html()).unwrap();
                        let mut stack = vec![&json];
                        while let Some(v) = stack.pop() {
                            match v {
                                serde_json::Value::String(s) => prop_assert!(!runs_code(s), "{page}: {s:?}"),
                                serde_json::Value::Array(a) => stack.extend(a),
                                serde_json::Value::Object(o) => stack.extend(o.values()),
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Ctrl-C in the middle of a build: the output is the old site or the new
/// one, never a mix and never a half-written file.
#[test]
fn an_interrupted_build_leaves_the_old_site_or_the_new_one() {
    let dir = copy_fixture("odd");
    let body = "Words of a long enough article body. ".repeat(200);
    for i in 0..1500 {
        let text = format!(
            "+++\ntitle = \"Story {i}\"\ndate = 2025-08-{:02}\n+++\n\n{body}\n",
            1 + i % 28
        );
        std::fs::write(dir.path().join(format!("content/world/story-{i}.md")), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let root = dir.path().to_str().unwrap();
    let first = dateline(&[
        "build",
        "-q",
        "--root",
        root,
        "--output",
        public.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert!(first.status.success(), "{first:?}");
    let old = snapshot(&public);
    // The second build differs (a later "now" changes the footer year).
    for delay_ms in [50, 150, 400] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args([
                "build",
                "-q",
                "--root",
                root,
                "--output",
                public.to_str().unwrap(),
                "--now",
                "2026-02-01T00:00:00Z",
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let now = snapshot(&public);
        if now != old {
            // The build finished before the signal: then it is the whole new site.
            let fresh = tempfile::tempdir().unwrap();
            let full = fresh.path().join("public");
            let run = dateline(&[
                "build",
                "-q",
                "--root",
                root,
                "--output",
                full.to_str().unwrap(),
                "--now",
                "2026-02-01T00:00:00Z",
            ]);
            assert!(run.status.success());
            assert_eq!(
                now,
                snapshot(&full),
                "a mix of two builds after a signal at {delay_ms} ms"
            );
            return;
        }
    }
}

/// A committed link to `/etc/hostname` or a key file published it on the
/// public site; links leaving the site are errors unless the site allows them.
#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_site_are_errors_naming_link_and_target() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "build machine secret").unwrap();
    std::fs::write(
        outside.path().join("leak.md"),
        "+++\ntitle = \"Leak\"\ndate = 2025-01-01\n+++\nsecret\n",
    )
    .unwrap();
    let site = copy_fixture("basic");
    let root = site.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static/x.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("static/folder")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("leak.md"),
        root.join("content/world/leak.md"),
    )
    .unwrap();
    let bundle = root.join("content/world/bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(
        bundle.join("index.md"),
        "+++\ntitle = \"Bundle\"\ndate = 2025-01-01\n+++\nBody\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, bundle.join("photo.jpg")).unwrap();
    // Inside the site but outside static/: where CI keeps its token.
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join(".git/config"),
        "extraheader = AUTHORIZATION: basic token",
    )
    .unwrap();
    std::os::unix::fs::symlink(root.join(".git/config"), root.join("static/token.txt")).unwrap();
    // A link that stays inside static/ is fine.
    std::fs::write(root.join("static/real.txt"), "ours").unwrap();
    std::os::unix::fs::symlink(root.join("static/real.txt"), root.join("static/alias.txt"))
        .unwrap();
    let root_arg = root.to_str().unwrap();
    for command in ["build", "check"] {
        let run = dateline(&[command, "--root", root_arg]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{command}: {stderr}");
        for (link, target) in [
            ("static/x.txt", secret.clone()),
            ("static/folder", outside.path().to_path_buf()),
            ("content/world/leak.md", outside.path().join("leak.md")),
            ("content/world/bundle/photo.jpg", secret.clone()),
            ("static/token.txt", root.join(".git/config")),
        ] {
            let target = target.canonicalize().unwrap();
            let line = stderr
                .lines()
                .find(|l| l.contains(link))
                .unwrap_or_else(|| panic!("{command}: {link} not named in {stderr}"));
            assert!(line.contains(&target.display().to_string()), "{line}");
        }
        assert!(!stderr.contains("alias.txt"), "{stderr}");
    }
    assert!(!root.join("public").exists());
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        format!("{config}\n[security]\nallow_outside_links = true\n"),
    )
    .unwrap();
    let run = dateline(&["build", "--root", root_arg]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let published = std::fs::read_to_string(root.join("public/x.txt")).unwrap();
    assert_eq!(published, "build machine secret");
    assert_eq!(
        std::fs::read_to_string(root.join("public/alias.txt")).unwrap(),
        "ours"
    );
}

/// `check` passed where `build` then failed while writing and blamed its
/// staging folder: each of these is a located error (exit code 1) naming
/// the source, from `check` and `build` alike, and nothing is written.
#[test]
fn check_and_build_agree_on_paths_no_system_can_write() {
    let site = copy_fixture("basic");
    let root = site.path();
    let long = "x".repeat(260);
    let article = |aliases: &str| {
        format!(
            "+++\ntitle = \"Names\"\ndate = 2025-09-04 09:00\nslug = \"{long}\"\n\
             category = \"{long}\"\ntags = [\"{long}\"]\nauthors = [\"{long}\"]\n\
             aliases = [{aliases}]\n+++\nBody.\n"
        )
    };
    let names = root.join("content/world/names.md");
    let statics = root.join("static");
    std::fs::create_dir_all(&statics).unwrap();
    let odd_statics = ["a:b.txt", "nul.txt", "com1"];
    for name in odd_statics.iter().chain(&["Logo.png", "logo.png"]) {
        std::fs::write(statics.join(name), "x").unwrap();
    }
    #[cfg(unix)]
    let not_utf8 = {
        use std::os::unix::ffi::OsStrExt;
        let path = statics.join(std::ffi::OsStr::from_bytes(b"bad\xff.txt"));
        std::fs::write(&path, "x").unwrap();
        path
    };
    let root_arg = root.to_str().unwrap();
    let errors = || -> Vec<String> {
        let check = dateline(&["check", "--root", root_arg]);
        let build = dateline(&["build", "--root", root_arg]);
        assert_eq!(check.status.code(), Some(1));
        assert_eq!(build.status.code(), Some(1));
        let lines = |o: &std::process::Output| -> Vec<String> {
            let text = String::from_utf8_lossy(&o.stderr).into_owned();
            text.lines()
                .filter(|l| l.contains(": error: "))
                .map(String::from)
                .collect()
        };
        assert_eq!(lines(&check), lines(&build));
        assert!(!root.join("public").exists());
        lines(&build)
    };
    let has = |errors: &[String], file: &str, what: &str| {
        errors
            .iter()
            .any(|l| l.starts_with(&root.join(file).display().to_string()) && l.contains(what))
    };
    // Found while loading: aliases that are no path, names in static/, URLs.
    std::fs::write(&names, article(r#""/con/", "/old?x=1", "/a#b", "/q\"<b>""#)).unwrap();
    let found = errors();
    let article_file = "content/world/names.md";
    for what in [
        "alias `/con/`",
        "alias `/old?x=1`",
        "alias `/a#b`",
        "alias `/q",
    ] {
        assert!(has(&found, article_file, what), "{what}: {found:#?}");
    }
    assert!(has(&found, "static/a:b.txt", "`:`"), "{found:#?}");
    assert!(has(&found, "static/nul.txt", "device name"), "{found:#?}");
    assert!(has(&found, "static/com1", "device name"), "{found:#?}");
    #[cfg(unix)]
    assert!(
        found.iter().any(|l| l.contains("not valid UTF-8")),
        "{found:#?}"
    );
    // Found once the article parses: its own URL.
    std::fs::write(&names, article(r#""/old/""#)).unwrap();
    for name in odd_statics {
        std::fs::remove_file(statics.join(name)).unwrap();
    }
    #[cfg(unix)]
    std::fs::remove_file(not_utf8).unwrap();
    let found = errors();
    assert!(
        has(&found, article_file, "URL cannot be written"),
        "{found:#?}"
    );
    // Found when the files are planned: pages meeting at one path, long terms.
    std::fs::write(
        &names,
        article(r#""/rss.xml", "/style.css", "/sitemap.xml""#)
            .replace(&format!("slug = \"{long}\"\n"), "")
            .replace(&format!("category = \"{long}\"\n"), ""),
    )
    .unwrap();
    let found = errors();
    for what in [
        "`rss.xml` would be a file",
        "`style.css` would be a file",
        "`sitemap.xml` would be a file",
    ] {
        assert!(has(&found, article_file, what), "{what}: {found:#?}");
    }
    for kind in ["tag", "author"] {
        assert!(
            has(&found, article_file, &format!("the {kind} page of `xxx")),
            "{kind}: {found:#?}"
        );
    }
    assert!(
        has(&found, "static/Logo.png", "differ only in case"),
        "{found:#?}"
    );
    assert!(
        !found.iter().any(|l| l.contains("dateline-new")),
        "{found:#?}"
    );
}

/// A bad `--base-url` blamed `config.toml`'s `base_url` line (exit code 1).
#[test]
fn a_bad_base_url_flag_is_a_usage_error_naming_the_flag() {
    let run = dateline(&[
        "build",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--base-url",
        "nope",
        "-o",
        tempfile::tempdir()
            .unwrap()
            .path()
            .join("out")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("--base-url") && !stderr.contains("config.toml"),
        "{stderr}"
    );
}
