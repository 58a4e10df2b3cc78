//! Feeds, sitemaps, robots.txt, head metadata and JSON-LD, and publishing
//! over time. XML goes through real XML and feed parsers, JSON-LD through
//! a JSON parser.

mod common;

use std::path::Path;

use common::*;
use scraper::Html;
use serde_json::Value as Json;

const HOSTILE: &str = r#"<script>alert(1)</script> "quoted" & </script>"#;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The basic fixture plus articles that exercise publishing over time.
fn publishing_site() -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/world/future.md",
        "+++\ntitle = \"Tomorrow's story\"\ndate = 2025-09-11T08:00:00Z\n+++\nNot yet.\n",
    );
    write(
        root,
        "content/world/expired.md",
        "+++\ntitle = \"Gone story\"\ndate = 2025-09-01\nexpires = 2025-09-09\n+++\nGone.\n",
    );
    write(
        root,
        "content/world/expiring.md",
        "+++\ntitle = \"Expiring story\"\ndate = 2025-09-01\nexpires = 2025-09-12T00:00:00Z\n+++\nStill here.\n",
    );
    write(
        root,
        "content/world/corrected.md",
        "+++\ntitle = \"Corrected story\"\ndate = 2025-09-02\naliases = [\"/2025/old-corrected/\"]\nsitemap = false\ncanonical = \"https://partner.example.com/original\"\ncorrections = [{ date = 2025-09-06T10:00:00Z, text = \"An earlier version misspelt a name.\" }]\n+++\nBody with [a link](@/china/troops.md) and ![img](/images/x.png).\n",
    );
    let hostile = format!(
        "+++\ntitle = '{HOSTILE}'\ndate = 2025-09-06\nsummary = '{HOSTILE}'\ntags = ['{HOSTILE}']\nauthor = '{HOSTILE}'\n+++\nText.\n"
    );
    write(root, "content/world/hostile.md", &hostile);
    dir
}

fn build_dir(
    root: &Path,
    adjust: impl FnOnce(&mut dateline::BuildRequest),
) -> (tempfile::TempDir, dateline::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let mut req = request(root, &out.path().join("public"));
    adjust(&mut req);
    let report = dateline::build(&req).unwrap_or_else(|e| panic!("{e:?}"));
    (out, report)
}

