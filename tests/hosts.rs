//! `[redirects] formats`: every alias as a permanent redirect in the hosts'
//! own files (`_redirects`, `vercel.json`, S3 routing rules, an nginx map),
//! under the site's path, and the aliases a format cannot hold as errors.

mod common;

use common::*;
use serde_json::Value as Json;

fn article(front: &str) -> String {
    format!("+++\n{front}\n+++\nThe story.\n")
}

const ALL: &str = "\n[redirects]\nformats = [\"netlify\", \"vercel\", \"s3\", \"nginx\"]\n";

/// A site at `https://example.org/news/` with three aliases, and `config`.
fn moved_site(config: &str) -> tempfile::TempDir {
    let site = temp_site(
        "",
        &[
            (
                "content/world/harbour-vote.md",
                &article(
                    "title = \"Harbour vote\"\ndate = 2025-09-09T10:00:00Z\ncategory = \"World\"\naliases = [\"/old/harbour-vote/\", \"2019/harbour vote.html\"]",
                ),
            ),
            (
                "content/world/ferry.md",
                &article(
                    "title = \"Ferry\"\ndate = 2025-09-08T10:00:00Z\ncategory = \"World\"\naliases = [\"old/ferry\"]",
                ),
            ),
        ],
    );
    let config = format!("title = \"Gazette\"\nbase_url = \"https://example.org/news/\"\n{config}");
    std::fs::write(site.path().join("config.toml"), config).unwrap();
    site
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("public").join(rel)).unwrap()
}

/// The lines that are not comments.
fn rules(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect()
}

#[test]
fn every_alias_is_in_each_hosts_file_under_the_sites_path() {
    let site = moved_site(ALL);
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let want = [
        ("/news/old/harbour-vote/", "/news/world/harbour-vote/"),
        (
            "/news/2019/harbour%20vote.html",
            "/news/world/harbour-vote/",
        ),
        ("/news/old/ferry/", "/news/world/ferry/"),
    ];
    let redirects = rules(&read(&out, "_redirects"));
    let got: Vec<(&str, &str, &str)> = redirects
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    // Forced on Netlify, which would serve the redirect page left at each alias.
    assert_eq!(
        got,
        want.map(|(from, to)| (from, to, "301!")),
        "{redirects:?}"
    );
    let cloudflare = moved_site("\n[redirects]\nformats = [\"cloudflare\"]\n");
    let cloudflare = build_site(cloudflare.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let codes: Vec<String> = rules(&read(&cloudflare, "_redirects"))
        .into_iter()
        .map(|r| r[2].clone())
        .collect();
    assert_eq!(codes, ["301", "301", "301"]);

    let vercel: Json = serde_json::from_str(&read(&out, "vercel.json")).unwrap();
    let vercel = vercel["redirects"].as_array().unwrap();
    assert_eq!(vercel.len(), 3);
    for (r, (from, to)) in vercel.iter().zip(want) {
        assert_eq!(
            (r["source"].as_str(), r["destination"].as_str()),
            (Some(from), Some(to))
        );
        assert_eq!(r["permanent"], true);
    }

    let s3: Json = serde_json::from_str(&read(&out, "s3-routing-rules.json")).unwrap();
    let s3 = s3.as_array().unwrap();
    assert_eq!(s3.len(), 3);
    assert_eq!(
        s3[1]["Condition"]["KeyPrefixEquals"],
        "news/2019/harbour vote.html"
    );
    let redirect = &s3[1]["Redirect"];
    assert_eq!(redirect["HostName"], "example.org");
    assert_eq!(redirect["Protocol"], "https");
    assert_eq!(redirect["ReplaceKeyWith"], "news/world/harbour-vote/");
    assert_eq!(redirect["HttpRedirectCode"], "301");

    let nginx = read(&out, "nginx-redirects.conf");
    let entries: Vec<&str> = nginx.lines().filter(|l| l.starts_with('"')).collect();
    assert_eq!(
        entries,
        [
            "\"/news/old/harbour-vote/\" \"/news/world/harbour-vote/\";",
            "\"/news/2019/harbour vote.html\" \"/news/world/harbour-vote/\";",
            "\"/news/old/ferry/\" \"/news/world/ferry/\";",
        ]
    );
    // The meta-refresh pages are still there for every other host.
    let page = built_page(&out, "old/ferry/index.html");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/news/world/ferry/"]
    );
}

