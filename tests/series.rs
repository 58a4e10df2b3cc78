//! Series: `series = { name, part }` in front matter, the series page at
//! `/series/<slug>/` (with `content/series/<slug>/_index.md` for its
//! intro), the article's place with previous and next parts, JSON-LD, and
//! the errors and warnings, each located.

mod common;

use std::path::Path;

use common::*;
use scraper::Html;
use serde_json::Value as Json;

const SERIES: &str = "The river's edge";
const SLUG: &str = "the-river-s-edge";

/// Part `part` of the series, dated `day` of September 2025.
fn part(title: &str, day: u32, part: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2025-09-{day:02} 09:00\nseries = {{ name = \"{SERIES}\", part = {part} }}\n+++\nText of {title}.\n"
    )
}

const INTRO: &str = "+++\ntitle = \"The river's edge\"\ndescription = \"Three reports from a delta losing ground to the sea.\"\n+++\n\nThe sea has taken **two villages** since 2010.\n";

/// Three parts published out of part order (part 2 is the newest), and
/// the series page.
fn three_parts() -> tempfile::TempDir {
    temp_site(
        "",
        &[
            ("content/science/delta-one.md", &part("Delta one", 1, "1")),
            ("content/science/delta-two.md", &part("Delta two", 8, "2")),
            ("content/world/delta-three.md", &part("Delta three", 5, "3")),
            ("content/series/the-river-s-edge/_index.md", INTRO),
        ],
    )
}

struct Out {
    dir: tempfile::TempDir,
    warnings: Vec<dateline::Diagnostic>,
}

fn build(root: &Path) -> Result<Out, Vec<dateline::Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    match dateline::build(&request(root, &dir.path().join("public"))) {
        Ok(r) => Ok(Out {
            dir,
            warnings: r.warnings,
        }),
        Err(dateline::Error::Content(ds)) => Err(ds),
        Err(e) => panic!("{e}"),
    }
}

impl Out {
    fn file(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join("public").join(rel)
    }

    fn page(&self, rel: &str) -> Html {
        let text = std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }

    /// The file a root-relative link on a page points to.
    fn target(&self, href: &str) -> std::path::PathBuf {
        self.file(&format!("{}index.html", href.trim_start_matches('/')))
    }
}

fn jsonld(html: &Html, kind: &str) -> Json {
    html.select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str::<Json>(&s.inner_html()).unwrap())
        .find(|j| j["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} document"))
}

/// The problems of one severity as (file name, line, message).
fn located(
    ds: &[dateline::Diagnostic],
    severity: dateline::error::Severity,
) -> Vec<(String, usize, String)> {
    ds.iter()
        .filter(|d| d.severity == severity)
        .map(|d| {
            let name = d.location.path.file_name().unwrap().to_string_lossy();
            (name.into_owned(), d.location.line, d.message.clone())
        })
        .collect()
}

fn errors(ds: &[dateline::Diagnostic]) -> Vec<(String, usize, String)> {
    located(ds, dateline::error::Severity::Error)
}

#[test]
fn the_series_page_lists_the_parts_in_part_order_under_its_intro() {
    let out = build(three_parts().path()).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let html = out.page(&format!("series/{SLUG}/index.html"));
    assert_eq!(texts(&html, "h1"), [SERIES]);
    let links = attrs(&html, ".series-parts .card-title a", "href");
    assert_eq!(
        links,
        [
            "/science/delta-one/",
            "/science/delta-two/",
            "/world/delta-three/"
        ]
    );
    assert_eq!(
        texts(&html, ".series-parts .card-part"),
        ["Part 1", "Part 2", "Part 3"]
    );
    assert_eq!(
        texts(&html, ".series-intro p"),
        ["The sea has taken two villages since 2010."]
    );
    assert_eq!(texts(&html, ".series-intro strong"), ["two villages"]);
    let description = attrs(&html, "meta[name='description']", "content");
    assert_eq!(
        description,
        ["Three reports from a delta losing ground to the sea."]
    );
    let ld = jsonld(&html, "CollectionPage");
    assert_eq!(ld["about"]["@type"], "CreativeWorkSeries");
    let items = ld["mainEntity"]["itemListElement"].as_array().unwrap();
    let listed: Vec<(u64, &str)> = items
        .iter()
        .map(|i| (i["position"].as_u64().unwrap(), i["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            (1, "https://example.org/science/delta-one/"),
            (2, "https://example.org/science/delta-two/"),
            (3, "https://example.org/world/delta-three/")
        ]
    );
    let sitemap = std::fs::read_to_string(out.file("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>https://example.org/series/{SLUG}/</loc>")));
    assert!(
        !out.file("series/the-river-s-edge/_index/index.html")
            .exists()
    );
}