fn read(report: &dateline::BuildReport, rel: &str) -> String {
    std::fs::read_to_string(report.output.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn parse_feed(report: &dateline::BuildReport, rel: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(read(report, rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn jsonld(html: &Html) -> Vec<Json> {
    html.select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap())
        .collect()
}

#[test]
fn site_feeds_parse_with_full_content_and_absolute_urls() {
    let site = build_fixture("basic");
    for rel in ["rss.xml", "atom.xml"] {
        let feed = parse_feed(&site.report, rel);
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(titles.len(), 5, "{rel}");
        assert_eq!(titles[0], "Markets shrug off the holiday");
        let parade = feed
            .entries
            .iter()
            .find(|e| e.title.as_ref().unwrap().content.starts_with("Leaders"))
            .unwrap();
        let authors: Vec<&str> = parade
            .authors
            .iter()
            .map(|a| a.name.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(authors, ["Mei Lin", "Daniel Okafor"], "{rel}");
        let cats: Vec<&str> = parade.categories.iter().map(|c| c.term.as_str()).collect();
        assert!(
            cats.contains(&"China") && cats.contains(&"Beijing"),
            "{rel}: {cats:?}"
        );
        let body = parade
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap();
        assert!(
            body.contains("href=\"https://example.org/news/world/reaction/#analysis\""),
            "{rel}: {body}"
        );
        assert!(!body.contains("href=\"/"), "{rel}: relative link left");
        assert_eq!(
            parade.links[0].href,
            "https://example.org/news/china/parade/"
        );
    }
}

#[test]
fn category_and_author_feeds_exist_and_pages_link_them() {
    let site = build_fixture("basic");
    let feed = parse_feed(&site.report, "china/rss.xml");
    assert_eq!(feed.entries.len(), 3);
    let feed = parse_feed(&site.report, "author/mei-lin/atom.xml");
    assert_eq!(feed.entries.len(), 2);
    let page = site.page("china/index.html");
    let alternates = attrs(&page, "link[rel=alternate]", "href");
    assert!(alternates.contains(&"/news/rss.xml".to_string()));
    assert!(alternates.contains(&"/news/china/rss.xml".to_string()));
    assert!(alternates.contains(&"/news/china/atom.xml".to_string()));
    assert!(
        !site.path("tag/beijing/rss.xml").exists(),
        "tag feeds are off by default"
    );
}

#[test]
fn feed_item_count_and_summary_only_are_configurable() {
    let dir = copy_fixture("basic");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("{config}[feeds]\nlimit = 2\nfull_content = false\ntags = true\n"),
    )
    .unwrap();
    let (_out, report) = build_dir(dir.path(), |_| {});
    let feed = parse_feed(&report, "rss.xml");
    assert_eq!(feed.entries.len(), 2);
    assert!(feed.entries[0].content.is_none());
    assert!(feed.entries[0].summary.is_some());
    parse_feed(&report, "tag/beijing/atom.xml");
}

fn xml_children<'a>(doc: &'a roxmltree::Document, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .collect()
}

#[test]
fn sitemap_lists_every_page_with_lastmod() {
    let site = build_fixture("basic");
    let text = read(&site.report, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urls = xml_children(&doc, "url");
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|c| c.tag_name().name() == "loc")
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    let html_pages = snapshot(&site.path(""))
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html") && !p.ends_with("404.html"))
        .count();
    assert_eq!(locs.len(), html_pages);
    let i = locs
        .iter()
        .position(|l| *l == "https://example.org/news/china/parade/")
        .unwrap();
    let lastmod = urls[i]
        .children()
        .find(|c| c.tag_name().name() == "lastmod")
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        lastmod, "2025-09-03T15:30:00+08:00",
        "lastmod is the updated date"
    );
}

#[test]
fn news_sitemap_holds_the_last_two_days() {
    let site = build_with("basic", |r| {
        r.now = Some("2025-09-05T12:00:00Z".parse().unwrap())
    });
    let text = read(&site.report, "news-sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let titles: Vec<&str> = xml_children(&doc, "title")
        .iter()
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Markets shrug off the holiday",
            "Neighbours weigh the parade's message"
        ]
    );
    let names: Vec<&str> = xml_children(&doc, "name")
        .iter()
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(names, ["Fixture Gazette", "Fixture Gazette"]);
    let dates: Vec<&str> = xml_children(&doc, "publication_date")
        .iter()
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(dates[0], "2025-09-05T16:00:00+08:00");
    let later = build_with("basic", |r| {
        r.now = Some("2025-09-20T12:00:00Z".parse().unwrap())
    });
    let doc_text = read(&later.report, "news-sitemap.xml");
    let doc = roxmltree::Document::parse(&doc_text).unwrap();
    assert!(xml_children(&doc, "url").is_empty());
}

#[test]
fn robots_names_both_sitemaps() {
    let site = build_fixture("basic");
    let robots = read(&site.report, "robots.txt");
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap: "))
        .collect();
    assert_eq!(
        sitemaps,
        [
            "https://example.org/news/sitemap.xml",
            "https://example.org/news/news-sitemap.xml"
        ]
    );
}

#[test]
fn article_head_has_canonical_opengraph_and_news_article() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    let meta = |p: &str| attrs(&page, &format!("meta[property='{p}']"), "content");
    assert_eq!(meta("og:type"), ["article"]);
    assert_eq!(
        meta("article:published_time"),
        ["2025-09-03T10:00:00+08:00"]
    );
    assert_eq!(meta("article:modified_time"), ["2025-09-03T15:30:00+08:00"]);
    assert_eq!(meta("article:section"), ["China"]);
    assert_eq!(
        meta("article:author"),
        [
            "https://example.org/news/author/mei-lin/",
            "https://example.org/news/author/daniel-okafor/"
        ]
    );
    assert_eq!(meta("article:tag"), ["Beijing", "Military parade"]);
    assert!(attrs(&page, "meta[name=robots]", "content")[0].contains("max-image-preview:large"));
    assert!(!attrs(&page, "meta[name='twitter:card']", "content").is_empty());
    let docs = jsonld(&page);
    let article = docs.iter().find(|d| d["@type"] == "NewsArticle").unwrap();
    assert_eq!(
        article["headline"],
        "Leaders gather for the September parade"
    );
    assert_eq!(article["datePublished"], "2025-09-03T10:00:00+08:00");
    assert_eq!(article["dateModified"], "2025-09-03T15:30:00+08:00");
    assert_eq!(article["articleSection"], "China");
    assert_eq!(article["author"][0]["@type"], "Person");
    assert_eq!(
        article["author"][1]["url"],
        "https://example.org/news/author/daniel-okafor/"
    );
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(
        article["mainEntityOfPage"]["@id"],
        "https://example.org/news/china/parade/"
    );
    assert_eq!(
        article["keywords"],
        serde_json::json!(["Beijing", "Military parade"])
    );
    let crumbs = docs
        .iter()
        .find(|d| d["@type"] == "BreadcrumbList")
        .unwrap();
    let names: Vec<&str> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Fixture Gazette",
            "China",
            "Leaders gather for the September parade"
        ]
    );
}

