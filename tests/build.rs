//! Builds the `basic` fixture and checks the pages through an HTML parser.

mod common;

use common::*;
use scraper::Html;

#[test]
fn article_page_has_headline_standfirst_byline_date_category_and_body() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    assert_eq!(
        texts(&page, "h1"),
        ["Leaders gather for the September parade"]
    );
    assert_eq!(
        texts(&page, ".standfirst"),
        ["A short standfirst for the parade story."]
    );
    assert_eq!(
        attrs(&page, ".byline a", "href"),
        ["/news/author/mei-lin/", "/news/author/daniel-okafor/"]
    );
    assert_eq!(texts(&page, ".byline a"), ["Mei Lin", "Daniel Okafor"]);
    assert_eq!(attrs(&page, ".kicker a", "href"), ["/news/china/"]);
    let times = attrs(&page, ".story-header time", "datetime");
    assert_eq!(times[0], "2025-09-03T10:00:00+08:00");
    assert_eq!(times[1], "2025-09-03T15:30:00+08:00", "updated date");
    assert_eq!(
        attrs(&page, ".story-body h2", "id"),
        ["on-the-rostrum", "what-was-on-show"]
    );
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/news/china/parade/"]
    );
}

#[test]
fn internal_links_resolve_and_empty_text_gets_the_title() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    let body_links = attrs(&page, ".story-body a", "href");
    assert!(
        body_links.contains(&"/news/world/reaction/#analysis".to_string()),
        "{body_links:?}"
    );
    assert!(texts(&page, ".story-body a").contains(&"Troops honoured in Pyongyang".to_string()));
}

#[test]
fn also_read_list_resolves_titles_and_links() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    let links = attrs(&page, ".related a", "href");
    assert_eq!(links[0], "/news/world/reaction/");
    assert_eq!(links[1], "https://example.com/explainer");
    let titles = texts(&page, ".related a");
    assert_eq!(titles[0], "Neighbours weigh the parade's message");
    assert!(titles[1].starts_with("An outside explainer"));
}

#[test]
fn tags_link_to_tag_pages() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    assert_eq!(
        attrs(&page, ".tags a", "href"),
        ["/news/tag/beijing/", "/news/tag/military-parade/"]
    );
    let tag = site.page("tag/military-parade/index.html");
    assert_eq!(
        texts(&tag, ".card .card-title a"),
        [
            "Leaders gather for the September parade",
            "Troops honoured in Pyongyang"
        ]
    );
}

#[test]
fn category_pages_list_newest_first_and_paginate() {
    let site = build_fixture("basic");
    let first = site.page("china/index.html");
    assert_eq!(texts(&first, "h1"), ["China"]);
    assert_eq!(
        texts(&first, ".card .card-title a"),
        [
            "Leaders gather for the September parade",
            "Rehearsals close central avenue"
        ]
    );
    assert_eq!(
        attrs(&first, "a[rel=next]", "href"),
        ["/news/china/page/2/"]
    );
    let second = site.page("china/page/2/index.html");
    assert_eq!(
        texts(&second, ".card .card-title a"),
        ["Troops honoured in Pyongyang"]
    );
    assert_eq!(attrs(&second, "a[rel=prev]", "href"), ["/news/china/"]);
    assert!(!site.path("china/page/3").exists());
    let index = site.page("categories/index.html");
    assert_eq!(texts(&index, "main li a"), ["Business", "China", "World"]);
}

#[test]
fn author_pages_show_profile_and_articles() {
    let site = build_fixture("basic");
    let page = site.page("author/mei-lin/index.html");
    assert_eq!(texts(&page, "h1"), ["Mei Lin"]);
    assert!(
        texts(&page, "main")
            .join(" ")
            .contains("Beijing correspondent")
    );
    assert_eq!(
        texts(&page, ".card .card-title a"),
        [
            "Leaders gather for the September parade",
            "Troops honoured in Pyongyang"
        ]
    );
    let bio_links = attrs(&page, "a", "href");
    assert!(
        bio_links.contains(&"/news/china/troops/".to_string()),
        "bio links resolve"
    );
    // A byline without a profile still gets a page.
    let zoe = site.page("author/zoe-adler/index.html");
    assert_eq!(texts(&zoe, "h1"), ["Zoë Adler"]);
    let index = site.page("author/index.html");
    assert_eq!(texts(&index, "main li a").len(), 3);
}