#[test]
fn without_formats_no_host_file_is_written() {
    let site = moved_site("");
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    for f in [
        "_redirects",
        "vercel.json",
        "s3-routing-rules.json",
        "nginx-redirects.conf",
    ] {
        assert!(!out.path().join("public").join(f).exists(), "{f}");
    }
}

#[test]
fn unknown_or_repeated_formats_are_errors_in_config_toml() {
    let both = moved_site("\n[redirects]\nformats = [\"netlify\", \"cloudflare\"]\n");
    let stderr = failing_run(both.path());
    assert!(
        stderr
            .contains("config.toml:5:23: error: `netlify` and `cloudflare` both read `_redirects`"),
        "{stderr}"
    );
    let site = moved_site("\n[redirects]\nformats = [\"netlfy\", \"s3\", \"s3\"]\n");
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("config.toml:5:12: error: unknown redirect format `netlfy`")
            && stderr.contains("did you mean `netlify`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("config.toml:5:28: error: redirect format `s3` is listed twice"),
        "{stderr}"
    );
}

#[test]
fn an_alias_a_format_cannot_hold_is_an_error_at_the_alias() {
    let pattern = "title = \"Pattern\"\ndate = 2025-09-07T10:00:00Z\ncategory = \"World\"\naliases = [\"/old/(draft)/\"]";
    let mut files: Vec<(String, String)> =
        vec![("content/world/pattern.md".into(), article(pattern))];
    // 51 aliases: one more than S3's routing rules take.
    for n in 0..51 {
        let front = format!(
            "title = \"Story {n}\"\ndate = 2025-09-06T10:{:02}:00Z\ncategory = \"World\"\naliases = [\"/old/story-{n}/\"]",
            n % 60
        );
        files.push((format!("content/world/story-{n}.md"), article(&front)));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = temp_site("\n[redirects]\nformats = [\"vercel\", \"s3\"]\n", &files);
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("pattern.md:5:13: error: alias `old/(draft)/` holds `(`, which means something else in vercel.json"),
        "{stderr}"
    );
    let past: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("takes at most 50 redirects"))
        .collect();
    assert_eq!(past.len(), 1, "{stderr}");
    assert!(past[0].contains("52 aliases"), "{stderr}");
}

/// The stylesheet and script names a page links, through an HTML parser.
fn linked(page: &scraper::Html) -> Vec<String> {
    let mut out = attrs(page, "link[rel=stylesheet]", "href");
    out.extend(attrs(page, "script[src]", "src"));
    out
}

/// `name.<12 hex digits>.ext` for `name.ext`.
fn is_fingerprint_of(url: &str, plain: &str) -> bool {
    let (stem, ext) = plain.rsplit_once('.').unwrap();
    let Some(rest) = url.strip_prefix(&format!("{stem}.")) else {
        return false;
    };
    let Some(hash) = rest.strip_suffix(&format!(".{ext}")) else {
        return false;
    };
    hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn stylesheets_and_scripts_are_linked_by_names_that_change_with_their_content() {
    let site = moved_site("\n[search]\nenabled = true\n");
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let home = linked(&built_page(&out, "index.html"));
    assert!(is_fingerprint_of(&home[0], "/news/style.css"), "{home:?}");
    assert!(is_fingerprint_of(&home[1], "/news/print.css"), "{home:?}");
    let search = linked(&built_page(&out, "search/index.html"));
    assert!(
        search
            .iter()
            .any(|u| is_fingerprint_of(u, "/news/search.css")),
        "{search:?}"
    );
    assert!(
        search
            .iter()
            .any(|u| is_fingerprint_of(u, "/news/search.js")),
        "{search:?}"
    );
    // The same bytes under both names; the plain one stays for links written by hand.
    let fingerprinted = read(&out, home[0].trim_start_matches("/news/"));
    assert_eq!(fingerprinted, read(&out, "style.css"));

    // A site's own stylesheet gets a name of its own.
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(
        site.path().join("static/style.css"),
        "body { color: teal }\n",
    )
    .unwrap();
    let own = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let restyled = linked(&built_page(&own, "index.html"));
    assert!(is_fingerprint_of(&restyled[0], "/news/style.css"));
    assert_ne!(restyled[0], home[0]);
    assert_eq!(
        read(&own, restyled[0].trim_start_matches("/news/")),
        "body { color: teal }\n"
    );

    // Without fingerprints, the plain names.
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    std::fs::write(
        site.path().join("config.toml"),
        format!("{config}\n[output]\nfingerprint = false\n"),
    )
    .unwrap();
    let plain = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        linked(&built_page(&plain, "index.html")),
        ["/news/style.css", "/news/print.css"]
    );
}

