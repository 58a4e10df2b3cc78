//! `serve`, `new`, `init` and `check`, through the binary.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::serve::*;
use common::*;

#[test]
fn serve_serves_pages_reloads_on_change_and_recovers_from_errors() {
    let site = copy_fixture("basic");
    let server = serve(site.path());
    // Served pages live at the server's root, whatever the base URL's path.
    let (status, body) = get(&server.addr, "/china/parade/");
    assert_eq!(status, 200);
    assert!(body.contains("Leaders gather for the September parade"));
    assert!(
        body.contains("/__dateline/events"),
        "live reload script injected"
    );
    assert!(
        body.contains(&format!("href=\"http://{}/china/parade/\"", server.addr)),
        "canonical uses the server"
    );

    let file = site.path().join("content/china/parade.md");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("The opening paragraph", "A rewritten opening paragraph"),
    )
    .unwrap();
    wait_for(&server.addr, "/china/parade/", "the edit", |b| {
        b.contains("A rewritten opening paragraph")
    });

    std::fs::write(&file, original.replacen("title = ", "titel = ", 1)).unwrap();
    let broken = wait_for(&server.addr, "/china/parade/", "the problem overlay", |b| {
        b.contains("<pre id=\"dateline-problems\"")
    });
    let overlay = broken
        .split("<pre id=\"dateline-problems\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        overlay.contains("parade.md:2:1") && overlay.contains("did you mean"),
        "overlay names file and line: {overlay}"
    );
    assert!(
        broken.contains("A rewritten opening paragraph"),
        "the last good build is still served"
    );

    std::fs::write(
        &file,
        original.replace("The opening paragraph", "Fixed again"),
    )
    .unwrap();
    let fixed = wait_for(&server.addr, "/china/parade/", "the recovery", |b| {
        b.contains("Fixed again")
    });
    assert!(!fixed.contains("<pre id=\"dateline-problems\""));
}

#[test]
fn serve_refuses_paths_outside_the_site() {
    let site = copy_fixture("basic");
    let server = serve(site.path());
    for path in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2e%2e%2fconfig.toml",
        "//etc/passwd",
        "/..%5cconfig.toml",
        "/content/china/parade.md",
    ] {
        let (status, body) = get(&server.addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked config.toml");
    }
    let (status, _) = get(&server.addr, "/style.css");
    assert_eq!(status, 200);
}

#[test]
fn serve_never_writes_public() {
    let site = copy_fixture("basic");
    let server = serve(site.path());
    get(&server.addr, "/");
    drop(server);
    assert!(!site.path().join("public").exists());
}