#[test]
fn home_page_leads_with_the_latest_story_and_paginates() {
    let site = build_fixture("basic");
    let home = site.page("index.html");
    assert_eq!(
        texts(&home, ".lead h2 a"),
        ["Markets shrug off the holiday"]
    );
    // Page 1 lists the page's stories after the lead, then each section's newest.
    assert_eq!(
        texts(&home, ".latest-list a"),
        [
            "Neighbours weigh the parade's message",
            "Leaders gather for the September parade"
        ]
    );
    let sections = texts(&home, ".front-section h2 a");
    assert_eq!(sections, ["Business", "China", "World"]);
    let china = home
        .select(&sel("#front-china"))
        .next()
        .unwrap()
        .parent()
        .unwrap();
    let china = scraper::ElementRef::wrap(china).unwrap();
    let china_titles: Vec<String> = china
        .select(&sel(".card-title a"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(china_titles.len(), 3, "{china_titles:?}");
    let page2 = site.page("page/2/index.html");
    assert_eq!(
        texts(&page2, ".card .card-title a"),
        [
            "Rehearsals close central avenue",
            "Troops honoured in Pyongyang"
        ]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = build_fixture("basic");
    assert!(!site.path("business/unfinished").exists());
    assert_eq!(site.report.counts.articles, 5);
    let with = build_with("basic", |r| r.drafts = true);
    assert!(with.path("business/unfinished/index.html").is_file());
}

#[test]
fn every_internal_link_resolves_to_a_written_file() {
    let site = build_fixture("basic");
    let root = site.path("");
    let mut checked = 0;
    for (rel, bytes) in snapshot(&root) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        let mut urls = attrs(&html, "a", "href");
        urls.extend(attrs(&html, "link[rel=stylesheet]", "href"));
        urls.extend(attrs(&html, "img", "src"));
        for url in urls.iter().filter(|u| u.starts_with('/')) {
            let path = url.split('#').next().unwrap();
            let local = path
                .strip_prefix("/news/")
                .unwrap_or_else(|| panic!("{rel:?}: {url} misses the base path"));
            let file = if local.is_empty() || local.ends_with('/') {
                root.join(local).join("index.html")
            } else {
                root.join(local)
            };
            assert!(
                file.is_file(),
                "{rel:?} links to {url}, which was not written"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = build_fixture("basic");
    let b = build_fixture("basic");
    assert_eq!(snapshot(&a.path("")), snapshot(&b.path("")));
}

#[test]
fn yaml_front_matter_and_site_time_zone_apply() {
    let site = build_fixture("basic");
    let page = site.page("china/rehearsal/index.html");
    assert_eq!(texts(&page, "h1"), ["Rehearsals close central avenue"]);
    assert_eq!(
        attrs(&page, ".story-header time", "datetime")[0],
        "2025-08-28T00:00:00+08:00"
    );
    let page = site.page("world/reaction/index.html");
    assert_eq!(
        attrs(&page, ".story-header time", "datetime")[0],
        "2025-09-04T09:00:00+08:00"
    );
}

#[test]
fn not_found_page_and_static_files_are_written() {
    let site = build_fixture("basic");
    let page = site.page("404.html");
    assert!(!texts(&page, "h1").is_empty());
    assert!(
        site.path("style.css").is_file(),
        "embedded theme stylesheet"
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let site = build_with("basic", |r| {
        r.base_url = Some("https://news.example.com".into())
    });
    let page = site.page("china/parade/index.html");
    assert_eq!(attrs(&page, ".kicker a", "href"), ["/china/"]);
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://news.example.com/china/parade/"]
    );
}

#[test]
fn a_sequential_build_is_identical_to_a_parallel_one() {
    let root = fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let (one, many) = (out.path().join("one"), out.path().join("many"));
    for (dir, jobs) in [(&one, "1"), (&many, "4")] {
        let run = dateline(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            dir.to_str().unwrap(),
            "--now",
            NOW,
            "--jobs",
            jobs,
        ]);
        assert!(run.status.success(), "{run:?}");
    }
    assert_eq!(snapshot(&one), snapshot(&many));
}

/// `partial_cached` renders a template with `site` and its arguments
/// only: the same arguments give the same output, arguments are escaped,
/// and the calling page's variables are out of its sight.
#[test]
fn partial_cached_sees_only_site_and_its_arguments() {
    let dir = copy_fixture("basic");
    let templates = dir.path().join("templates/partials");
    std::fs::create_dir_all(&templates).unwrap();
    let probe = r#"<p class="probe">{{ x }}|{{ n }}|{% if page is defined %}page{% else %}no page{% endif %}|{{ site.title }}</p>"#;
    std::fs::write(templates.join("probe.html"), probe).unwrap();
    let item = r#"<p class="item">{{ item.title }}</p>"#;
    std::fs::write(templates.join("item.html"), item).unwrap();
    let page = r#"<!doctype html><title>x</title>
{{ partial_cached(name="partials/probe.html", x="<b>a</b>", n=1) }}
{{ partial_cached(name="partials/probe.html", n=2, x="b") }}
{{ partial_cached(name="partials/probe.html", x="<b>a</b>", n=1) }}
{{ partial_cached(name="partials/probe.html", x="<b>a</b>" | safe, n=1) }}
{% set a = article(path="china/parade.md") %}{% set b = article(path="world/reaction.md") %}
{% for item in [a, b, a] %}{{ partial_cached(name="partials/item.html", item=item) }}{% endfor %}"#;
    std::fs::write(dir.path().join("templates/404.html"), page).unwrap();
    let out = tempfile::tempdir().unwrap();
    dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let text = std::fs::read_to_string(out.path().join("public/404.html")).unwrap();
    let html = Html::parse_document(&text);
    let title = texts(&html, "title");
    assert_eq!(title, ["x"]);
    let site_title = {
        let home = Html::parse_document(
            &std::fs::read_to_string(out.path().join("public/index.html")).unwrap(),
        );
        texts(&home, ".site-title a").remove(0)
    };
    let first = format!("<b>a</b>|1|no page|{site_title}");
    assert_eq!(
        texts(&html, "p.probe"),
        [
            first.clone(),
            format!("b|2|no page|{site_title}"),
            first,
            format!("a|1|no page|{site_title}")
        ]
    );
    let markup = texts(&html, "p.probe b");
    assert_eq!(markup, ["a"], "arguments are escaped unless marked safe");
    let (a, b) = (
        "Leaders gather for the September parade",
        "Neighbours weigh the parade's message",
    );
    assert_eq!(texts(&html, "p.item"), [a, b, a], "maps as arguments");
}

#[test]
fn navigation_marks_the_current_section() {
    let site = build_fixture("basic");
    let current = |rel: &str| {
        let page = site.page(rel);
        let links = attrs(&page, "nav.sections a[aria-current]", "href");
        let values = attrs(&page, "nav.sections a[aria-current]", "aria-current");
        links.into_iter().zip(values).collect::<Vec<_>>()
    };
    let china = || ("/news/china/".to_string(), "true".to_string());
    assert_eq!(current("china/parade/index.html"), [china()]);
    assert_eq!(
        current("china/index.html"),
        [("/news/china/".to_string(), "page".to_string())]
    );
    assert_eq!(current("china/page/2/index.html"), [china()]);
    assert_eq!(current("index.html"), []);
    assert_eq!(current("author/mei-lin/index.html"), []);
}

/// Article content and JSON-LD are safe strings: the default theme prints
/// them as they are, and a Zola-style template's `| safe` still works.
#[test]
fn content_is_safe_with_or_without_the_safe_filter() {
    let dir = copy_fixture("basic");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let tpl = r#"{% extends "base.html" %}{% block content %}<div class="zola">{{ article.content | safe }}</div>{% endblock content %}"#;
    std::fs::write(dir.path().join("templates/article.html"), tpl).unwrap();
    let out = tempfile::tempdir().unwrap();
    dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let zola = Html::parse_document(
        &std::fs::read_to_string(out.path().join("public/china/parade/index.html")).unwrap(),
    );
    let ours = build_fixture("basic").page("china/parade/index.html");
    let ids = |html: &Html, css: &str| attrs(html, css, "id");
    assert!(!ids(&ours, ".story-body h2").is_empty());
    assert_eq!(ids(&zola, ".zola h2"), ids(&ours, ".story-body h2"));
    for page in [&zola, &ours] {
        let docs = texts(page, r#"script[type="application/ld+json"]"#);
        let types: Vec<String> = docs
            .iter()
            .map(|d| serde_json::from_str::<serde_json::Value>(d).unwrap()["@type"].to_string())
            .collect();
        assert_eq!(types, ["\"NewsArticle\"", "\"BreadcrumbList\""]);
    }
}

#[test]
fn cards_headlines_are_h3_under_front_page_sections_and_h2_on_section_pages() {
    let site = build_fixture("basic");
    let count = |html: &Html, css: &str| html.select(&sel(css)).count();
    let home = site.page("index.html");
    assert!(count(&home, ".front-section h3.card-title") > 0);
    assert_eq!(count(&home, ".card h2.card-title"), 0);
    let china = site.page("china/index.html");
    assert!(count(&china, ".card h2.card-title") > 0);
    assert_eq!(count(&china, ".card h3.card-title"), 0);
}

/// An article at `world/storm/index.md` with `photo.jpg` beside it wrote
/// its page, but not the picture: `![](photo.jpg)` was a broken image.
/// The files beside an `index.md` are published beside its page; Markdown
/// files (articles of their own), hidden files and subfolders are not,
/// nor files beside an article that is not an `index.md`. A bundle file
/// that would overwrite a page is an error.
#[test]
fn page_bundle_files_are_published_beside_the_article() {
    let dir = copy_fixture("basic");
    let content = dir.path().join("content/world");
    let write = |rel: &str, bytes: &[u8]| {
        let path = content.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write(
        "storm/index.md",
        b"+++\ntitle = \"Storm\"\ndate = 2025-09-05\n+++\n\n![A flooded street](photo.svg)\n\n[The report](report.pdf)\n",
    );
    // A picture published as it is (a JPEG would be published as variants).
    let photo = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"></svg>";
    write("storm/photo.svg", photo);
    write("storm/report.pdf", b"%PDF-1.7");
    write("storm/.DS_Store", b"x");
    write("storm/raw/original.jpg", b"x");
    write("reaction.jpg", b"x");
    let out = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &out.path().join("public"));
    let report = dateline::build(&req).unwrap_or_else(|e| panic!("{e:?}"));
    let page = Html::parse_document(
        &std::fs::read_to_string(report.output.join("world/storm/index.html")).unwrap(),
    );
    assert_eq!(attrs(&page, ".story-body img", "src"), ["photo.svg"]);
    assert_eq!(attrs(&page, ".story-body a", "href"), ["report.pdf"]);
    let bundle = report.output.join("world/storm");
    let mut published: Vec<String> = std::fs::read_dir(&bundle)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    published.sort();
    assert_eq!(published, ["index.html", "photo.svg", "report.pdf"]);
    assert_eq!(std::fs::read(bundle.join("photo.svg")).unwrap(), photo);
    assert!(!report.output.join("world/reaction.jpg").exists());
    assert!(!report.output.join("world/reaction/reaction.jpg").exists());

    write("storm/index.html", b"<p>an old export</p>");
    let Err(dateline::Error::Content(errors)) = dateline::build(&req) else {
        panic!("a bundle file over the page must fail the build");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("`world/storm/index.html` would be written twice"),
        "{}",
        errors[0].message
    );
}

/// A site without corrections dated its corrections log and feeds "now",
/// so every build rewrote them: an unchanged site rebuilt an hour later
/// writes nothing.
#[test]
fn an_unchanged_site_rebuilt_later_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let mut req = request(&fixture("basic"), &target);
    dateline::build(&req).unwrap();
    req.now = Some("2025-09-10T13:00:00Z".parse().unwrap());
    let again = dateline::build(&req).unwrap();
    assert_eq!(again.writes.written, 0, "{:?}", again.writes);
}
