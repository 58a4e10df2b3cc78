//! `[search]`: the Pagefind index (its fragments decoded and parsed as
//! JSON), the search page and the masthead's box, what is left out of the
//! index, determinism, and the errors of the table.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::*;
use serde_json::Value;

const SEARCH_ON: &str = "[search]\nenabled = true\n";

fn article(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}\n")
}

/// A newsroom with one story of each kind the index treats differently.
fn newsroom(config: &str) -> tempfile::TempDir {
    let story = article(
        "title = \"Harbour wall to rise by a metre\"\ndate = 2025-09-04 09:00\ncategory = \"Local\"\nauthor = \"Ana Ruiz\"\ntags = [\"Floods\"]\nsummary = \"The council approved the works on Tuesday.\"\nlabel = \"Analysis\"",
        "{{ pullquote(text=\"Quillwort echoes the harbour\") }}\n\nEngineers found zanzibarite in the old foundations.\n\n{% factbox(title=\"Numbers\") %}\n- Built in 1962 with tessellite blocks\n{% end %}\n\n{{ youtube(id=\"dQw4w9WgXcQ\", title=\"Ravelling tides\") }}\n",
    );
    let match_report = article(
        "title = \"Rovers win the derby\"\ndate = 2025-08-02 18:00\ncategory = \"Sport\"\nauthor = \"Tom Hale\"",
        "A late goal settled it.",
    );
    let draft = article(
        "title = \"Draft\"\ndate = 2025-09-01 09:00\ncategory = \"Local\"\ndraft = true",
        "Nobody may find the word glimmerquartz yet.",
    );
    let unlisted = article(
        "title = \"Unlisted\"\ndate = 2025-09-01 09:00\ncategory = \"Local\"\nsitemap = false",
        "The word obsidianfern stays out of search.",
    );
    temp_site(
        config,
        &[
            ("content/local/wall.md", &story),
            ("content/sport/derby.md", &match_report),
            ("content/local/draft.md", &draft),
            ("content/local/unlisted.md", &unlisted),
        ],
    )
}

/// Pagefind's fragments of a build, by the page URL each describes.
fn fragments(out: &Path) -> BTreeMap<String, Value> {
    let dir = out.join("public/pagefind/fragment");
    let mut pages = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let gz = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut text)
            .unwrap();
        let json = text
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature");
        let page: Value = serde_json::from_slice(json).unwrap();
        pages.insert(page["url"].as_str().unwrap().to_string(), page);
    }
    pages
}

#[test]
fn published_articles_are_indexed_with_their_filters_and_result_fields() {
    let site = newsroom(SEARCH_ON);
    let out = build_site(site.path()).unwrap();
    let pages = fragments(out.path());
    let urls: Vec<&str> = pages.keys().map(String::as_str).collect();
    assert_eq!(urls, ["/local/wall/", "/sport/derby/"]);
    let entry = std::fs::read(out.path().join("public/pagefind/pagefind-entry.json")).unwrap();
    let entry: Value = serde_json::from_slice(&entry).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 2);

    let wall = &pages["/local/wall/"];
    let content = wall["content"].as_str().unwrap();
    for word in [
        "Harbour wall",
        "council approved",
        "Ana Ruiz",
        "Analysis",
        "zanzibarite",
        "tessellite",
    ] {
        assert!(content.contains(word), "`{word}` not indexed: {content}");
    }
    for word in ["Quillwort", "Ravelling", "Local", "Floods", "2025"] {
        assert!(
            !content.contains(word),
            "`{word}` indexed as text: {content}"
        );
    }
    let filters = &wall["filters"];
    assert_eq!(filters["category"], serde_json::json!(["Local"]));
    assert_eq!(filters["author"], serde_json::json!(["Ana Ruiz"]));
    assert_eq!(filters["tag"], serde_json::json!(["Floods"]));
    assert_eq!(filters["year"], serde_json::json!(["2025"]));
    let meta = &wall["meta"];
    assert_eq!(meta["title"], "Harbour wall to rise by a metre");
    assert_eq!(meta["byline"], "Ana Ruiz");
    assert_eq!(meta["kicker"], "Analysis");
    assert_eq!(meta["section"], "Local");
    assert_eq!(meta["date"], "4 September 2025");
}

#[test]
fn drafts_and_articles_left_out_of_the_sitemap_are_not_indexed() {
    let site = newsroom(SEARCH_ON);
    let out = build_site(site.path()).unwrap();
    for page in fragments(out.path()).values() {
        let content = page["content"].as_str().unwrap();
        assert!(!content.contains("glimmerquartz"), "a draft is searchable");
        assert!(
            !content.contains("obsidianfern"),
            "`sitemap = false` is searchable"
        );
    }
}