#[test]
fn the_middle_part_shows_its_place_and_links_to_the_parts_around_it() {
    let out = build(three_parts().path()).unwrap();
    let html = out.page("science/delta-two/index.html");
    let place = texts(&html, "nav[aria-label='Series'] .series-place");
    assert_eq!(place, [format!("Part 2 of 3 in {SERIES}")]);
    let series_link = attrs(&html, "nav[aria-label='Series'] .series-place a", "href");
    assert_eq!(series_link, [format!("/series/{SLUG}/")]);
    let prev = attrs(&html, "nav[aria-label='Series'] a[rel='prev']", "href");
    let next = attrs(&html, "nav[aria-label='Series'] a[rel='next']", "href");
    assert_eq!(
        (prev.as_slice(), next.as_slice()),
        (
            ["/science/delta-one/".to_string()].as_slice(),
            ["/world/delta-three/".to_string()].as_slice()
        )
    );
    for href in prev.iter().chain(&next).chain(&series_link) {
        assert!(out.target(href).is_file(), "{href} resolves");
    }
    let prev_page = out.page("science/delta-one/index.html");
    assert_eq!(texts(&prev_page, "h1"), ["Delta one"]);
    assert!(attrs(&prev_page, "nav[aria-label='Series'] a[rel='prev']", "href").is_empty());
    let ld = jsonld(&html, "NewsArticle");
    assert_eq!(ld["isPartOf"]["@type"], "CreativeWorkSeries");
    assert_eq!(ld["isPartOf"]["name"], SERIES);
    assert_eq!(
        ld["isPartOf"]["url"],
        format!("https://example.org/series/{SLUG}/")
    );
    assert_eq!(ld["position"], 2);
}

#[test]
fn yaml_parts_without_a_series_page_get_a_page_and_long_series_are_paginated() {
    let yaml = |title: &str, n: u32| {
        format!(
            "---\ntitle: {title}\ndate: 2025-09-0{n}\nseries:\n  name: Budget week\n  part: {n}\n---\nText.\n"
        )
    };
    let dir = temp_site(
        "paginate = 2\n",
        &[
            ("content/business/monday.md", &yaml("Monday", 1)),
            ("content/business/tuesday.md", &yaml("Tuesday", 2)),
            ("content/business/wednesday.md", &yaml("Wednesday", 3)),
        ],
    );
    let out = build(dir.path()).unwrap();
    let first = out.page("series/budget-week/index.html");
    assert_eq!(
        texts(&first, ".series-parts .card-part"),
        ["Part 1", "Part 2"]
    );
    assert!(texts(&first, ".series-intro").is_empty());
    let description = attrs(&first, "meta[name='description']", "content");
    assert!(description[0].contains("Budget week"), "{description:?}");
    let second = out.page("series/budget-week/page/2/index.html");
    assert_eq!(texts(&second, ".series-parts .card-part"), ["Part 3"]);
    let html = out.page("business/wednesday/index.html");
    let place = texts(&html, ".series-place");
    assert_eq!(place, ["Part 3 of 3 in Budget week"]);
}

#[test]
fn a_part_that_is_not_a_positive_whole_number_fails_at_its_line() {
    let dir = temp_site(
        "",
        &[
            ("content/world/zero.md", &part("Zero", 1, "0")),
            ("content/world/words.md", &part("Words", 2, "\"two\"")),
            ("content/world/fine.md", &part("Fine", 3, "1")),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("keep.txt"), "old").unwrap();
    let ds = match dateline::build(&request(dir.path(), &public)) {
        Err(dateline::Error::Content(ds)) => ds,
        other => panic!("{other:?}"),
    };
    let found = errors(&ds);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "zero.md" && *l == 4 && m.contains("1 or more, not 0")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "words.md" && *l == 4 && m.contains("whole number")),
        "{found:#?}"
    );
    assert!(ds.iter().all(|d| d.location.col > 0), "{ds:?}");
    assert_eq!(
        std::fs::read_to_string(public.join("keep.txt")).unwrap(),
        "old",
        "output untouched"
    );
}

