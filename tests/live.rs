//! Live blogs: `live = { start, end }` and the updates its level-2 headings
//! start. At each moment the page, its JSON-LD, the feeds and the news
//! sitemap show the updates published by then, newest first, with the Live
//! badge while the coverage runs; bad updates are errors at their line.

mod common;

use common::*;
use serde_json::Value as Json;

fn article(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}\n")
}

/// Oldest first, as some desks write them; one by another writer, one pinned.
const FRONT: &str = "title = \"Vote count in Marlow\"\ncategory = \"Politics\"\nauthors = [\"Ana Ruiz\", \"Tom Ekker\"]\nsummary = \"Results as they come in.\"\n\n[live]\nstart = 2025-09-10T08:00:00Z\nend = 2025-09-10T20:00:00Z\nkey_points = [\"Turnout is up\", \"Three wards declared\"]";

const BODY: &str = "The count began at eight.

## 09:00 Counting starts {author=\"Ana Ruiz\"}

Ballot boxes arrive from the wards.

## 10:30 First ward declares {#first-ward author=\"Tom Ekker\"}

The **north ward** elected its councillor by 41 votes.

## 11:00 How to follow the count {pinned}

Results are posted at the town hall.

## 14:15 Turnout confirmed {author=\"Ana Ruiz\"}

Turnout was 58 per cent.
";

fn vote_site() -> tempfile::TempDir {
    temp_site(
        "timezone = \"UTC\"\n",
        &[
            ("content/politics/count.md", &article(FRONT, BODY)),
            (
                "content/politics/preview.md",
                &article(
                    "title = \"What to watch\"\ndate = 2025-09-09T10:00:00Z\ncategory = \"Politics\"\nauthor = \"Ana Ruiz\"",
                    "Three wards to watch.",
                ),
            ),
        ],
    )
}

/// The `LiveBlogPosting` document of a page.
fn live_jsonld(page: &scraper::Html) -> Json {
    texts(page, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|t| serde_json::from_str::<Json>(t).unwrap())
        .find(|d| d["@type"] == "LiveBlogPosting")
        .expect("a LiveBlogPosting")
}

fn news_locs(out: &tempfile::TempDir) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(out.path().join("public/news-sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.descendants()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_string()
            };
            (child("loc"), child("publication_date"))
        })
        .collect()
}

const PAGE: &str = "politics/count/index.html";