#[test]
fn the_search_page_and_the_masthead_box_exist_only_with_search_on() {
    let site = newsroom(SEARCH_ON);
    let out = build_site(site.path()).unwrap();
    let page = built_page(&out, "search/index.html");
    assert_eq!(attrs(&page, "form.search-form", "action"), ["/search/"]);
    assert_eq!(
        attrs(&page, "#search-results", "data-pagefind"),
        ["/pagefind/pagefind.js"]
    );
    let script = attrs(&page, "script[type=module]", "src");
    let name = script[0]
        .strip_prefix("/search.")
        .and_then(|s| s.strip_suffix(".js"));
    assert!(
        name.is_some_and(|h| h.len() == 12),
        "the script by its fingerprinted name: {script:?}"
    );
    assert!(out.path().join("public").join(&script[0][1..]).is_file());
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    let sections = texts(&page, "#search-category option");
    assert_eq!(sections, ["Any", "Local", "Sport"]);
    let home = built_page(&out, "index.html");
    assert_eq!(attrs(&home, "form.masthead-search", "action"), ["/search/"]);
    assert!(
        attrs(&home, "script[src]", "src").is_empty(),
        "the home page loads a script"
    );
    for file in ["search.js", "search.css", "pagefind/pagefind.js"] {
        assert!(
            out.path().join("public").join(file).is_file(),
            "{file} missing"
        );
    }
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        !locs.iter().any(|l| l.ends_with("/search/")),
        "the search page is in the sitemap"
    );

    let off = newsroom("");
    let out = build_site(off.path()).unwrap();
    let public = out.path().join("public");
    for file in ["search/index.html", "search.js", "search.css", "pagefind"] {
        assert!(
            !public.join(file).exists(),
            "{file} written with search off"
        );
    }
    let home = built_page(&out, "index.html");
    assert!(attrs(&home, "form.masthead-search", "action").is_empty());
}

#[test]
fn two_builds_give_byte_identical_indexes() {
    let site = newsroom(SEARCH_ON);
    let a = build_site(site.path()).unwrap();
    let b = build_site(site.path()).unwrap();
    let index = |out: &tempfile::TempDir| snapshot(&out.path().join("public/pagefind"));
    let first = index(&a);
    assert!(first.len() > 5, "{} files", first.len());
    assert_eq!(first, index(&b));
}

#[test]
fn weights_and_filters_are_checked_where_they_are_written() {
    let site = newsroom(
        "[search]\nenabled = true\nfilters = [\"category\", \"colour\"]\n[search.weights]\nheadline = 0\nstandfirst = 11\n",
    );
    let stderr = failing_run(site.path());
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    let config = site.path().join("config.toml");
    let at = |line: usize, col: usize| format!("{}:{line}:{col}: error: ", config.display());
    assert!(lines[0].starts_with(&at(5, 24)), "{stderr}");
    assert!(
        lines[0].contains("unknown search filter `colour`"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&at(7, 12)) && lines[1].contains("headline"),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with(&at(8, 14)) && lines[2].contains("standfirst"),
        "{stderr}"
    );

    let typo = newsroom("[search]\nenable = true\n");
    let stderr = failing_run(typo.path());
    assert!(stderr.contains("config.toml:4:1: error:"), "{stderr}");
    assert!(stderr.contains("enable"), "{stderr}");
}

#[test]
fn a_site_under_a_path_gets_site_relative_results_and_prefixed_links() {
    let site = temp_site(
        "",
        &[(
            "content/local/wall.md",
            &article("title = \"Wall\"\ndate = 2025-09-04 09:00", "Text."),
        )],
    );
    let config =
        "title = \"Gazette\"\nbase_url = \"https://example.org/news/\"\n[search]\nenabled = true\n";
    std::fs::write(site.path().join("config.toml"), config).unwrap();
    let out = build_site(site.path()).unwrap();
    // Pagefind's script puts `/news/` (where pagefind.js is) in front.
    let urls: Vec<String> = fragments(out.path()).into_keys().collect();
    assert_eq!(urls, ["/local/wall/"]);
    let page = built_page(&out, "search/index.html");
    assert_eq!(
        attrs(&page, "form.search-form", "action"),
        ["/news/search/"]
    );
    assert_eq!(
        attrs(&page, "#search-results", "data-pagefind"),
        ["/news/pagefind/pagefind.js"]
    );
    let script = attrs(&page, "script[type=module]", "src");
    assert!(script[0].starts_with("/news/search."), "{script:?}");
    assert!(out.path().join("public").join(&script[0][6..]).is_file());
    assert_eq!(
        attrs(&page, "form.masthead-search", "action"),
        ["/news/search/"]
    );
}

