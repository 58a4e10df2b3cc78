//! Date archives: the pages of each year, month and day, their index, the
//! `[archives]` switches and any permalink pattern. Pages are read through
//! an HTML parser and the sitemap through an XML parser.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use scraper::Html;

/// The basic fixture's site root (its `base_url` has the path `/news/`).
const ROOT: &str = "/news/";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The basic fixture with `extra` added to its `config.toml`.
fn configured(extra: &str) -> tempfile::TempDir {
    let dir = copy_fixture("basic");
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n{extra}\n")).unwrap();
    dir
}

fn build_site(root: &Path) -> (tempfile::TempDir, dateline::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(root, &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    (out, report)
}

fn page(report: &dateline::BuildReport, rel: &str) -> Html {
    let text =
        std::fs::read_to_string(report.output.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// The headline links of a list page, in order.
fn listed(html: &Html) -> Vec<String> {
    attrs(html, "main .card-title a", "href")
}

/// Every page of a paginated list, following its "Older" links.
fn all_pages(report: &dateline::BuildReport, first: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rel = Some(first.to_string());
    while let Some(r) = rel {
        let html = page(report, &r);
        links.extend(listed(&html));
        let next = attrs(&html, "nav.pagination a[rel=next]", "href");
        rel = next.first().map(|u| file_of(u).unwrap());
    }
    links
}

/// The output file a site URL names (`/news/a/` is `a/index.html`),
/// ignoring a `#fragment`; none for another site's URL.
fn file_of(url: &str) -> Option<String> {
    let url = url.strip_prefix("https://example.org").unwrap_or(url);
    let path = url.split('#').next()?.strip_prefix(ROOT)?;
    Some(match path.is_empty() || path.ends_with('/') {
        true => format!("{path}index.html"),
        false => path.to_string(),
    })
}

/// The output's HTML pages whose `<body>` has class `kind-<kind>`.
fn pages_of_kind(report: &dateline::BuildReport, kind: &str) -> Vec<String> {
    let class = sel(&format!("body.kind-{kind}"));
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(&report.output).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
            if html.select(&class).next().is_some() {
                let rel = e.path().strip_prefix(&report.output).unwrap();
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

#[test]
fn a_month_lists_exactly_its_articles_newest_first_across_pages() {
    let site = build_fixture("basic");
    let september = all_pages(&site.report, "2025/09/index.html");
    assert_eq!(
        september,
        [
            "/news/business/markets/",
            "/news/world/reaction/",
            "/news/china/parade/"
        ]
    );
    assert_eq!(
        all_pages(&site.report, "2025/08/index.html"),
        ["/news/china/rehearsal/", "/news/china/troops/"]
    );
    let year = all_pages(&site.report, "2025/index.html");
    assert_eq!(year.len(), 5, "{year:?}");
    assert!(!site.path("2025/09/03/index.html").exists(), "days are off");
}

#[test]
fn archive_pages_paginate_like_category_pages() {
    let site = build_fixture("basic");
    let first = site.page("2025/09/index.html");
    assert_eq!(texts(&first, "main h1"), ["September 2025"]);
    assert_eq!(listed(&first).len(), 2, "paginate = 2");
    let second = site.page("2025/09/page/2/index.html");
    assert_eq!(texts(&second, "main h1"), ["September 2025 page 2"]);
    assert_eq!(
        attrs(&second, "nav.pagination a[rel=prev]", "href"),
        ["/news/2025/09/"]
    );
    assert_eq!(
        attrs(&second, "link[rel=canonical]", "href"),
        ["https://example.org/news/2025/09/page/2/"]
    );
    assert_eq!(
        texts(&first, "nav.breadcrumbs a"),
        ["Archive", "2025"],
        "a month lies in its year"
    );
    assert_eq!(texts(&first, "nav.period-nav a"), ["August 2025 →"]);
}

#[test]
fn every_link_on_archive_pages_resolves_to_a_file() {
    let dir = configured("[archives]\ndays = true");
    let (_out, report) = build_site(dir.path());
    let mut pages = pages_of_kind(&report, "archive");
    assert!(
        pages.contains(&"2025/09/03/index.html".to_string()),
        "{pages:?}"
    );
    pages.extend(pages_of_kind(&report, "archives"));
    assert!(pages.len() > 5, "{pages:?}");
    for rel in &pages {
        let html = page(&report, rel);
        for href in attrs(&html, "a[href], link[href]", "href") {
            let Some(file) = file_of(&href) else {
                continue;
            };
            assert!(report.output.join(&file).is_file(), "{rel}: {href}");
        }
    }
}

#[test]
fn the_archive_index_counts_years_and_months() {
    let site = build_fixture("basic");
    let index = site.page("archive/index.html");
    assert_eq!(texts(&index, "main h1"), ["Archive"]);
    let years = texts(&index, "section.archive-year h2");
    assert_eq!(years, ["2025 5 articles"]);
    let months = texts(&index, "section.archive-year li");
    assert_eq!(months, ["September 3 articles", "August 2 articles"]);
    assert_eq!(
        attrs(&index, "section.archive-year li a", "href"),
        ["/news/2025/09/", "/news/2025/08/"]
    );
    let footer = site.page("index.html");
    assert!(attrs(&footer, "footer a", "href").contains(&"/news/archive/".to_string()));
}

/// An article's period is its date in the site's time zone (the fixture's
/// is Asia/Shanghai, eight hours ahead of UTC), not in the zone it is
/// written in; so is the day its date links to.
#[test]
fn periods_follow_the_site_time_zone_and_days_can_be_switched_on() {
    let dir = configured("[archives]\ndays = true");
    write(
        dir.path(),
        "content/world/late.md",
        "+++\ntitle = \"Late\"\ndate = 2025-08-31T20:00:00Z\n+++\nAfter midnight in Beijing.\n",
    );
    let (_out, report) = build_site(dir.path());
    let first = all_pages(&report, "2025/09/01/index.html");
    assert_eq!(first, ["/news/world/late/"]);
    assert!(all_pages(&report, "2025/09/index.html").contains(&"/news/world/late/".into()));
    assert!(!all_pages(&report, "2025/08/index.html").contains(&"/news/world/late/".into()));
    let article = page(&report, "world/late/index.html");
    assert_eq!(
        attrs(&article, ".story-meta a.date-link", "href"),
        ["/news/2025/09/01/"]
    );
    let day = page(&report, "2025/09/01/index.html");
    assert_eq!(texts(&day, "main h1"), ["1 September 2025"]);
    assert_eq!(
        texts(&day, "nav.breadcrumbs a"),
        ["Archive", "2025", "September 2025"]
    );
}

#[test]
fn an_article_date_links_to_its_month_by_default() {
    let site = build_fixture("basic");
    let article = site.page("china/parade/index.html");
    let link = attrs(&article, ".story-meta a.date-link", "href");
    assert_eq!(link, ["/news/2025/09/"]);
    let time = texts(&article, ".story-meta a.date-link time");
    assert_eq!(time.len(), 1, "the link holds the visible date");
}

#[test]
fn archives_can_be_switched_off() {
    let dir = configured("[archives]\nenabled = false");
    let (_out, report) = build_site(dir.path());
    assert!(!report.output.join("2025").exists());
    assert!(!report.output.join("archive").exists());
    assert!(pages_of_kind(&report, "archive").is_empty());
    let article = page(&report, "china/parade/index.html");
    assert!(attrs(&article, "a.date-link", "href").is_empty());
    assert_eq!(
        texts(&article, ".story-meta time").len(),
        2,
        "date and update"
    );
    let home = page(&report, "index.html");
    assert!(!attrs(&home, "footer a", "href").contains(&"/news/archive/".to_string()));
    let sitemap = sitemap_locs(&report);
    assert!(!sitemap.iter().any(|l| l.contains("/2025/")), "{sitemap:?}");
}

fn sitemap_locs(report: &dateline::BuildReport) -> BTreeSet<String> {
    let text = std::fs::read_to_string(report.output.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

#[test]
fn archive_pages_are_in_the_sitemap() {
    let site = build_fixture("basic");
    let locs = sitemap_locs(&site.report);
    for rel in [
        "2025/",
        "2025/09/",
        "2025/09/page/2/",
        "2025/08/",
        "archive/",
    ] {
        let url = format!("https://example.org/news/{rel}");
        assert!(locs.contains(&url), "{url} not in {locs:?}");
    }
}

/// With dates in the article URLs, a month's folder holds its articles
/// and its archive page side by side.
#[test]
fn a_site_with_dated_permalinks_builds() {
    let dir = configured("permalink = \"{year}/{month}/{slug}/\"");
    let (_out, report) = build_site(dir.path());
    assert!(report.output.join("2025/09/markets/index.html").is_file());
    let september = all_pages(&report, "2025/09/index.html");
    assert_eq!(
        september,
        [
            "/news/2025/09/markets/",
            "/news/2025/09/reaction/",
            "/news/2025/09/parade/"
        ]
    );
    for url in september {
        assert!(
            report.output.join(file_of(&url).unwrap()).is_file(),
            "{url}"
        );
    }
}

/// An article whose URL is an archive page's is an error naming both.
#[test]
fn an_article_at_an_archive_path_is_an_error() {
    let dir = configured("permalink = \"{year}/{slug}/\"");
    write(
        dir.path(),
        "content/world/nine.md",
        "+++\ntitle = \"Nine\"\ndate = 2025-09-01\nslug = \"09\"\n+++\nText.\n",
    );
    let out = dir.path().join("public");
    let err = dateline::check(&request(dir.path(), &out), &mut Default::default());
    let Err(dateline::Error::Content(errors)) = err else {
        panic!("expected errors, got {err:?}");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = &errors[0].message;
    assert!(
        message.contains("`2025/09/index.html` would be written twice")
            && message.contains("archive page"),
        "{message}"
    );
}