#[test]
fn home_and_author_pages_have_their_json_ld() {
    let site = build_fixture("basic");
    let home = jsonld(&site.page("index.html"));
    assert!(
        home.iter()
            .any(|d| d["@type"] == "WebSite" && d["url"] == "https://example.org/news/")
    );
    assert!(home.iter().any(|d| d["@type"] == "Organization"));
    let author = jsonld(&site.page("author/mei-lin/index.html"));
    let profile = author.iter().find(|d| d["@type"] == "ProfilePage").unwrap();
    assert_eq!(profile["mainEntity"]["@type"], "Person");
    assert_eq!(profile["mainEntity"]["name"], "Mei Lin");
    assert_eq!(profile["mainEntity"]["jobTitle"], "Beijing correspondent");
}

#[test]
fn future_and_expired_articles_are_left_out_until_their_time() {
    let dir = publishing_site();
    let (_out, report) = build_dir(dir.path(), |_| {});
    let out = &report.output;
    assert!(!out.join("world/future").exists());
    assert!(!out.join("world/expired").exists());
    assert!(out.join("world/expiring/index.html").exists());
    assert!(!read(&report, "rss.xml").contains("Tomorrow"));
    assert!(!read(&report, "sitemap.xml").contains("world/future"));
    let next = report.next_change.as_ref().unwrap();
    assert_eq!(
        (next.rel_path.as_str(), next.what),
        ("world/future.md", "publishes")
    );
    let (_out2, with_future) = build_dir(dir.path(), |r| r.future = true);
    assert!(with_future.output.join("world/future/index.html").exists());
}

#[test]
fn build_summary_names_the_next_scheduled_article() {
    let dir = publishing_site();
    let out = tempfile::tempdir().unwrap();
    let run = dateline(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        out.path().join("p").to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("Next scheduled change: world/future.md publishes at 2025-09-11T08:00:00Z"),
        "{stdout}"
    );
}

#[test]
fn corrections_aliases_canonical_and_sitemap_opt_out() {
    let dir = publishing_site();
    let (_out, report) = build_dir(dir.path(), |_| {});
    let page = Html::parse_document(&read(&report, "world/corrected/index.html"));
    assert_eq!(
        texts(&page, ".corrections li"),
        ["Correction, 6 September 2025: An earlier version misspelt a name."]
    );
    let article = jsonld(&page)
        .into_iter()
        .find(|d| d["@type"] == "NewsArticle")
        .unwrap();
    assert_eq!(article["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(
        article["dateModified"], "2025-09-06T10:00:00+00:00",
        "a correction counts as an update"
    );
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://partner.example.com/original"]
    );
    assert!(!read(&report, "sitemap.xml").contains("world/corrected"));
    let redirect = Html::parse_document(&read(&report, "2025/old-corrected/index.html"));
    assert_eq!(
        attrs(&redirect, "link[rel=canonical]", "href"),
        ["https://partner.example.com/original"]
    );
    let refresh = attrs(&redirect, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, ["0; url=https://partner.example.com/original"]);
}