#[test]
fn raw_html_in_a_body_cannot_change_what_is_indexed() {
    let own_body = article(
        "title = \"Own body\"\ndate = 2025-09-04 09:00\ncategory = \"Local\"",
        "<div data-pagefind-body>Only this?</div>\n\nMore text.",
    );
    let unclosed = article(
        "title = \"Unclosed\"\ndate = 2025-09-03 09:00\ncategory = \"Local\"\nauthor = \"Ana Ruiz\"",
        "<div data-pagefind-ignore=\"all\">\n\nText after it.",
    );
    let plain = article(
        "title = \"Plain\"\ndate = 2025-09-02 09:00\ncategory = \"Sport\"",
        "Plain text.",
    );
    let site = temp_site(
        SEARCH_ON,
        &[
            ("content/local/own.md", &own_body),
            ("content/local/unclosed.md", &unclosed),
            ("content/sport/plain.md", &plain),
        ],
    );
    let out = build_site(site.path()).unwrap();
    let pages = fragments(out.path());
    assert_eq!(pages.len(), 3, "{:?}", pages.keys());
    let unclosed = &pages["/local/unclosed/"];
    assert_eq!(
        unclosed["filters"]["category"],
        serde_json::json!(["Local"])
    );
    assert_eq!(unclosed["meta"]["byline"], "Ana Ruiz");
    assert!(
        pages["/sport/plain/"]["content"]
            .as_str()
            .unwrap()
            .contains("Plain text")
    );
}

#[test]
fn the_year_filter_is_the_year_of_the_date_archives() {
    let late = article(
        "title = \"Late\"\ndate = 2019-12-31T23:30:00-05:00\ncategory = \"Local\"",
        "New year.",
    );
    let site = temp_site(
        "timezone = \"UTC\"\n[search]\nenabled = true\n",
        &[("content/local/late.md", &late)],
    );
    let out = build_site(site.path()).unwrap();
    let page = &fragments(out.path())["/local/late/"];
    assert_eq!(page["filters"]["year"], serde_json::json!(["2020"]));
    let search = built_page(&out, "search/index.html");
    assert_eq!(texts(&search, "#search-year option"), ["Any", "2020"]);
}

#[test]
fn with_nothing_published_the_search_page_says_so_and_loads_no_script() {
    let draft = article(
        "title = \"Draft\"\ndate = 2025-09-04 09:00\ndraft = true",
        "x",
    );
    let site = temp_site(SEARCH_ON, &[("content/local/draft.md", &draft)]);
    let out = build_site(site.path()).unwrap();
    let page = built_page(&out, "search/index.html");
    assert_eq!(
        texts(&page, "main p.empty"),
        ["Nothing has been published yet."]
    );
    assert!(attrs(&page, "script[src]", "src").is_empty());
}

#[test]
fn a_filter_listed_twice_is_an_error() {
    let site = newsroom("[search]\nenabled = true\nfilters = [\"tag\", \"year\", \"tag\"]\n");
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("config.toml:5:27: error: search filter `tag` is listed twice"),
        "{stderr}"
    );
}

#[test]
fn a_result_shows_the_narrowest_variant_of_the_lead_picture() {
    let front = "title = \"Harbour\"\ndate = 2025-09-04 09:00\nimage = { src = \"/images/harbour.jpg\", alt = \"The harbour\" }";
    let site = temp_site(
        "[search]\nenabled = true\n[images]\nwidths = [480, 800]\nformats = [\"webp\"]\n",
        &[("content/local/harbour.md", &article(front, "Boats."))],
    );
    let picture = image::RgbImage::from_fn(1300, 731, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    std::fs::create_dir_all(site.path().join("static/images")).unwrap();
    picture
        .save(site.path().join("static/images/harbour.jpg"))
        .unwrap();
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let page = &fragments(out.path())["/local/harbour/"];
    let thumb = page["meta"]["image"].as_str().unwrap();
    assert!(
        thumb.starts_with("/img/harbour-480-") && thumb.ends_with(".jpg"),
        "{thumb}"
    );
    let file = out
        .path()
        .join("public")
        .join(thumb.trim_start_matches('/'));
    let decoded = image::open(&file).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (480, 270));
    assert_eq!(page["meta"]["image_alt"], "The harbour");
}
