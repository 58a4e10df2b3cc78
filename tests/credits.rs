//! The newsroom's own data about people and pictures (issue 21): image
//! credits and licences in captions and JSON-LD, fediverse handles, and bad
//! values located.
//! Pages go through an HTML parser, JSON-LD through a JSON parser.

mod common;

use std::path::Path;

use common::*;
use scraper::Html;
use serde_json::Value as Json;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

/// A site in a temporary folder: `config.toml` and files under `content/`.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    // The article's picture, published as it is (no size: a warning only).
    std::fs::create_dir_all(dir.path().join("static/images")).unwrap();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    std::fs::write(dir.path().join("static/images/wall.svg"), svg).unwrap();
    // An author's photo: a JPEG, published as square variants.
    let photo = image::RgbImage::from_pixel(240, 300, image::Rgb([90, 120, 150]));
    photo
        .save(dir.path().join("static/images/ana.jpg"))
        .unwrap();
    for (rel, text) in files {
        let path = dir.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn build(root: &Path) -> (tempfile::TempDir, dateline::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(root, &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    (out, report)
}

fn page(report: &dateline::BuildReport, rel: &str) -> Html {
    let text = std::fs::read_to_string(report.output.join(rel)).unwrap();
    Html::parse_document(&text)
}

fn jsonld(html: &Html, kind: &str) -> Json {
    html.select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str::<Json>(&s.text().collect::<String>()).unwrap())
        .find(|d| d["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

const CREDITED: &str = r#"+++
title = "Harbour wall"
date = 2025-09-01
author = "Ana Ruiz"
image = { src = "/images/wall.svg", alt = "A wall", caption = "The wall at high tide.", credit = "Photo: Reuters", copyright = "© 2025 Reuters", license = "https://example.com/licence", acquire_license_page = "https://example.com/buy" }
+++
Body.
"#;

const PROFILE: &str = r#"+++
name = "Ana Ruiz"
image = { src = "/images/ana.jpg", caption = "Ana Ruiz", credit = "Photo: Jan Berg", license = "https://example.com/cc-by" }
links = [{ name = "Mastodon", url = "https://example.social/@ana" }, { name = "Site", url = "https://ana.example.com/" }]
fediverse = "@ana@example.social"
+++
Bio.
"#;

#[test]
fn the_caption_shows_the_credit_after_the_text() {
    let dir = site(&[
        ("world/wall.md", CREDITED),
        ("authors/ana-ruiz.md", PROFILE),
    ]);
    let (_out, report) = build(dir.path());
    let html = page(&report, "world/wall/index.html");
    assert_eq!(
        texts(&html, "figure.story-figure figcaption"),
        ["The wall at high tide. Photo: Reuters"]
    );
    assert_eq!(texts(&html, "figcaption .credit"), ["Photo: Reuters"]);
    let author = page(&report, "author/ana-ruiz/index.html");
    assert_eq!(texts(&author, ".photo-credit"), ["Photo: Jan Berg"]);
}

#[test]
fn a_credit_without_a_caption_is_the_whole_caption() {
    let text = CREDITED.replace("caption = \"The wall at high tide.\", ", "");
    let dir = site(&[("world/wall.md", &text)]);
    let (_out, report) = build(dir.path());
    let html = page(&report, "world/wall/index.html");
    assert_eq!(texts(&html, "figcaption"), ["Photo: Reuters"]);
}

#[test]
fn article_and_author_images_are_image_objects_with_their_licence() {
    let dir = site(&[
        ("world/wall.md", CREDITED),
        ("authors/ana-ruiz.md", PROFILE),
    ]);
    let (_out, report) = build(dir.path());
    let article = jsonld(&page(&report, "world/wall/index.html"), "NewsArticle");
    let url = "https://example.org/images/wall.svg";
    assert_eq!(
        article["image"],
        serde_json::json!({
            "@type": "ImageObject",
            "url": url,
            "contentUrl": url,
            "caption": "The wall at high tide.",
            "creditText": "Photo: Reuters",
            "copyrightNotice": "© 2025 Reuters",
            "license": "https://example.com/licence",
            "acquireLicensePage": "https://example.com/buy",
        })
    );
    let profile = jsonld(&page(&report, "author/ana-ruiz/index.html"), "ProfilePage");
    let person = &profile["mainEntity"];
    assert_eq!(person["image"]["@type"], "ImageObject");
    assert_eq!(person["image"]["url"], "https://example.org/images/ana.jpg");
    assert_eq!(person["image"]["creditText"], "Photo: Jan Berg");
    assert_eq!(person["image"]["license"], "https://example.com/cc-by");
    assert!(person["image"].get("copyrightNotice").is_none());
    assert_eq!(
        person["sameAs"],
        serde_json::json!(["https://example.social/@ana", "https://ana.example.com/"])
    );
}

/// Profiles wrote `image = "/x.jpg"` before the table existed.
#[test]
fn a_profile_image_written_as_a_path_still_works() {
    let profile = "+++\nname = \"Ana Ruiz\"\nimage = \"/images/ana.jpg\"\n+++\nBio.\n";
    let dir = site(&[
        ("world/wall.md", CREDITED),
        ("authors/ana-ruiz.md", profile),
    ]);
    let (_out, report) = build(dir.path());
    let author = page(&report, "author/ana-ruiz/index.html");
    // The square crop of the 240×300 photo, at the portrait widths up to its own.
    let src = attrs(&author, "picture.avatar img", "src");
    assert!(
        src[0].starts_with("/img/ana-240-") && src[0].ends_with(".jpg"),
        "{src:?}"
    );
    assert_eq!(attrs(&author, "picture.avatar img", "width"), ["240"]);
    assert_eq!(attrs(&author, "picture.avatar img", "height"), ["240"]);
    assert!(texts(&author, ".photo-credit").is_empty());
    let person = &jsonld(&author, "ProfilePage")["mainEntity"];
    assert_eq!(
        person["image"],
        serde_json::json!({
            "@type": "ImageObject",
            "url": "https://example.org/images/ana.jpg",
            "contentUrl": "https://example.org/images/ana.jpg",
        })
    );
}

/// `(file name, line, column, message)` of each error `dateline build`
/// printed; the build must fail with exit code 1 and leave the output
/// folder as it was.
fn failing_build(root: &Path) -> Vec<(String, usize, usize, String)> {
    let stderr = failing_run(root);
    stderr
        .lines()
        .filter_map(|l| l.split_once(": error: "))
        .map(|(at, message)| {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().unwrap().parse().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            let file = parts.next().unwrap().rsplit(['/', '\\']).next().unwrap();
            (file.to_string(), line, col, message.to_string())
        })
        .collect()
}

/// The 1-based line and column of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

fn fediverse_creator(html: &Html) -> Vec<String> {
    attrs(html, "meta[name='fediverse:creator']", "content")
}

#[test]
fn the_first_author_with_a_handle_is_the_fediverse_creator() {
    let two = "+++\ntitle = \"Two\"\ndate = 2025-09-02\nauthors = [\"Bo Chen\", \"Ana Ruiz\", \"Cy Dee\"]\n+++\nBody.\n";
    let none = "+++\ntitle = \"None\"\ndate = 2025-09-03\nauthors = [\"Bo Chen\"]\n+++\nBody.\n";
    let cy = "+++\nname = \"Cy Dee\"\nfediverse = \"@cy@example.net\"\n+++\n";
    let dir = site(&[
        ("world/two.md", two),
        ("world/none.md", none),
        ("authors/ana-ruiz.md", PROFILE),
        ("authors/cy-dee.md", cy),
    ]);
    let (_out, report) = build(dir.path());
    let handle = ["@ana@example.social"];
    assert_eq!(
        fediverse_creator(&page(&report, "world/two/index.html")),
        handle
    );
    assert!(fediverse_creator(&page(&report, "world/none/index.html")).is_empty());
    let ana = page(&report, "author/ana-ruiz/index.html");
    assert_eq!(fediverse_creator(&ana), handle);
    let bo = page(&report, "author/bo-chen/index.html");
    assert!(fediverse_creator(&bo).is_empty());
}

#[test]
fn bad_licence_urls_and_handles_are_located_and_reported_together() {
    let article = CREDITED.replace("https://example.com/licence", "/licence/");
    let profile = "---\nname: Ana Ruiz\nimage:\n  src: /images/ana.jpg\n  acquire_license_page: ftp://example.com/buy\n---\nBio.\n";
    let handle = "+++\nname = \"Cy Dee\"\nlinks = [{ name = \"M\", url = \"https://example.net/@cy\" }]\nfediverse = \"https://example.net/@cy\"\n+++\n";
    let broken = "+++\ntitle = \"Broken\"\ndate = \"soon\"\n+++\n";
    let dir = site(&[
        ("world/wall.md", &article),
        ("authors/ana-ruiz.md", profile),
        ("authors/cy-dee.md", handle),
        ("world/broken.md", broken),
    ]);
    let errors = failing_build(dir.path());
    let at = |file: &str| {
        let e = errors.iter().find(|e| e.0 == file);
        e.unwrap_or_else(|| panic!("{file}: {errors:?}")).clone()
    };
    assert_eq!(errors.len(), 4, "reported together: {errors:?}");
    let (_, line, col, message) = at("cy-dee.md");
    assert_eq!((line, col), (4, 14), "at the value, not the link");
    assert!(message.contains("`@name@example.social`"), "{message}");
    let (_, line, col, message) = at("wall.md");
    assert_eq!((line, col), line_col(&article, "/licence/"));
    assert!(message.contains("absolute http(s) URL"), "{message}");
    let (_, line, col, message) = at("ana-ruiz.md");
    assert_eq!((line, col), line_col(profile, "ftp://"));
    assert!(message.contains("acquire_license_page"), "{message}");
    assert_eq!(at("broken.md").1, 3);
}