#[test]
fn while_live_the_page_shows_the_badge_and_the_updates_out_so_far_newest_first() {
    let site = vote_site();
    let out = build_at(site.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&out, PAGE);
    assert_eq!(texts(&page, ".story-header .kicker .live-badge"), ["Live"]);
    assert_eq!(
        texts(&page, ".key-points li"),
        ["Turnout is up", "Three wards declared"]
    );
    // The pinned update first, then the others newest first; 14:15 is not out.
    assert_eq!(
        attrs(&page, "article.live-update", "id"),
        ["update-20250910-1100", "first-ward", "update-20250910-0900"]
    );
    assert_eq!(
        attrs(&page, "article.live-update time", "datetime"),
        [
            "2025-09-10T11:00:00+00:00",
            "2025-09-10T10:30:00+00:00",
            "2025-09-10T09:00:00+00:00"
        ]
    );
    assert_eq!(
        texts(&page, "article.live-update .update-title"),
        [
            "How to follow the count",
            "First ward declares",
            "Counting starts"
        ]
    );
    assert_eq!(texts(&page, ".is-pinned .update-pinned"), ["Pinned"]);
    assert_eq!(
        attrs(&page, "#first-ward .update-time a", "href"),
        ["#first-ward"]
    );
    assert_eq!(
        texts(&page, "#first-ward .update-body strong"),
        ["north ward"]
    );
    assert_eq!(
        attrs(&page, "#first-ward .update-author a", "href"),
        ["/author/tom-ekker/"]
    );
    assert!(
        texts(&page, ".story-body")
            .concat()
            .contains("The count began at eight.")
    );
    assert!(!texts(&page, "body").concat().contains("Turnout was 58"));

    let doc = live_jsonld(&page);
    assert_eq!(doc["coverageStartTime"], "2025-09-10T08:00:00+00:00");
    assert_eq!(doc["coverageEndTime"], "2025-09-10T20:00:00+00:00");
    assert_eq!(doc["dateModified"], "2025-09-10T11:00:00+00:00");
    assert_eq!(doc["datePublished"], "2025-09-10T08:00:00+00:00");
    let updates = doc["liveBlogUpdate"].as_array().unwrap();
    let headlines: Vec<&str> = updates
        .iter()
        .map(|u| u["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        headlines,
        [
            "How to follow the count",
            "First ward declares",
            "Counting starts"
        ]
    );
    let first = &updates[1];
    assert_eq!(first["@type"], "BlogPosting");
    assert_eq!(first["datePublished"], "2025-09-10T10:30:00+00:00");
    assert_eq!(first["author"][0]["name"], "Tom Ekker");
    assert_eq!(
        first["articleBody"],
        "The north ward elected its councillor by 41 votes."
    );
    assert_eq!(
        first["url"],
        "https://example.org/politics/count/#first-ward"
    );
    // No `author=`: the article's bylines.
    assert_eq!(updates[0]["author"].as_array().unwrap().len(), 2);

    // The home page and the section show the badge on its card.
    for rel in ["index.html", "politics/index.html"] {
        let badges = texts(
            &built_page(&out, rel),
            ".card .live-badge, .lead .live-badge",
        );
        assert!(
            !badges.is_empty() && badges.iter().all(|b| b == "Live"),
            "{rel}: {badges:?}"
        );
    }
    // The news sitemap lists it, dated by its start.
    let news = news_locs(&out);
    assert!(
        news.contains(&(
            "https://example.org/politics/count/".into(),
            "2025-09-10T08:00:00+00:00".into()
        )),
        "{news:?}"
    );
}

#[test]
fn after_the_end_the_coverage_has_ended_and_no_badge_is_shown() {
    let site = vote_site();
    let out = build_at(site.path(), "2025-09-14T12:00:00Z");
    let page = built_page(&out, PAGE);
    assert!(texts(&page, ".live-badge").is_empty());
    let status = texts(&page, ".live-status").concat();
    assert!(status.contains("Coverage ended"), "{status}");
    assert_eq!(
        attrs(&page, ".live-status time", "datetime"),
        ["2025-09-10T20:00:00+00:00"]
    );
    assert_eq!(attrs(&page, "article.live-update", "id").len(), 4);
    assert!(texts(&built_page(&out, "index.html"), ".live-badge").is_empty());
    let doc = live_jsonld(&page);
    assert_eq!(doc["dateModified"], "2025-09-10T14:15:00+00:00");
    assert!(
        !news_locs(&out)
            .iter()
            .any(|(loc, _)| loc.ends_with("/count/")),
        "an ended live blog leaves the news sitemap after two days"
    );
}

#[test]
fn between_two_updates_only_the_earlier_is_published_and_next_names_the_later() {
    let site = vote_site();
    let out = build_at(site.path(), "2025-09-10T09:30:00Z");
    let page = built_page(&out, PAGE);
    assert_eq!(
        attrs(&page, "article.live-update", "id"),
        ["update-20250910-0900"]
    );
    let doc = live_jsonld(&page);
    assert_eq!(doc["liveBlogUpdate"].as_array().unwrap().len(), 1);
    // One feed item for the live blog, carrying the updates out so far.
    let atom = std::fs::read(out.path().join("public/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&atom[..]).unwrap();
    let items: Vec<_> = feed
        .entries
        .iter()
        .filter(|e| e.links[0].href.ends_with("/politics/count/"))
        .collect();
    assert_eq!(items.len(), 1);
    let content = items[0].content.as_ref().unwrap().body.clone().unwrap();
    let html = scraper::Html::parse_fragment(&content);
    assert_eq!(texts(&html, ".update-title"), ["Counting starts"]);
    assert_eq!(
        attrs(&html, ".update-time a", "href"),
        ["https://example.org/politics/count/#update-20250910-0900"]
    );
    // The next change is the next update, for schedulers.
    let run = dateline(&[
        "next",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        "2025-09-10T09:30:00Z",
    ]);
    assert!(run.status.success());
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        "2025-09-10T10:30:00Z\n"
    );
    // After the last update, the end of the coverage (the badge comes down).
    let run = dateline(&[
        "next",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        "2025-09-10T15:00:00Z",
    ]);
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        "2025-09-10T20:00:00Z\n"
    );
}

#[test]
fn a_time_alone_takes_the_day_of_the_update_above_and_a_new_day_is_written_once() {
    let front =
        "title = \"Night count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T20:00:00Z";
    let body = "## 2025-09-11 00:15 After midnight\n\nStill counting.\n\n## 2025-09-10 23:40 Late ward\n\nOne left.\n\n## 21:00 Doors close\n\nCounting.\n";
    let site = temp_site(
        "timezone = \"UTC\"\n",
        &[("content/politics/night.md", &article(front, body))],
    );
    let out = build_at(site.path(), "2025-09-12T00:00:00Z");
    let page = built_page(&out, "politics/night/index.html");
    assert_eq!(
        attrs(&page, "article.live-update time", "datetime"),
        [
            "2025-09-11T00:15:00+00:00",
            "2025-09-10T23:40:00+00:00",
            "2025-09-10T21:00:00+00:00"
        ]
    );
    // Updates on two days show their date.
    assert_eq!(
        texts(&page, "#update-20250910-2100 time"),
        ["10 September 2025, 21:00 UTC"]
    );
}

/// Every problem of every live blog, at its line, in one run.
#[test]
fn bad_updates_are_errors_at_their_headings_all_at_once() {
    let front =
        "title = \"Count\"\n\n[live]\nstart = 2025-09-10T20:00:00Z\nend = 2025-09-11T06:00:00Z";
    let body = "Intro.\n\n## Results soon\n\nNo time.\n\n## 21:00 Doors close {.pinned}\n\nA.\n\n## 23:40 Late ward {pinned}\n\nB.\n\n## 22:00 Out of order\n\nC.\n\n## 19:00 Before the start\n\nD.\n\n## 2025-09-11 07:00 After the end\n\nE.\n\n## 23:50 Odd {colour=red}\n\nF.\n\n## 23:55\n\nG.\n";
    let backwards =
        "title = \"Backwards\"\n\n[live]\nstart = 2025-09-10T20:00:00Z\nend = 2025-09-10T08:00:00Z";
    let site = temp_site(
        "timezone = \"UTC\"\n",
        &[
            ("content/politics/count.md", &article(front, body)),
            (
                "content/politics/backwards.md",
                &article(backwards, "## 21:00 Doors\n\nX.\n"),
            ),
        ],
    );
    let stderr = failing_run(site.path());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    let expect = [
        ("count.md:10:1", "starts with its time"),
        ("count.md:18:1", "only one update can be pinned"),
        ("count.md:22:1", "is earlier than the one above it"),
        ("count.md:26:1", "before the coverage starts"),
        ("count.md:30:1", "after the coverage ends"),
        ("count.md:34:1", "unknown update attribute `colour=red`"),
        ("count.md:38:1", "has no headline"),
        ("backwards.md:6:1", "`live.end`"),
    ];
    for (at, what) in expect {
        assert!(
            errors.iter().any(|l| l.contains(at) && l.contains(what)),
            "no error at {at} saying {what}: {stderr}"
        );
    }
    assert!(
        errors
            .iter()
            .all(|l| expect.iter().any(|(at, _)| l.contains(at))),
        "{stderr}"
    );
}

/// `serve` shows an update as soon as it is saved.
#[test]
fn serve_shows_a_new_update_on_the_next_save() {
    use common::serve::*;
    let front =
        "title = \"Count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let site = temp_site(
        "timezone = \"UTC\"\n",
        &[(
            "content/politics/count.md",
            &article(front, "## 09:00 Counting starts\n\nA.\n"),
        )],
    );
    let server = serve(site.path());
    let first = wait_for_reply(&server.addr, "/politics/count/", "the page", |r| {
        r.status == 200
    });
    assert_eq!(
        attrs(&first.html(), "article.live-update", "id"),
        ["update-20250910-0900"]
    );
    let file = site.path().join("content/politics/count.md");
    let added = article(
        front,
        "## 10:30 First ward declares\n\nB.\n\n## 09:00 Counting starts\n\nA.\n",
    );
    std::fs::write(&file, added).unwrap();
    let after = wait_for_reply(&server.addr, "/politics/count/", "the new update", |r| {
        attrs(&r.html(), "article.live-update", "id").len() == 2
    });
    assert_eq!(
        texts(&after.html(), ".update-title"),
        ["First ward declares", "Counting starts"]
    );
}