#[test]
fn init_then_build_works_and_init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("paper");
    let run = dateline(&["init", site.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    assert!(
        config.contains("# [related]") && config.contains("# paginate"),
        "every key, commented"
    );
    assert!(config.contains("# [images]\n# widths = [480, 800, 1200, 1600, 2000]"));
    // The build's output and its image cache are not the site's sources.
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert_eq!(ignore, "/public\n/.dateline-cache\n");
    let run = dateline(&["build", "--root", site.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    assert!(site.join("public/news/welcome/index.html").is_file());
    assert!(
        site.join("public/author/newsroom-editor/index.html")
            .is_file()
    );
    let again = dateline(&["init", site.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn new_creates_a_draft_that_builds_and_refuses_to_overwrite() {
    let site = copy_fixture("basic");
    let root = site.path().to_str().unwrap();
    let run = dateline(&[
        "new",
        "Storm \"Ana\" reaches the coast",
        "--category",
        "World",
        "--author",
        "Mei Lin",
        "--root",
        root,
    ]);
    assert!(run.status.success(), "{run:?}");
    let path = String::from_utf8(run.stdout).unwrap().trim().to_string();
    assert!(
        path.ends_with("content/world/storm-ana-reaches-the-coast.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("draft = true") && text.contains("authors = [\"Mei Lin\"]"));
    let out = tempfile::tempdir().unwrap();
    let build = dateline(&[
        "build",
        "--root",
        root,
        "--output",
        out.path().join("p").to_str().unwrap(),
        "--drafts",
        "--future",
    ]);
    assert!(build.status.success(), "{build:?}");
    let page = std::fs::read_to_string(
        out.path()
            .join("p/world/storm-ana-reaches-the-coast/index.html"),
    )
    .unwrap();
    assert!(page.contains("Storm &quot;Ana&quot; reaches the coast"));
    let again = dateline(&[
        "new",
        "Storm \"Ana\" reaches the coast",
        "--category",
        "World",
        "--root",
        root,
    ]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn check_exit_codes() {
    let ok = dateline(&["check", "--root", fixture("basic").to_str().unwrap()]);
    assert!(ok.status.success(), "{ok:?}");
    let bad = dateline(&[
        "check",
        "--root",
        fixture("errors/broken_link").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(stderr.contains("bad.md:8:5: error:"), "{stderr}");
    let template = dateline(&[
        "check",
        "--root",
        fixture("errors/template_error").to_str().unwrap(),
    ]);
    assert_eq!(template.status.code(), Some(1));
    // The odd fixture builds with warnings: fine, unless --strict.
    let odd = fixture("odd");
    assert!(
        dateline(&["check", "--root", odd.to_str().unwrap()])
            .status
            .success()
    );
    let strict = dateline(&["check", "--root", odd.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    // Each warning once, then why it failed (it said "0 errors found").
    let stderr = String::from_utf8_lossy(&strict.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    let unique: std::collections::BTreeSet<&&str> = warnings.iter().collect();
    assert!(
        !warnings.is_empty() && warnings.len() == unique.len(),
        "{stderr}"
    );
    assert!(stderr.contains("--strict fails on warnings"), "{stderr}");
    // check takes --now like build, and -v prints the stages.
    let timed = dateline(&[
        "check",
        "-v",
        "--now",
        "2025-09-10T12:00:00Z",
        "--root",
        odd.to_str().unwrap(),
    ]);
    assert!(timed.status.success());
    assert!(
        String::from_utf8_lossy(&timed.stderr).contains("render"),
        "check -v prints stage times"
    );
    assert!(!odd.join("public").exists(), "check writes nothing");
}

#[test]
fn quiet_prints_nothing_on_success() {
    let out = tempfile::tempdir().unwrap();
    let run = dateline(&[
        "build",
        "--quiet",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--output",
        out.path().join("p").to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:?}");
}

/// `serve` answered any Host header, so a page on another site could read
/// the preview (drafts included) through DNS rebinding.
#[test]
fn serve_refuses_requests_for_other_hosts() {
    let site = copy_fixture("basic");
    let server = serve(site.path());
    let ask = |host: &str| get_as(&server.addr, host, "/").0;
    let port = server.addr.rsplit_once(':').unwrap().1;
    assert_eq!(ask("rebound.example"), 403);
    assert_eq!(ask(&format!("rebound.example:{port}")), 403);
    assert_eq!(ask(&format!("localhost:{port}")), 200);
    assert_eq!(ask(&server.addr), 200);
}

/// A build said nothing of the articles it left out.
#[test]
fn build_says_what_it_did_not_publish() {
    let out = tempfile::tempdir().unwrap();
    let run = dateline(&[
        "build",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--output",
        out.path().join("public").to_str().unwrap(),
        "--now",
        "2025-09-10T12:00:00Z",
    ]);
    assert!(run.status.success());
    let stdout = String::from_utf8_lossy(&run.stdout);
    let line = stdout.lines().find(|l| l.starts_with("Not published:"));
    assert_eq!(
        line,
        Some("Not published: 1 draft (--drafts publish them)"),
        "{stdout}"
    );
}

/// Outside a site, dateline printed the OS error twice and no hint; inside
/// a site's subfolder it did not find the site. It now looks upward for
/// config.toml, as git does, and otherwise says what to do, once.
#[test]
fn the_site_is_found_from_a_subfolder_and_outside_one_is_said_once() {
    let site = copy_fixture("basic");
    let run = |dir: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["check", "--now", "2025-09-10T12:00:00Z"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let inside = run(&site.path().join("content/china"));
    assert!(
        inside.status.success(),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );
    let empty = tempfile::tempdir().unwrap();
    let outside = run(empty.path());
    assert_eq!(outside.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&outside.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no config.toml in") && stderr.contains("--root"),
        "{stderr}"
    );
}

/// `init` refused a fresh git repository (it holds `.git`); `new` took a
/// headline with a line break and had no way to name a file for a headline
/// with no letters a slug can keep.
#[test]
fn init_takes_a_fresh_repository_and_new_refuses_broken_headlines() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    std::fs::write(repo.path().join(".gitignore"), "public/\n").unwrap();
    let root = repo.path().to_str().unwrap();
    let init = dateline(&["init", root]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".gitignore")).unwrap(),
        "public/\n"
    );
    let broken = dateline(&["new", "Two\nlines", "--root", root]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("one line"));
    let named = dateline(&[
        "new",
        "★★★",
        "--slug",
        "stars-review",
        "--category",
        "Culture",
        "--root",
        root,
    ]);
    assert!(
        named.status.success(),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
    assert!(
        repo.path()
            .join("content/culture/stars-review.md")
            .is_file()
    );
    let unnamed = dateline(&["new", "★★★", "--root", root]);
    assert!(String::from_utf8_lossy(&unnamed.stderr).contains("--slug"));
}

/// Ctrl-C did not stop `serve` while a page held the live-reload stream
/// open (still running 45 s later).
#[test]
fn serve_stops_on_ctrl_c_with_a_live_reload_stream_open() {
    let site = copy_fixture("basic");
    let mut server = serve(site.path());
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /__dateline/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    while server.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `--root .` printed `./config.toml:5:12` where content errors print
/// `content/...` without the `./`: one form for every file.
#[test]
fn config_errors_name_the_file_as_content_errors_do() {
    let site = copy_fixture("basic");
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("paginate = 2", "paginate = 0")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["build", "--root", "."])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("config.toml:5:12: error: "), "{stderr}");
}

/// `new` named files from headlines in other scripts by transliteration,
/// but spelt symbols out (`🎉 Party` gave `tada-party.md`, `£5bn` gave
/// `ps5bn`). Words are transliterated, symbols dropped, and a headline
/// with nothing left asks for `--slug`; the draft builds at the readable URL.
#[test]
fn new_transliterates_non_latin_headlines_and_drops_symbols_or_asks_for_a_slug() {
    let site = copy_fixture("basic");
    let root = site.path().to_str().unwrap();
    let new = |headline: &str| dateline(&["new", headline, "-c", "World", "--root", root]);
    for (headline, file) in [
        ("Привет мир", "privet-mir.md"),
        ("🎉 Fans celebrate £5bn deal", "fans-celebrate-5bn-deal.md"),
    ] {
        let run = new(headline);
        assert!(run.status.success(), "{run:?}");
        let path = String::from_utf8(run.stdout).unwrap();
        assert_eq!(
            std::path::Path::new(path.trim()),
            site.path().join("content/world").join(file)
        );
    }
    let symbols = new("🎉🎉🎉");
    assert_eq!(symbols.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&symbols.stderr);
    assert!(stderr.contains("give one with --slug"), "{stderr}");
    let out = site.path().join("public");
    let build = dateline(&[
        "build",
        "--root",
        root,
        "-o",
        out.to_str().unwrap(),
        "--drafts",
        "--future",
    ]);
    assert!(build.status.success(), "{build:?}");
    let page = std::fs::read_to_string(out.join("world/privet-mir/index.html")).unwrap();
    let page = scraper::Html::parse_document(&page);
    assert_eq!(texts(&page, "h1"), ["Привет мир"]);
}

/// `dateline build | head -c0` panicked with "Broken pipe" when it printed
/// its summary to a reader that had gone.
#[test]
fn a_reader_that_goes_away_is_no_panic() {
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args([
            "build",
            "--root",
            fixture("basic").to_str().unwrap(),
            "--now",
            NOW,
        ])
        .arg("--output")
        .arg(out.path().join("public"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The summary is printed after the build: the reader is gone by then.
    drop(child.stdout.take());
    let run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(run.status.code(), Some(0), "{stderr}");
}
