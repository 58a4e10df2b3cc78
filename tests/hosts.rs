//! `[redirects] formats`: every alias as a permanent redirect in the hosts'
//! own files (`_redirects`, `vercel.json`, S3 routing rules, an nginx map),
//! under the site's path, and the aliases a format cannot hold as errors.

mod common;

use common::*;
use serde_json::Value as Json;

fn article(front: &str) -> String {
    format!("+++\n{front}\n+++\nThe story.\n")
}

const ALL: &str =
    "\n[redirects]\nformats = [\"netlify\", \"cloudflare\", \"vercel\", \"s3\", \"nginx\"]\n";

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
    assert_eq!(
        got,
        want.map(|(from, to)| (from, to, "301")),
        "{redirects:?}"
    );

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
