//! The breaking-news banner (`breaking = { text, until }` on an article):
//! on every page until its time, gone after with a build that succeeds,
//! one at a time, its errors located; and `dateline next`, which prints
//! the next scheduled change alone.

mod common;

use common::*;

fn article(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}\n")
}

const LEAD: &str = "title = \"Storm reaches the coast\"\ndate = 2025-09-10T08:00:00Z\ncategory = \"Weather\"\nauthor = \"Ana Ruiz\"\ntags = [\"Storms\"]\nbreaking = { text = \"Storm warning: stay indoors until 6 pm\", until = 2025-09-10T18:00:00Z }";

fn storm_site() -> tempfile::TempDir {
    temp_site(
        "",
        &[
            (
                "content/weather/storm.md",
                &article(LEAD, "The storm arrived at dawn."),
            ),
            (
                "content/sport/derby.md",
                &article(
                    "title = \"Derby postponed\"\ndate = 2025-09-09T10:00:00Z\ncategory = \"Sport\"",
                    "The match moves to Sunday.",
                ),
            ),
        ],
    )
}

const PAGES: [&str; 6] = [
    "index.html",
    "weather/storm/index.html",
    "weather/index.html",
    "author/ana-ruiz/index.html",
    "tag/storms/index.html",
    "404.html",
];

#[test]
fn the_banner_is_on_every_page_until_its_time_and_gone_after() {
    let site = storm_site();
    let before = build_at(site.path(), "2025-09-10T12:00:00Z");
    for rel in PAGES {
        let page = built_page(&before, rel);
        let region = attrs(&page, "div.breaking[role=region]", "aria-label");
        assert_eq!(region, ["Breaking news"], "{rel}");
        assert_eq!(
            texts(&page, ".breaking a"),
            ["Storm warning: stay indoors until 6 pm"],
            "{rel}"
        );
        assert_eq!(
            attrs(&page, ".breaking a", "href"),
            ["/weather/storm/"],
            "{rel}"
        );
    }
    let after = build_at(site.path(), "2025-09-10T18:00:00Z");
    for rel in PAGES {
        assert!(
            texts(&built_page(&after, rel), ".breaking").is_empty(),
            "{rel} after the end"
        );
    }
}

#[test]
fn the_newest_banner_wins_and_the_others_are_warned_about() {
    let older = "title = \"Bridge closed\"\ndate = 2025-09-09T08:00:00Z\ncategory = \"Local\"\nbreaking = { text = \"The bridge is closed\", until = 2025-09-11T00:00:00Z }";
    let site = temp_site(
        "",
        &[
            ("content/weather/storm.md", &article(LEAD, "Rain.")),
            ("content/local/bridge.md", &article(older, "Closed.")),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let mut req = request(site.path(), &out.path().join("public"));
    req.now = Some("2025-09-10T12:00:00Z".parse().unwrap());
    let report = dateline::build(&req).unwrap();
    let home = built_page(&out, "index.html");
    assert_eq!(
        texts(&home, ".breaking a"),
        ["Storm warning: stay indoors until 6 pm"]
    );
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("bridge.md:5:1"), "{warnings:?}");
    assert!(warnings[0].contains("weather/storm.md"), "{warnings:?}");
}

#[test]
fn a_banner_without_text_or_with_a_bad_end_is_an_error_where_it_is_written() {
    let site = temp_site(
        "",
        &[
            (
                "content/a/empty.md",
                &article(
                    "title = \"A\"\ndate = 2025-09-01T08:00:00Z\nbreaking = { text = \" \", until = 2025-09-02T00:00:00Z }",
                    "x",
                ),
            ),
            (
                "content/a/early.md",
                &article(
                    "title = \"B\"\ndate = 2025-09-01T08:00:00Z\n\nbreaking = { text = \"Too early\", until = 2025-08-01T00:00:00Z }",
                    "x",
                ),
            ),
            (
                "content/a/nodate.md",
                &article(
                    "title = \"C\"\ndate = 2025-09-01T08:00:00Z\nbreaking = { text = \"When?\", until = \"soon\" }",
                    "x",
                ),
            ),
        ],
    );
    let stderr = failing_run(site.path());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(
        errors
            .iter()
            .any(|l| l.contains("empty.md:4:1") && l.contains("`breaking.text` is empty")),
        "{stderr}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.contains("early.md:5:1") && l.contains("after `date`")),
        "{stderr}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.contains("nodate.md:4:1") && l.contains("`breaking.until`")),
        "{stderr}"
    );
}

/// `dateline next` on `root` at `now`: its standard output.
fn next(root: &std::path::Path, now: &str) -> String {
    stdout_of(&["next", "--root", root.to_str().unwrap(), "--now", now])
}

#[test]
fn next_prints_the_nearest_scheduled_change_alone() {
    let scheduled = "title = \"Results\"\ndate = 2025-09-10T16:00:00Z\ncategory = \"Sport\"";
    let expiring = "title = \"Offer\"\ndate = 2025-09-01T08:00:00Z\ncategory = \"Local\"\nexpires = 2025-09-10T17:00:00Z";
    let live = "title = \"Count\"\ncategory = \"Local\"\n[live]\nstart = 2025-09-10T08:00:00Z";
    let site = temp_site(
        "",
        &[
            ("content/weather/storm.md", &article(LEAD, "Rain.")),
            ("content/sport/results.md", &article(scheduled, "Scores.")),
            ("content/local/offer.md", &article(expiring, "Half price.")),
            (
                "content/local/count.md",
                &article(live, "## 09:00 Doors open\n\nA.\n\n## 17:30 Result\n\nB.\n"),
            ),
        ],
    );
    // A scheduled article (16:00), an expiry (17:00), a live update
    // (17:30), a banner's end (18:00).
    assert_eq!(
        next(site.path(), "2025-09-10T12:00:00Z"),
        "2025-09-10T16:00:00Z\n"
    );
    assert_eq!(
        next(site.path(), "2025-09-10T16:30:00Z"),
        "2025-09-10T17:00:00Z\n"
    );
    assert_eq!(
        next(site.path(), "2025-09-10T17:10:00Z"),
        "2025-09-10T17:30:00Z\n"
    );
    assert_eq!(
        next(site.path(), "2025-09-10T17:40:00Z"),
        "2025-09-10T18:00:00Z\n"
    );
    assert_eq!(next(site.path(), "2025-09-10T18:30:00Z"), "");
}