/// What would cut the page in two, leak an update not out yet or give two
/// elements one id is an error too, with the front matter's own errors.
#[test]
fn nested_updates_footnotes_unreadable_attributes_and_taken_ids_are_errors() {
    let front = "date = 2025-09-10T08:00:00Z\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let body = "Intro.[^1]\n\n[^1]: A note.\n\n> ## 09:00 Quoted\n\n- ## 09:10 Listed\n\n{% factbox(title=\"Box\") %}\n## 09:20 Boxed\n{% end %}\n\n## 09:30 Named {author=\"Mei <Lin>\"}\n\nA.\n\n## 09:40 Taken {#updates-heading}\n\nB.\n\n## 01:30 Too early\n\nC.\n";
    let site = temp_site(
        "timezone = \"UTC\"\n",
        &[("content/politics/count.md", &article(front, body))],
    );
    let stderr = failing_run(site.path());
    for (at, what) in [
        // The front matter has no title: reported with the rest.
        ("count.md:1:1", "missing required field `title`"),
        ("count.md:7:7", "cannot have footnotes"),
        ("count.md:9:1", "cannot have footnotes"),
        (
            "count.md:11:3",
            "cannot stand inside a quote, a list or a component",
        ),
        (
            "count.md:13:3",
            "cannot stand inside a quote, a list or a component",
        ),
        (
            "count.md:16:1",
            "cannot stand inside a quote, a list or a component",
        ),
        ("count.md:19:1", "cannot be read"),
        ("count.md:23:1", "`updates-heading` is already taken"),
        ("count.md:27:1", "before the coverage starts"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(at) && l.contains(": error: ") && l.contains(what)),
            "no error at {at} saying {what}: {stderr}"
        );
    }
}