#[test]
fn hostile_titles_stay_text_in_html_feeds_sitemaps_and_json_ld() {
    let dir = publishing_site();
    let (_out, report) = build_dir(dir.path(), |r| {
        r.now = Some("2025-09-07T00:00:00Z".parse().unwrap())
    });
    let page = Html::parse_document(&read(&report, "world/hostile/index.html"));
    assert_eq!(texts(&page, "h1"), [HOSTILE]);
    assert_eq!(texts(&page, ".standfirst"), [HOSTILE]);
    assert!(
        page.select(&sel("script"))
            .all(|s| s.value().attr("type") == Some("application/ld+json")),
        "no injected script"
    );
    let article = jsonld(&page)
        .into_iter()
        .find(|d| d["@type"] == "NewsArticle")
        .unwrap();
    assert_eq!(article["headline"], HOSTILE);
    assert_eq!(article["author"][0]["name"], HOSTILE);
    assert_eq!(attrs(&page, "title", "x").len(), 0);
    assert_eq!(
        page.select(&sel("title"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        format!("{HOSTILE} | Fixture Gazette")
    );
    let feed = parse_feed(&report, "rss.xml");
    assert!(
        feed.entries
            .iter()
            .any(|e| e.title.as_ref().unwrap().content == HOSTILE)
    );
    let news = read(&report, "news-sitemap.xml");
    let doc = roxmltree::Document::parse(&news).unwrap();
    assert!(
        xml_children(&doc, "title")
            .iter()
            .any(|t| t.text() == Some(HOSTILE))
    );
}

/// Checks a site that must fail; returns its error messages with lines.
fn failing(root: &Path) -> Vec<(String, usize, String)> {
    match dateline::check(
        &request(root, &root.join("public")),
        &mut Default::default(),
    ) {
        Err(dateline::Error::Content(ds)) => ds
            .into_iter()
            .map(|d| {
                (
                    d.location.path.display().to_string(),
                    d.location.line,
                    d.message,
                )
            })
            .collect(),
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn bad_publishing_fields_are_located_errors() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/world/e.md",
        "+++\ntitle = \"E\"\ndate = 2025-09-01\nexpires = 2025-08-01\n+++\n",
    );
    write(
        root,
        "content/world/c.md",
        "+++\ntitle = \"C\"\ndate = 2025-09-01\ncanonical = \"not a url\"\n+++\n",
    );
    write(
        root,
        "content/world/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-09-01\naliases = [\"../../etc/x\"]\n+++\n",
    );
    let errors = failing(root);
    let find = |file: &str| {
        errors
            .iter()
            .find(|(p, _, _)| p.ends_with(file))
            .unwrap_or_else(|| panic!("{file}: {errors:?}"))
    };
    assert_eq!(find("e.md").1, 4);
    assert_eq!(find("c.md").1, 4);
    assert_eq!(find("a.md").1, 4);
    assert!(find("a.md").2.contains("alias"));
}

#[test]
fn alias_colliding_with_a_page_is_an_error() {
    let dir = copy_fixture("basic");
    write(
        dir.path(),
        "content/world/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-09-01\naliases = [\"/china/parade/\"]\n+++\n",
    );
    let errors = failing(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].2.contains("china/parade/index.html") && errors[0].2.contains("alias"),
        "{errors:?}"
    );
}

/// A vertical tab (what a word processor pastes for a line break) in a
/// title and a body made the feeds and the news sitemap invalid XML.
#[test]
fn control_characters_are_dropped_with_a_warning_and_feeds_stay_valid_xml() {
    let dir = copy_fixture("basic");
    write(
        dir.path(),
        "content/world/pasted.md",
        "+++\ntitle = \"Talks resume\u{b} in Geneva\"\ndate = 2025-09-10T08:00:00Z\n+++\n\nDelegates met\u{b}on Wednesday.\u{1}\n",
    );
    let (_out, report) = build_dir(dir.path(), |_| {});
    let at: Vec<(usize, usize)> = report
        .warnings
        .iter()
        .filter(|w| w.location.path.ends_with("pasted.md"))
        .map(|w| (w.location.line, w.location.col))
        .collect();
    assert_eq!(at, [(2, 22), (6, 14), (6, 28)]);
    for rel in [
        "rss.xml",
        "atom.xml",
        "world/rss.xml",
        "news-sitemap.xml",
        "sitemap.xml",
    ] {
        let text = read(&report, rel);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(!text.contains('\u{b}'), "{rel}");
    }
    let titles: Vec<String> = parse_feed(&report, "rss.xml")
        .entries
        .iter()
        .filter_map(|e| Some(e.title.as_ref()?.content.clone()))
        .collect();
    assert!(
        titles.contains(&"Talks resume in Geneva".to_string()),
        "{titles:?}"
    );
    let page = Html::parse_document(&read(&report, "world/pasted/index.html"));
    assert_eq!(texts(&page, "h1"), ["Talks resume in Geneva"]);
    let root = dir.path().to_string_lossy().to_string();
    let strict = dateline(&["check", "--strict", "--root", &root]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "check --strict fails on them"
    );
}

/// A theme that shows the newest "breaking" story worked until that story
/// expired, then every page failed with `no category 'breaking'` (and the
/// expired banner stayed up, as a failed build keeps the old output). The
/// same site builds at every moment around its schedule.
#[test]
fn a_site_builds_before_during_and_after_its_only_breaking_story() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/breaking/alert.md",
        "+++\ntitle = \"Storm warning\"\ndate = 2025-09-10T08:00:00Z\nexpires = 2025-09-10T20:00:00Z\n+++\nStay indoors.\n",
    );
    write(
        root,
        "templates/index.html",
        r#"{% for b in latest(category="breaking", count=1) %}<p class="banner">{{ b.title }}</p>{% endfor %}{% set a = article(path="breaking/alert.md") %}{% if a %}<p class="article">{{ a.title }}</p>{% endif %}<p class="related">{{ related(path="@/breaking/alert.md") | length }}</p>"#,
    );
    let shown = |now: &str| {
        let (_out, report) = build_dir(root, |r| r.now = Some(now.parse().unwrap()));
        let home = Html::parse_document(&read(&report, "index.html"));
        (texts(&home, ".banner"), texts(&home, ".article"))
    };
    let none = (Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(shown("2025-09-10T07:00:00Z"), none, "not yet published");
    let live = vec!["Storm warning".to_string()];
    assert_eq!(
        shown("2025-09-10T12:00:00Z"),
        (live.clone(), live),
        "published"
    );
    assert_eq!(shown("2025-09-10T21:00:00Z"), none, "expired");
    // A section or article that the content never names is still an error.
    write(
        root,
        "templates/index.html",
        r#"{{ latest(category="braeking") | length }}"#,
    );
    let out = tempfile::tempdir().unwrap();
    let err = dateline::build(&request(root, &out.path().join("public"))).unwrap_err();
    let dateline::Error::Content(ds) = err else {
        panic!("{err}")
    };
    assert!(
        ds.iter()
            .any(|d| d.message.contains("no category `braeking`")),
        "{ds:?}"
    );
}

