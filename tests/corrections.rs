//! The corrections log: typed notes on the article, the `/corrections/`
//! pages and their feeds, read through HTML and feed parsers.

mod common;

use std::path::Path;

use common::*;
use scraper::Html;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The basic fixture plus two corrected articles: four notes, their
/// dates out of article order.
fn corrected_site() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/world/ferry.md",
        r#"+++
title = "Ferry strike ends"
date = 2025-09-02T08:00:00+08:00
corrections = [
  { date = 2025-09-02T12:00:00+08:00, text = "The union's name was misspelt." },
  { date = 2025-09-06T09:00:00+08:00, type = "update", text = "Sailings resumed on Saturday." },
]
+++
The strike is over.
"#,
    );
    write(
        root,
        "content/world/bridge.md",
        r#"---
title: Bridge reopens
date: 2025-09-01T10:00:00+08:00
corrections:
  - date: 2025-09-04T10:00:00+08:00
    type: clarification
    text: The toll applies to lorries only.
  - date: 2025-09-07T10:00:00+08:00
    type: editors-note
    text: This article was shortened for length.
---
The bridge is open again.
"#,
    );
    dir
}

fn build_site(root: &Path) -> (tempfile::TempDir, dateline::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(root, &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    (out, report)
}

fn read(report: &dateline::BuildReport, rel: &str) -> String {
    std::fs::read_to_string(report.output.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn page(report: &dateline::BuildReport, rel: &str) -> Html {
    Html::parse_document(&read(report, rel))
}

/// The log's entries on one page: (type shown, date, link).
fn entries(html: &Html) -> Vec<(String, String, String)> {
    html.select(&sel(".correction-log > li"))
        .map(|li| {
            let one = |css: &str, attr: Option<&str>| {
                let e = li.select(&sel(css)).next().unwrap();
                match attr {
                    Some(a) => e.value().attr(a).unwrap().to_string(),
                    None => e.text().collect::<String>(),
                }
            };
            (
                one(".correction-type", None),
                one("time", Some("datetime")),
                one("a", Some("href")),
            )
        })
        .collect()
}

#[test]
fn the_log_lists_every_correction_newest_first_with_its_type() {
    let dir = corrected_site();
    let (_out, report) = build_site(dir.path());
    let first = page(&report, "corrections/index.html");
    assert_eq!(texts(&first, "main h1"), ["Corrections"]);
    let mut all = entries(&first);
    assert_eq!(all.len(), 2, "paginate = 2");
    all.extend(entries(&page(&report, "corrections/page/2/index.html")));
    assert_eq!(
        all,
        [
            (
                "Editor's note".into(),
                "2025-09-07T10:00:00+08:00".into(),
                "/news/world/bridge/#correction-2".into()
            ),
            (
                "Update".into(),
                "2025-09-06T09:00:00+08:00".into(),
                "/news/world/ferry/#correction-2".into()
            ),
            (
                "Clarification".into(),
                "2025-09-04T10:00:00+08:00".into(),
                "/news/world/bridge/#correction-1".into()
            ),
            (
                "Correction".into(),
                "2025-09-02T12:00:00+08:00".into(),
                "/news/world/ferry/#correction-1".into()
            ),
        ]
    );
    let texts_shown = texts(&first, ".correction-log > li > p:last-child");
    assert_eq!(texts_shown[0], "This article was shortened for length.");
}

/// Each log entry links to its note: the article exists and has an
/// element with the note's id, which shows the type.
#[test]
fn log_links_land_on_the_note_in_the_article() {
    let dir = corrected_site();
    let (_out, report) = build_site(dir.path());
    for (label, _, href) in entries(&page(&report, "corrections/index.html")) {
        let (path, id) = href.split_once('#').unwrap();
        let rel = format!("{}index.html", path.strip_prefix("/news/").unwrap());
        let article = page(&report, &rel);
        let note = texts(&article, &format!(".corrections li#{id} .correction-type"));
        assert_eq!(note, [label], "{href}");
    }
    let bridge = page(&report, "world/bridge/index.html");
    assert_eq!(texts(&bridge, ".corrections h2"), ["Corrections"]);
    assert_eq!(
        texts(&bridge, ".corrections li"),
        [
            "Clarification, 4 September 2025: The toll applies to lorries only.",
            "Editor's note, 7 September 2025: This article was shortened for length."
        ]
    );
}

#[test]
fn the_log_feeds_have_one_item_per_correction() {
    let dir = corrected_site();
    let (_out, report) = build_site(dir.path());
    for rel in ["corrections/rss.xml", "corrections/atom.xml"] {
        let feed = feed_rs::parser::parse(read(&report, rel).as_bytes())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let links: Vec<&str> = feed
            .entries
            .iter()
            .map(|e| e.links[0].href.as_str())
            .collect();
        assert_eq!(
            links,
            [
                "https://example.org/news/world/bridge/#correction-2",
                "https://example.org/news/world/ferry/#correction-2",
                "https://example.org/news/world/bridge/#correction-1",
                "https://example.org/news/world/ferry/#correction-1",
            ],
            "{rel}"
        );
        let first = &feed.entries[0];
        let title = first.title.as_ref().unwrap().content.as_str();
        assert_eq!(title, "Editor's note: Bridge reopens", "{rel}");
        let published = first.published.unwrap().to_rfc3339();
        assert_eq!(published, "2025-09-07T02:00:00+00:00", "{rel}");
        let summary = first.summary.as_ref().unwrap().content.as_str();
        assert_eq!(summary, "This article was shortened for length.", "{rel}");
    }
    let html = page(&report, "corrections/index.html");
    let feeds = attrs(&html, "link[rel=alternate]", "href");
    assert!(
        feeds.contains(&"/news/corrections/rss.xml".to_string()),
        "{feeds:?}"
    );
    assert!(
        feeds.contains(&"/news/corrections/atom.xml".to_string()),
        "{feeds:?}"
    );
}

/// A site without corrections still has the page, which says so, and
/// feeds without items.
#[test]
fn a_site_without_corrections_has_an_empty_log() {
    let site = build_fixture("basic");
    let html = site.page("corrections/index.html");
    assert_eq!(texts(&html, "main .empty"), ["No corrections yet."]);
    let rss = std::fs::read_to_string(site.path("corrections/rss.xml")).unwrap();
    let feed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
    assert!(feed.entries.is_empty());
}

/// A correction before the story it corrects, or without its text, is an
/// error at its line; a `type` left empty (as a CMS writes it) is a correction.
#[test]
fn a_correction_before_the_article_or_without_text_is_an_error() {
    let dir = temp_site(
        "",
        &[
            (
                "content/world/early.md",
                "+++\ntitle = \"Early\"\ndate = 2025-09-05T10:00:00Z\ncorrections = [\n  { date = 2025-01-01T00:00:00Z, text = \"Too early.\" },\n  { date = 2025-09-06T00:00:00Z, text = \" \" },\n]\n+++\nBody.\n",
            ),
            (
                "content/world/blank.md",
                "---\ntitle: Blank type\ndate: 2025-09-05T10:00:00Z\ncorrections:\n  - date: 2025-09-06T10:00:00Z\n    text: The mayor's name was misspelt.\n    type: \"\"\n---\nBody.\n",
            ),
        ],
    );
    let stderr = failing_run(dir.path());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].contains("early.md:5:") && errors[0].contains("is before the article's `date`"),
        "{stderr}"
    );
    assert!(
        errors[1].contains("early.md:6:") && errors[1].contains("a correction needs its `text`"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join("content/world/early.md")).unwrap();
    let out = build_at(dir.path(), NOW);
    let html = built_page(&out, "world/blank/index.html");
    assert_eq!(texts(&html, ".correction-type"), ["Correction"]);
}