/// An update written ahead of time may link to a story scheduled to come
/// out by then; a link to no story at all is an error at once.
#[test]
fn an_update_not_out_yet_may_link_a_story_scheduled_before_it() {
    let front =
        "title = \"Count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let report = "title = \"Final result\"\ndate = 2025-09-10T15:00:00Z\ncategory = \"Politics\"";
    let body = |link: &str| {
        format!(
            "## 09:00 Doors open\n\nA.\n\n## 15:00 Result declared\n\nRead [the report]({link}).\n"
        )
    };
    let site = temp_site(
        "timezone = \"UTC\"\n",
        &[
            (
                "content/politics/count.md",
                &article(front, &body("@/politics/result.md")),
            ),
            (
                "content/politics/result.md",
                &article(report, "The result."),
            ),
        ],
    );
    let out = build_at(site.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&out, "politics/count/index.html");
    assert_eq!(
        attrs(&page, "article.live-update", "id"),
        ["update-20250910-0900"]
    );
    let later = build_at(site.path(), "2025-09-10T15:30:00Z");
    let page = built_page(&later, "politics/count/index.html");
    assert_eq!(
        attrs(&page, "#update-20250910-1500 .update-body a", "href"),
        ["/politics/result/"]
    );
    std::fs::write(
        site.path().join("content/politics/count.md"),
        article(front, &body("@/politics/no-such-story.md")),
    )
    .unwrap();
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("count.md:14:6: error: no article"),
        "{stderr}"
    );
}

/// Times are shown in the coverage's zone however they were written; a
/// time the clocks skip is an error that says so.
#[test]
fn offsets_are_shown_in_the_coverage_zone_and_skipped_times_are_errors() {
    let front = "title = \"Count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00";
    let site = temp_site(
        "timezone = \"Europe/London\"\n",
        &[(
            "content/politics/count.md",
            &article(front, "## 2025-09-10T09:00:00Z Doors open\n\nA.\n"),
        )],
    );
    let out = build_at(site.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&out, "politics/count/index.html");
    assert_eq!(texts(&page, ".update-time time"), ["10:00 BST"]);
    let spring = "title = \"Count\"\n\n[live]\nstart = 2025-03-30T00:30:00";
    let site = temp_site(
        "timezone = \"Europe/London\"\n",
        &[(
            "content/politics/count.md",
            &article(spring, "## 01:30 Lost hour\n\nA.\n"),
        )],
    );
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("count.md:7:1") && stderr.contains("the clocks skip it"),
        "{stderr}"
    );
}

/// What a live blog is about, for "also read", is what is out from the
/// start: an update not published yet cannot draw other stories into its list.
#[test]
fn an_update_not_out_yet_draws_no_story_into_the_live_blogs_also_read_list() {
    let live = article(
        "title = \"Vote count in Marlow\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z",
        "The count began at eight in the town hall.\n\n## 2025-09-10 21:00 Wildlife board\n\nZebra migration herds crossed the savanna; zebra herds and migration routes.\n",
    );
    let zebra = article(
        "title = \"Zebra migration begins\"\ndate = 2025-09-09T10:00:00Z\ncategory = \"Science\"",
        "Zebra herds start their migration across the savanna.",
    );
    let filler = |title: &str, body: &str| {
        article(
            &format!("title = \"{title}\"\ndate = 2025-09-08T10:00:00Z\ncategory = \"Local\""),
            body,
        )
    };
    let dir = temp_site(
        "timezone = \"UTC\"\n",
        &[
            ("content/politics/count.md", &live),
            ("content/science/zebra.md", &zebra),
            (
                "content/local/ferry.md",
                &filler(
                    "Ferry timetable changes",
                    "The harbour ferry sails later in winter.",
                ),
            ),
            (
                "content/local/bakery.md",
                &filler("Bread prices rise", "Bakeries blame the cost of flour."),
            ),
            (
                "content/local/library.md",
                &filler("Library opens late", "Reading rooms stay open until ten."),
            ),
        ],
    );
    for now in ["2025-09-10T12:00:00Z", "2025-09-10T22:00:00Z"] {
        let out = build_at(dir.path(), now);
        // Its own list holds earlier stories: none shares words with what is out.
        let page = built_page(&out, "politics/count/index.html");
        assert!(
            !attrs(&page, "aside.related a", "href").contains(&"/science/zebra/".to_string()),
            "{now}"
        );
    }
}