/// A 5 MB first paragraph made a 26 MB page: with no `summary`, the whole
/// paragraph was the description, `og:description`, the JSON-LD
/// description, the standfirst, every card's and every feed item's
/// summary. That default is now cut at a word boundary near 160
/// characters; a `summary` written in front matter stays whole.
#[test]
fn default_summaries_are_cut_near_160_characters_and_written_ones_stay_whole() {
    let dir = copy_fixture("basic");
    let paragraph = "Ferry crossings resume on Thursday. ".repeat(30_000);
    write(
        dir.path(),
        "content/world/long.md",
        &format!("+++\ntitle = \"Long\"\ndate = 2025-09-09\n+++\n\n{paragraph}\n\nSecond.\n"),
    );
    let written = "Crossings resume after a nine-day stoppage. ".repeat(8);
    let written = written.trim();
    write(
        dir.path(),
        "content/world/kept.md",
        &format!(
            "+++\ntitle = \"Kept\"\ndate = 2025-09-08\nsummary = \"{written}\"\n+++\n\nBody.\n"
        ),
    );
    let (_out, report) = build_dir(dir.path(), |_| {});
    let page_text = read(&report, "world/long/index.html");
    assert!(
        page_text.len() < paragraph.len() * 3 / 2,
        "the paragraph is on the page once: {} bytes",
        page_text.len()
    );
    // The 160th character is a space: the cut falls there.
    let cut = format!(
        "{}Ferry crossings…",
        "Ferry crossings resume on Thursday. ".repeat(4)
    );
    assert_eq!(cut.chars().count(), 160);
    let descriptions = |rel: &str| {
        let page = Html::parse_document(&read(&report, rel));
        let article = jsonld(&page)
            .into_iter()
            .find(|d| d["@type"] == "NewsArticle")
            .unwrap();
        [
            attrs(&page, "meta[name=description]", "content"),
            attrs(&page, "meta[property='og:description']", "content"),
            vec![article["description"].as_str().unwrap().to_string()],
            texts(&page, ".standfirst"),
        ]
        .concat()
    };
    assert_eq!(descriptions("world/long/index.html"), vec![cut.clone(); 4]);
    assert_eq!(
        descriptions("world/kept/index.html"),
        vec![written.to_string(); 4]
    );
    let cards = Html::parse_document(&read(&report, "world/index.html"));
    let summaries = texts(&cards, ".summary");
    assert!(summaries.contains(&cut), "{summaries:?}");
    assert!(summaries.contains(&written.to_string()), "{summaries:?}");
    for rel in ["rss.xml", "atom.xml", "world/rss.xml"] {
        let feed = parse_feed(&report, rel);
        let summary = |title: &str| {
            let entry = feed
                .entries
                .iter()
                .find(|e| e.title.as_ref().is_some_and(|t| t.content == title));
            entry.and_then(|e| Some(e.summary.as_ref()?.content.clone()))
        };
        assert_eq!(summary("Long").as_deref(), Some(cut.as_str()), "{rel}");
        assert_eq!(summary("Kept").as_deref(), Some(written), "{rel}");
    }
}