#[test]
fn two_published_articles_with_one_part_fail_naming_both() {
    let dir = temp_site(
        "",
        &[
            ("content/world/first.md", &part("First", 1, "1")),
            ("content/world/again.md", &part("Again", 2, "1")),
            ("content/world/later.md", &part("Later", 3, "2")),
        ],
    );
    let ds = build(dir.path()).err().expect("the build fails");
    let found = errors(&ds);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (file, line, message) = &found[0];
    // At the newer of the two, the likelier mistake.
    assert_eq!((file.as_str(), *line), ("again.md", 4));
    assert!(message.contains("part 1 of the series"), "{message}");
    assert!(message.contains("first.md"), "{message}");
    // A draft may share a part with a published article (it is its next version).
    let draft = part("Draft", 4, "1").replacen("+++\n", "+++\ndraft = true\n", 1);
    let ok = temp_site(
        "",
        &[
            ("content/world/first.md", &part("First", 1, "1")),
            ("content/world/draft.md", &draft),
        ],
    );
    assert!(build(ok.path()).is_ok());
}

#[test]
fn an_index_file_is_never_an_article_and_an_unused_series_page_warns() {
    let dir = temp_site(
        "",
        &[
            (
                "content/world/story.md",
                &part("Story", 1, "1").replace(SERIES, "Other"),
            ),
            (
                "content/world/deep/_index.md",
                "+++\ntitle = \"Deep\"\n+++\nNo list has this address.\n",
            ),
            (
                "content/series/lost-series/_index.md",
                "+++\ntitle = \"Lost\"\n+++\nIntro.\n",
            ),
            (
                "content/series/drafted/_index.md",
                "+++\ntitle = \"Drafted\"\n+++\nIntro.\n",
            ),
            (
                "content/world/draft.md",
                &part("Draft", 2, "1").replace(SERIES, "Drafted").replacen(
                    "+++\n",
                    "+++\ndraft = true\n",
                    1,
                ),
            ),
        ],
    );
    let out = build(dir.path()).unwrap();
    let public = out.dir.path().join("public");
    let built: Vec<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        built
            .iter()
            .all(|p| !p.contains("index/") && !p.contains("lost") && !p.contains("drafted")),
        "{built:#?}"
    );
    assert!(out.file("series/other/index.html").is_file());
    let warnings = located(&out.warnings, dateline::error::Severity::Warning);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let at = |dir: &str| {
        out.warnings
            .iter()
            .find(|d| d.location.path.ends_with(format!("{dir}/_index.md")))
            .unwrap_or_else(|| panic!("a warning at {dir}/_index.md: {warnings:#?}"))
    };
    assert!(
        at("lost-series")
            .message
            .contains("no article is part of the series `lost-series`")
    );
    assert!(at("deep").message.contains("describes a list page"));
}

/// Two articles that would both be part 1 once the later comes out are an
/// error now, not when the time comes; two whose times never meet (the
/// first expires before the second comes out) are not.
#[test]
fn a_part_taken_by_a_scheduled_article_is_an_error_before_it_comes_out() {
    let later = "---\ntitle: Part one again\ndate: 2025-09-20T09:00:00Z\nseries: {name: \"the river's edge\", part: 1}\n---\nText.\n";
    let dir = temp_site(
        "",
        &[
            ("content/world/one.md", &part("One", 1, "1")),
            ("content/world/again.md", later),
        ],
    );
    let stderr = failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("world/again.md:4:") && l.contains("two articles are part 1")),
        "{stderr}"
    );
    let expiring =
        part("One", 1, "1").replace("+++\nText", "expires = 2025-09-15T00:00:00Z\n+++\nText");
    std::fs::write(dir.path().join("content/world/one.md"), expiring).unwrap();
    for now in [
        "2025-09-10T12:00:00Z",
        "2025-09-16T12:00:00Z",
        "2025-09-21T12:00:00Z",
    ] {
        build_at(dir.path(), now);
    }
}