/// An update not out yet publishes nothing of its components: no video in
/// the JSON-LD, no picture variants.
#[test]
fn the_components_of_an_update_not_out_yet_are_not_published() {
    let body = "The count began at eight.\n\n## 2025-09-10 21:00 Later\n\n{{ video(src=\"/media/later.mp4\", title=\"Later video\") }}\n\n{{ figure(src=\"/images/later.png\", alt=\"Later\") }}\n\n## 2025-09-10 09:00 Now\n\nText.\n";
    let front =
        "title = \"Vote count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let dir = temp_site(
        "timezone = \"UTC\"\n[images]\nwidths = [320]\n",
        &[("content/politics/count.md", &article(front, body))],
    );
    let png = image::RgbImage::from_pixel(400, 300, image::Rgb([200, 40, 40]));
    std::fs::create_dir_all(dir.path().join("static/images")).unwrap();
    std::fs::create_dir_all(dir.path().join("static/media")).unwrap();
    std::fs::write(dir.path().join("static/media/later.mp4"), "clip").unwrap();
    png.save(dir.path().join("static/images/later.png"))
        .unwrap();
    let variants = |out: &tempfile::TempDir| {
        let img = out.path().join("public/img");
        std::fs::read_dir(img).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("later-")
            })
            .count()
        })
    };
    let before = build_at(dir.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&before, "politics/count/index.html");
    assert!(
        live_jsonld(&page).get("video").is_none(),
        "{}",
        live_jsonld(&page)
    );
    assert_eq!(variants(&before), 0);
    let after = build_at(dir.path(), "2025-09-10T22:00:00Z");
    let page = built_page(&after, "politics/count/index.html");
    assert_eq!(live_jsonld(&page)["video"][0]["name"], "Later video");
    assert!(variants(&after) > 0);
}

/// A picture missing from an update not out yet fails the build now, not
/// the build that publishes the update.
#[test]
fn a_picture_missing_from_an_update_not_out_yet_is_an_error_now() {
    let body = "The count began at eight.\n\n## 2025-09-10 21:00 Later\n\n{{ figure(src=\"/images/gone.png\", alt=\"Gone\") }}\n\n## 2025-09-10 09:00 Now\n\nText.\n";
    let front =
        "title = \"Vote count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let dir = temp_site(
        "timezone = \"UTC\"\n",
        &[("content/politics/count.md", &article(front, body))],
    );
    let stderr = common::failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("politics/count.md:12:4")
                && l.contains("`/images/gone.png` not found")),
        "{stderr}"
    );
}

/// An `@/` link in an update's headline is resolved like one in its text,
/// and one naming no article is an error at its place; it used to be
/// published as written (`href="@/…"`).
#[test]
fn links_in_update_headlines_are_resolved_and_checked() {
    let body = "The count began at eight.\n\n## 2025-09-10 09:00 Turnout as in [the last vote](@/politics/last.md)\n\nText.\n";
    let front =
        "title = \"Vote count\"\ncategory = \"Politics\"\n\n[live]\nstart = 2025-09-10T08:00:00Z";
    let last =
        "+++\ntitle = \"The last vote\"\ndate = 2025-09-01\ncategory = \"Politics\"\n+++\nBody.\n";
    let dir = temp_site(
        "timezone = \"UTC\"\n",
        &[
            ("content/politics/count.md", &article(front, body)),
            ("content/politics/last.md", last),
        ],
    );
    let out = build_at(dir.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&out, "politics/count/index.html");
    assert_eq!(
        attrs(&page, ".live-update .update-title a", "href"),
        ["/politics/last/"]
    );
    let broken = body.replace("@/politics/last.md", "@/politics/gone.md");
    std::fs::write(
        dir.path().join("content/politics/count.md"),
        article(front, &broken),
    )
    .unwrap();
    let stderr = common::failing_run(dir.path());
    assert!(
        stderr.lines().any(|l| l.contains("politics/count.md:10:35")
            && l.contains("no article `politics/gone.md`")),
        "{stderr}"
    );
}