/// An `updated` time or a correction dated after now waits for its time,
/// as a scheduled article does: a story scheduled before its correction
/// builds before, between and after the two.
#[test]
fn a_later_update_or_correction_comes_out_at_its_time() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/world/later.md",
        "+++\ntitle = \"Later\"\ndate = 2025-09-11T08:00:00Z\nupdated = 2025-09-12T06:00:00Z\ncorrections = [{ date = 2025-09-12T08:00:00Z, text = \"The bridge is longer.\" }]\n+++\nBody.\n",
    );
    let shown = |now: &str| {
        let out = build_at(root, now);
        let page = out.path().join("public/world/later/index.html");
        std::fs::read_to_string(page).ok().map(|t| {
            let html = scraper::Html::parse_document(&t);
            (
                texts(&html, ".updated time").len(),
                texts(&html, ".corrections li").len(),
            )
        })
    };
    assert_eq!(shown("2025-09-10T12:00:00Z"), None);
    assert_eq!(shown("2025-09-11T12:00:00Z"), Some((0, 0)));
    assert_eq!(shown("2025-09-12T07:00:00Z"), Some((1, 0)));
    assert_eq!(shown("2025-09-12T12:00:00Z"), Some((1, 1)));
    let next = dateline(&[
        "next",
        "--root",
        root.to_str().unwrap(),
        "--now",
        "2025-09-11T12:00:00Z",
    ]);
    let said = String::from_utf8(next.stdout).unwrap();
    assert_eq!(
        said.trim(),
        "2025-09-12T06:00:00Z",
        "the `updated` time is next"
    );
}