/// `_headers` as Netlify reads it: each path line, then its indented headers.
fn header_rules(text: &str) -> Vec<(String, Vec<String>)> {
    let mut rules: Vec<(String, Vec<String>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        match line.strip_prefix("  ") {
            Some(header) => rules.last_mut().unwrap().1.push(header.to_string()),
            None => rules.push((line.to_string(), Vec::new())),
        }
    }
    rules
}

#[test]
fn headers_give_fingerprinted_files_a_year_and_leave_pages_to_the_host() {
    let site = moved_site("\n[output]\nheaders = true\n");
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let rules = header_rules(&read(&out, "_headers"));
    let year = "Cache-Control: public, max-age=31536000, immutable".to_string();
    let style = linked(&built_page(&out, "index.html"))[0].clone();
    let rule = |path: &str| {
        rules
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
    };
    assert_eq!(rule(&style), Some(vec![year.clone()]), "{rules:?}");
    assert_eq!(rule("/news/img/*"), Some(vec![year]));
    let all = rule("/news/*").unwrap();
    assert!(
        all.iter().all(|h| !h.starts_with("Cache-Control")),
        "{all:?}"
    );
    assert!(all.contains(&"X-Content-Type-Options: nosniff".to_string()));
    // Off by default.
    let site = moved_site("");
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!out.path().join("public/_headers").exists());
}

/// What a content file writes into the hosts' files cannot add a rule to
/// them: a `canonical` URL with a line break, quotes or `$` is an error.
#[test]
fn a_canonical_url_cannot_carry_a_rule_into_the_hosts_files() {
    for canonical in [
        "https://example.com/b\\n/* https://evil.example/ 200!",
        "https://example.com/a\\\"; \\\"/\\\" \\\"https://evil.example/",
        "https://example.com/$host",
    ] {
        let front = format!(
            "title = \"Moved\"\ndate = 2025-09-08T10:00:00Z\ncategory = \"World\"\naliases = [\"/old/\"]\ncanonical = \"{canonical}\""
        );
        let site = temp_site(
            "\n[redirects]\nformats = [\"netlify\", \"nginx\"]\n",
            &[("content/world/moved.md", &article(&front))],
        );
        let stderr = failing_run(site.path());
        assert!(
            stderr.contains("moved.md:6:1: error: `canonical` must be"),
            "{canonical}: {stderr}"
        );
    }
}

#[test]
fn a_static_file_with_a_fingerprinted_name_is_an_error_not_overwritten() {
    let site = moved_site("");
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let style = linked(&built_page(&out, "index.html"))[0].clone();
    let name = style.trim_start_matches("/news/");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static").join(name), "own").unwrap();
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("is also the fingerprinted name"),
        "{stderr}"
    );
}

#[test]
fn headers_refuse_files_in_img_that_are_not_picture_variants() {
    let site = moved_site("\n[output]\nheaders = true\n");
    std::fs::create_dir_all(site.path().join("static/img")).unwrap();
    std::fs::write(site.path().join("static/img/logo.png"), "not a variant").unwrap();
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("`img/logo.png` is published in `img/`"),
        "{stderr}"
    );
}

#[test]
fn an_s3_alias_over_other_pages_is_an_error() {
    let front = "title = \"Index\"\ndate = 2025-09-08T10:00:00Z\ncategory = \"World\"\naliases = [\"/world/\"]";
    let site = temp_site(
        "\n[redirects]\nformats = [\"s3\"]\n",
        &[
            ("content/world/index-page.md", &article(front)),
            (
                "content/world/other.md",
                &article("title = \"Other\"\ndate = 2025-09-07T10:00:00Z\ncategory = \"World\""),
            ),
        ],
    );
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("alias `world/` would also redirect"),
        "{stderr}"
    );
}
