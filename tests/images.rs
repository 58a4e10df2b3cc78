//! The image pipeline: variants, crops, structured data, the cache and bad pictures.

mod common;

use std::path::Path;

use common::{
    NOW, attrs, build_at, build_site, built_page, dateline, failing_run, sel, snapshot, temp_site,
};
use scraper::Html;
use serde_json::Value as Json;

/// Small widths keep the encoders quick; Google's crops are still 1200 wide.
const SMALL: &str = "[images]\nwidths = [320, 640]\n";

fn article(image: &str) -> String {
    format!("+++\ntitle = \"Harbour\"\ndate = 2025-09-01\n{image}\n+++\nBody.\n")
}

/// A `w`×`h` photograph-like JPEG: gradients, so every crop differs.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 90, 160, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The file a root-relative URL names in the output.
fn file(out: &tempfile::TempDir, url: &str) -> Vec<u8> {
    let rel = url
        .trim_start_matches("https://example.org")
        .trim_start_matches('/');
    std::fs::read(out.path().join("public").join(rel)).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// A published file's format and size: JPEG and PNG decoded whole, AVIF and
/// WebP (which the build only encodes) read from their headers.
fn decoded(out: &tempfile::TempDir, url: &str) -> (image::ImageFormat, u32, u32) {
    let bytes = file(out, url);
    let format = image::guess_format(&bytes).unwrap();
    let (w, h) = match format {
        image::ImageFormat::Avif => avif_size(&bytes),
        image::ImageFormat::WebP => webp_size(&bytes),
        _ => {
            let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{url}: {e}"));
            (img.width(), img.height())
        }
    };
    (format, w, h)
}

/// The `ispe` (image spatial extent) property of an AVIF file.
fn avif_size(b: &[u8]) -> (u32, u32) {
    let at = b
        .windows(4)
        .position(|w| w == b"ispe")
        .expect("an ispe box")
        + 8;
    let n = |i: usize| u32::from_be_bytes(b[i..i + 4].try_into().unwrap());
    (n(at), n(at + 4))
}

/// The frame size of a lossy (`VP8 `) WebP file.
fn webp_size(b: &[u8]) -> (u32, u32) {
    assert_eq!(&b[12..16], b"VP8 ", "a lossy WebP");
    let n = |i: usize| u32::from(u16::from_le_bytes([b[i], b[i + 1]]) & 0x3fff);
    (n(26), n(28))
}

/// `(url, width)` of each entry of a `srcset`.
fn entries(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|e| {
            let (url, w) = e.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// Checks the AVIF, WebP and JPEG `srcset`s of a `<picture>`, in that
/// order: each lists `widths`, and each file decodes to its width and the
/// height `height` gives for it.
fn check_srcsets<'a>(
    out: &tempfile::TempDir,
    srcsets: impl Iterator<Item = &'a str>,
    widths: &[u32],
    height: impl Fn(u32) -> u32,
) {
    let formats = [
        image::ImageFormat::Avif,
        image::ImageFormat::WebP,
        image::ImageFormat::Jpeg,
    ];
    let mut seen = 0;
    for (srcset, format) in srcsets.zip(formats) {
        let list = entries(srcset);
        assert_eq!(
            list.iter().map(|e| e.1).collect::<Vec<_>>(),
            widths,
            "{srcset}"
        );
        for (url, w) in list {
            assert_eq!(decoded(out, &url), (format, w, height(w)), "{url}");
        }
        seen += 1;
    }
    assert_eq!(seen, 3, "three formats");
}

fn news_article(html: &Html) -> Json {
    html.select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str::<Json>(&s.text().collect::<String>()).unwrap())
        .find(|d| d["@type"] == "NewsArticle")
        .expect("a NewsArticle")
}

fn meta(html: &Html, property: &str) -> String {
    attrs(html, &format!("meta[property='{property}']"), "content").remove(0)
}

fn photo_site(config: &str) -> tempfile::TempDir {
    let image = "image = { src = \"/images/harbour.jpg\", alt = \"The harbour\", credit = \"Photo: Desk\", focus = [0.5, 0.3] }";
    let dir = temp_site(config, &[("content/world/harbour.md", &article(image))]);
    put(dir.path(), "static/images/harbour.jpg", &jpeg(4000, 2667));
    dir
}

#[test]
fn a_large_lead_image_gets_variants_in_every_format_and_three_crops() {
    let dir = photo_site(SMALL);
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/harbour/index.html");
    let kinds = attrs(&html, ".story-figure picture source", "type");
    assert_eq!(kinds, ["image/avif", "image/webp"]);
    let srcsets = attrs(&html, ".story-figure picture source", "srcset");
    let img = html
        .select(&sel(".story-figure picture img"))
        .next()
        .unwrap()
        .value();
    // The 16:9 crop, at each width.
    let srcsets = srcsets.iter().map(String::as_str).chain(img.attr("srcset"));
    check_srcsets(&out, srcsets, &[320, 640], |w| w * 9 / 16);
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("640"), Some("360"))
    );
    assert_eq!(img.attr("fetchpriority"), Some("high"));
    assert_eq!(img.attr("loading"), None);
    assert!(img.attr("sizes").is_some());

    let crops = news_article(&html)["image"].as_array().unwrap().clone();
    let ratios: Vec<(u32, u32)> = crops
        .iter()
        .map(|c| {
            let url = c["url"].as_str().unwrap();
            let (_, w, h) = decoded(&out, url);
            assert_eq!(
                (c["width"].as_u64(), c["height"].as_u64()),
                (Some(w.into()), Some(h.into()))
            );
            assert_eq!(c["creditText"], "Photo: Desk");
            assert!(w >= 1200 && w * h >= 50_000, "{url}: {w}×{h}");
            (w, h)
        })
        .collect();
    assert_eq!(ratios, [(1200, 675), (1200, 900), (1200, 1200)]);
    assert_eq!(meta(&html, "og:image"), crops[0]["url"].as_str().unwrap());
    assert_eq!(meta(&html, "og:image:width"), "1200");
    assert_eq!(meta(&html, "og:image:height"), "675");
}

#[test]
fn a_rebuild_encodes_nothing_and_builds_are_byte_identical() {
    let dir = photo_site(SMALL);
    let first = build_site(dir.path()).unwrap();
    let cache = dir.path().join(".dateline-cache/images");
    assert!(std::fs::read_dir(&cache).unwrap().count() > 0);
    // From an empty cache again: the encoders give the same bytes.
    std::fs::remove_dir_all(&cache).unwrap();
    let second = build_site(dir.path()).unwrap();
    assert!(
        snapshot(&first.path().join("public")) == snapshot(&second.path().join("public")),
        "two builds differ"
    );
    let out = tempfile::tempdir().unwrap();
    let run = dateline(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        out.path().join("public").to_str().unwrap(),
        "--now",
        NOW,
        "--verbose",
    ]);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("images: 0 encoded, 9 reused"), "{stderr}");
    assert!(
        snapshot(&out.path().join("public")) == snapshot(&second.path().join("public")),
        "a warm build differs"
    );
}

#[test]
fn default_widths_stop_at_the_source_and_a_png_stays_a_png() {
    let image = "image = { src = \"chart.png\", alt = \"A chart\" }";
    let dir = temp_site("", &[("content/world/chart/index.md", &article(image))]);
    put(dir.path(), "content/world/chart/chart.png", &png(1000, 600));
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/chart/index.html");
    let img = html
        .select(&sel(".story-figure picture img"))
        .next()
        .unwrap()
        .value();
    let list = entries(img.attr("srcset").unwrap());
    assert_eq!(
        list.iter().map(|e| e.1).collect::<Vec<_>>(),
        [480, 800, 1000]
    );
    for (url, w) in list {
        assert_eq!(
            decoded(&out, &url),
            (image::ImageFormat::Png, w, w * 9 / 16)
        );
    }
}

#[test]
fn a_narrow_lead_image_warns_and_an_svg_passes_through() {
    let svg = "image = { src = \"/images/map.svg\", alt = \"Map\" }";
    let small = "image = { src = \"/images/small.jpg\", alt = \"Small\" }";
    let dir = temp_site(
        SMALL,
        &[
            ("content/world/map.md", &article(svg)),
            ("content/world/small.md", &article(small)),
            (
                "static/images/map.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 450\"></svg>",
            ),
        ],
    );
    put(dir.path(), "static/images/small.jpg", &jpeg(600, 400));
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&common::request(dir.path(), &out.path().join("public"))).unwrap();
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("small.md:4:") && w.contains("600 pixels wide")),
        "{warnings:?}"
    );
    let html = built_page(&out, "world/map/index.html");
    let img = html
        .select(&sel(".story-figure img"))
        .next()
        .unwrap()
        .value();
    assert_eq!(img.attr("src"), Some("/images/map.svg"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("800"), Some("450"))
    );
    assert!(html.select(&sel(".story-figure picture")).next().is_none());
    // The cards of the section's list draw the same two ways.
    let list = built_page(&out, "world/index.html");
    let cards: Vec<_> = list.select(&sel(".card .card-image")).collect();
    let card = |src: &str| {
        let found = cards.iter().find(|c| {
            let img = c.select(&sel("img")).next().map_or(**c, |i| i);
            img.value().attr("src").is_some_and(|s| s.starts_with(src))
        });
        found.unwrap_or_else(|| panic!("no card picture from {src}"))
    };
    let map = card("/images/map.svg").value();
    assert_eq!(map.name(), "img");
    assert_eq!(
        (map.attr("width"), map.attr("height")),
        (Some("800"), Some("450"))
    );
    let small = card("/img/small-");
    assert_eq!(small.value().name(), "picture");
    assert_eq!(small.select(&sel("source")).count(), 2);
    assert_eq!(
        file(&out, "/images/map.svg"),
        std::fs::read(dir.path().join("static/images/map.svg")).unwrap()
    );
}

/// A PNG header claiming `w`×`h`, with nothing after it.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(w.to_be_bytes());
    chunk.extend(h.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&chunk);
    out.extend(crc32(&chunk).to_be_bytes());
    // An empty first data chunk: decoders read the header up to it.
    out.extend(0u32.to_be_bytes());
    out.extend(b"IDAT");
    out.extend(crc32(b"IDAT").to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn bad_pictures_are_errors_at_their_place_all_at_once() {
    let dir = temp_site(
        SMALL,
        &[
            (
                "content/world/missing.md",
                &article("image = { src = \"/images/nowhere.jpg\" }"),
            ),
            (
                "content/world/corrupt.md",
                &article("image = { src = \"/images/corrupt.jpg\" }"),
            ),
            (
                "content/world/focus.md",
                &article("image = { src = \"/images/ok.jpg\", focus = [1.5, 0.5] }"),
            ),
            (
                "content/world/huge.md",
                &article("image = { src = \"/images/huge.png\" }"),
            ),
            ("static/images/corrupt.jpg", "not a picture"),
        ],
    );
    put(dir.path(), "static/images/ok.jpg", &jpeg(64, 36));
    put(
        dir.path(),
        "static/images/huge.png",
        &png_header(20_000, 20_000),
    );
    let stderr = failing_run(dir.path());
    for (file, col, what) in [
        ("missing.md", 18, "image `/images/nowhere.jpg` not found"),
        ("corrupt.md", 18, "is not a JPEG image"),
        (
            "focus.md",
            35,
            "`image.focus` is `[x, y]` with each from 0 to 1",
        ),
        ("huge.png", 0, ""),
    ] {
        if col == 0 {
            continue;
        }
        let at = format!("world/{file}:4:{col}");
        assert!(
            stderr.lines().any(|l| l.contains(&at) && l.contains(what)),
            "{at} {what}:\n{stderr}"
        );
    }
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("world/huge.md:4:18") && l.contains("400 megapixels")),
        "{stderr}"
    );
    assert!(
        !dir.path().join(".dateline-cache/images").exists(),
        "nothing is encoded when the build fails"
    );
}

const GALLERY_BODY: &str = r#"The boats came in at dawn.

![Boats at the quay](/images/boats.jpg "Boats at dawn | Photo: Desk")

{% gallery(title="The harbour in pictures") %}
![The quay](/images/boats.jpg "The quay")
![A chart of the catch](/images/chart.png "The catch by month | Chart: Desk")
{% end %}

An aside with a picture of another site ![logo](https://example.com/x.png) in a line.
"#;

#[test]
fn body_pictures_and_galleries_go_through_the_pipeline() {
    let text = format!("+++\ntitle = \"Catch\"\ndate = 2025-09-01\n+++\n{GALLERY_BODY}");
    let dir = temp_site(SMALL, &[("content/world/catch.md", &text)]);
    put(dir.path(), "static/images/boats.jpg", &jpeg(800, 600));
    put(dir.path(), "static/images/chart.png", &png(700, 700));
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/catch/index.html");
    let figure = ".story-body > figure.inline-figure";
    let img = html
        .select(&sel(&format!("{figure} picture img")))
        .next()
        .unwrap()
        .value();
    // The whole picture, at the configured widths.
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("640"), Some("480"))
    );
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("alt"), Some("Boats at the quay"));
    let widths: Vec<u32> = entries(img.attr("srcset").unwrap())
        .iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(widths, [320, 640]);
    assert_eq!(
        common::texts(&html, &format!("{figure} figcaption")),
        ["Boats at dawn Photo: Desk"]
    );

    let gallery = html
        .select(&sel(".story-body > .gallery"))
        .next()
        .expect("a gallery")
        .value();
    assert_eq!(gallery.attr("tabindex"), Some("0"));
    assert_eq!(gallery.attr("aria-label"), Some("The harbour in pictures"));
    assert_eq!(
        common::texts(&html, ".gallery > figure figcaption"),
        ["The quay", "The catch by month Chart: Desk"]
    );
    let png = html
        .select(&sel(".gallery > figure:nth-child(2) picture img"))
        .next()
        .unwrap()
        .value();
    assert_eq!(
        (png.attr("width"), png.attr("height")),
        (Some("640"), Some("640"))
    );
    assert!(png.attr("src").unwrap().ends_with(".png"));
    // A picture inside a line of text stays as written.
    assert_eq!(
        attrs(&html, ".story-body p img", "src"),
        ["https://example.com/x.png"]
    );

    // Feeds get plain pictures with absolute URLs and their captions.
    let rss = String::from_utf8(file(&out, "/rss.xml")).unwrap();
    assert!(
        rss.contains("&lt;img src=&quot;https://example.org/img/boats-640-"),
        "{rss}"
    );
    assert!(!rss.contains("srcset"), "{rss}");
}

#[test]
fn a_missing_body_picture_is_an_error_at_its_place() {
    let text = "+++\ntitle = \"Gone\"\ndate = 2025-09-01\n+++\n\n![x](/images/gone.jpg)\n";
    let dir = temp_site(SMALL, &[("content/world/gone.md", text)]);
    let stderr = failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("world/gone.md:6:1") && l.contains("`/images/gone.jpg` not found")),
        "{stderr}"
    );
}

/// A picture whose header is sound but whose data is cut off is found when
/// it is decoded: an error where it is used, the output untouched.
#[test]
fn a_truncated_picture_is_an_error_where_it_is_used() {
    // A PNG: JPEG decoders fill a cut-off picture in with grey.
    let image = "image = { src = \"/images/cut.png\" }";
    let dir = temp_site(SMALL, &[("content/world/cut.md", &article(image))]);
    let whole = png(640, 360);
    put(
        dir.path(),
        "static/images/cut.png",
        &whole[..whole.len() / 3],
    );
    let stderr = failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("world/cut.md:4:18") && l.contains("corrupt")),
        "{stderr}"
    );
}

/// EXIF data whose orientation (tag 0x0112) is 6: turn a quarter clockwise.
const TURNED: &[u8] = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";

/// A camera's picture stored on its side is published upright.
#[test]
fn an_exif_orientation_is_applied() {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(600, 400, |x, _| image::Rgb([(x % 256) as u8, 80, 80]));
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_exif_metadata(TURNED.to_vec()).unwrap();
    encoder
        .write_image(&img, 600, 400, image::ExtendedColorType::Rgb8)
        .unwrap();
    let body = "![A tall picture](/images/tall.jpg)\n";
    let text = format!("+++\ntitle = \"Tall\"\ndate = 2025-09-01\n+++\n{body}");
    let dir = temp_site(SMALL, &[("content/world/tall.md", &text)]);
    put(dir.path(), "static/images/tall.jpg", &bytes);
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/tall/index.html");
    let img = html
        .select(&sel("figure picture img"))
        .next()
        .unwrap()
        .value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("400"), Some("600"))
    );
    assert_eq!(
        decoded(&out, img.attr("src").unwrap()),
        (image::ImageFormat::Jpeg, 400, 600)
    );
}

/// The average of a decoded JPEG's green channel, which [`jpeg`] draws
/// growing from the top of the source to its bottom.
fn green(out: &tempfile::TempDir, url: &str) -> f64 {
    let img = image::load_from_memory(&file(out, url)).unwrap().to_rgb8();
    let sum: u64 = img.pixels().map(|p| u64::from(p[1])).sum();
    sum as f64 / f64::from(img.width() * img.height())
}

#[test]
fn an_author_photo_is_published_as_its_square_crop_at_the_portrait_widths() {
    let profile = "+++\nname = \"Ana Ruiz\"\nimage = { src = \"/images/ana.jpg\", focus = [0.5, 0.0] }\n+++\nBio.\n";
    let byline = "+++\ntitle = \"Harbour\"\ndate = 2025-09-01\nauthor = \"Ana Ruiz\"\nimage = { src = \"/images/lead.jpg\" }\n+++\nBody.\n";
    // A site's own card that sets only what picture.html requires: nothing
    // the author page set for the photo above may reach it.
    let card = "{% if item.image %}{% set img = item.image %}{% set pic = img.small %}{% set sizes = \"24rem\" %}{% include \"partials/picture.html\" %}{% endif %}";
    let config = format!("{SMALL}portrait_widths = [100, 300]\n");
    let dir = temp_site(
        &config,
        &[
            ("content/authors/ana-ruiz.md", profile),
            ("content/world/harbour.md", byline),
            ("templates/partials/card.html", card),
        ],
    );
    put(dir.path(), "static/images/ana.jpg", &jpeg(600, 900));
    put(dir.path(), "static/images/lead.jpg", &jpeg(1600, 900));
    let out = build_site(dir.path()).unwrap();

    let author = built_page(&out, "author/ana-ruiz/index.html");
    let kinds = attrs(&author, "picture.avatar source", "type");
    assert_eq!(kinds, ["image/avif", "image/webp"]);
    let img = author.select(&sel("picture.avatar img")).next().unwrap();
    let img = img.value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("300"), Some("300"))
    );
    assert_eq!(img.attr("alt"), Some(""), "the name is beside it");
    let srcsets = attrs(&author, "picture.avatar source", "srcset");
    let srcsets = srcsets.iter().map(String::as_str).chain(img.attr("srcset"));
    check_srcsets(&out, srcsets, &[100, 300], |w| w);
    // Focus at the top: the crop is the top 600 rows of 900, whose green
    // runs from 0 to about 170 (about 85 on average; the whole picture's is 127).
    let top = green(&out, img.attr("src").unwrap());
    assert!((70.0..100.0).contains(&top), "{top}");

    let article = built_page(&out, "world/harbour/index.html");
    let photo = attrs(&article, "picture.byline-photo img", "src");
    assert_eq!(
        photo,
        [img.attr("src").unwrap()],
        "the byline shows the same variants"
    );
    assert_eq!(
        attrs(&article, "picture.byline-photo source", "sizes"),
        ["2.25rem", "2.25rem"]
    );
    let card = author.select(&sel("ul.cards picture")).next().unwrap();
    assert_eq!(card.value().attr("class"), None);
    let card_img = card.select(&sel("img")).next().unwrap().value();
    assert_eq!(card_img.attr("fetchpriority"), None);
    assert_eq!(card_img.attr("loading"), Some("lazy"));
    let authors = built_page(&out, "author/index.html");
    assert_eq!(attrs(&authors, "picture.avatar img", "src"), photo);
}

#[test]
fn a_series_page_picture_is_drawn_like_a_lead_image() {
    let part = "+++\ntitle = \"Part one\"\ndate = 2025-09-01\nseries = { name = \"The delta\", part = 1 }\n+++\nBody.\n";
    let page =
        "+++\nimage = { src = \"/images/delta.jpg\", alt = \"The delta\" }\n+++\nThe series.\n";
    let dir = temp_site(
        SMALL,
        &[
            ("content/world/one.md", part),
            ("content/series/the-delta/_index.md", page),
        ],
    );
    put(dir.path(), "static/images/delta.jpg", &jpeg(800, 600));
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "series/the-delta/index.html");
    let img = html
        .select(&sel(".series-figure picture img"))
        .next()
        .unwrap();
    let img = img.value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("640"), Some("360"))
    );
    assert_eq!(img.attr("alt"), Some("The delta"));
    assert_eq!(
        decoded(&out, img.attr("src").unwrap()),
        (image::ImageFormat::Jpeg, 640, 360)
    );
    // No crop can be 1200 wide: the 16:9 one is the source's width.
    let og = meta(&html, "og:image");
    let (_, w, h) = decoded(&out, &og);
    assert_eq!(
        (
            meta(&html, "og:image:width"),
            meta(&html, "og:image:height")
        ),
        (w.to_string(), h.to_string())
    );
    assert_eq!((w, h), (800, 450));
    // The 16:9 crop at the widths up to the source's, and the one for
    // og:image: no 4:3 or 1:1 crop, which only articles' structured data lists.
    let published = std::fs::read_dir(out.path().join("public/img")).unwrap();
    let names: Vec<String> = published
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("delta-"))
        .collect();
    assert_eq!(names.len(), 7, "{names:?}");
}

#[test]
fn a_missing_author_photo_and_bad_portrait_widths_are_errors_at_their_place() {
    let profile = "+++\nname = \"Ana Ruiz\"\nimage = \"/images/nobody.jpg\"\n+++\nBio.\n";
    let dir = temp_site(
        "[images]\nportrait_widths = [100, 5]\n",
        &[("content/authors/ana-ruiz.md", profile)],
    );
    let stderr = failing_run(dir.path());
    assert!(
        stderr.lines().any(|l| l.contains("config.toml:4:25")
            && l.contains("`images.portrait_widths` are pixel widths")),
        "{stderr}"
    );
    // With the configuration fixed, the missing file is the error.
    std::fs::write(
        dir.path().join("config.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let stderr = failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("authors/ana-ruiz.md:3:10")
                && l.contains("image `/images/nobody.jpg` not found")),
        "{stderr}"
    );
}

#[test]
fn check_finds_a_corrupt_photo_and_a_relative_one_that_build_would_refuse() {
    let profile = |src: &str| format!("+++\nname = \"Ana Ruiz\"\nimage = \"{src}\"\n+++\nBio.\n");
    let dir = temp_site(
        SMALL,
        &[
            ("content/authors/ana-ruiz.md", &profile("/images/ana.png")),
            ("content/authors/bo-lind.md", &profile("bo.jpg")),
        ],
    );
    // A PNG whose header reads well (so its size is known) and whose data does not.
    let mut corrupt = png(200, 200);
    let middle = corrupt.len() / 2;
    corrupt[middle..middle + 16]
        .iter_mut()
        .for_each(|b| *b ^= 0xFF);
    put(dir.path(), "static/images/ana.png", &corrupt);
    put(dir.path(), "static/bo.jpg", &jpeg(200, 200));
    let root = dir.path().to_str().unwrap();
    // Both report the relative path; `failing_run` also checks that the
    // build left its output folder alone.
    let relative =
        |l: &str| l.contains("bo-lind.md:3:10") && l.contains("`bo.jpg` is a relative path");
    let check = String::from_utf8(dateline(&["check", "--root", root]).stderr).unwrap();
    assert!(check.lines().any(relative), "{check}");
    let build = failing_run(dir.path());
    assert!(build.lines().any(relative), "{build}");
    // With that fixed, both find the corrupt picture, which only decoding shows.
    put(
        dir.path(),
        "content/authors/bo-lind.md",
        profile("/bo.jpg").as_bytes(),
    );
    let corrupt = |l: &str| l.contains("ana-ruiz.md:3:10") && l.contains("corrupt");
    let check = dateline(&["check", "--root", root]);
    assert_eq!(check.status.code(), Some(1));
    let check = String::from_utf8(check.stderr).unwrap();
    assert!(check.lines().any(corrupt), "{check}");
    let build = failing_run(dir.path());
    assert!(build.lines().any(corrupt), "{build}");
}

#[test]
fn a_lead_image_shown_again_in_the_body_gets_its_variants_in_both_places() {
    let text = "+++\ntitle = \"Catch\"\ndate = 2025-09-01\nimage = { src = \"/images/boats.jpg\", alt = \"Lead\" }\n+++\nText.\n\n{{ figure(src=\"/images/boats.jpg\", alt=\"Again\") }}\n";
    let dir = temp_site(SMALL, &[("content/world/catch.md", text)]);
    put(dir.path(), "static/images/boats.jpg", &jpeg(800, 600));
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/catch/index.html");
    // The lead: the 16:9 crop. The figure: the whole 4:3 picture.
    let lead = attrs(&html, ".story-figure picture img", "height");
    assert_eq!(lead, ["360"]);
    let figure = html
        .select(&sel(".story-body picture img"))
        .next()
        .expect("a <picture>");
    let figure = figure.value();
    assert_eq!(
        (figure.attr("width"), figure.attr("height")),
        (Some("640"), Some("480"))
    );
    assert_eq!(
        decoded(&out, figure.attr("src").unwrap()),
        (image::ImageFormat::Jpeg, 640, 480)
    );
}

/// A build succeeded while an article waiting for its date named a picture
/// that was not there, and the scheduled build that published it failed in
/// the night. Its pictures are checked now (front matter and body, in a
/// page bundle too) and encoded into the cache, but published only with it.
#[test]
fn the_pictures_of_an_article_waiting_for_its_date_are_checked_now_and_published_with_it() {
    let later = "+++\ntitle = \"Later\"\ndate = 2025-09-20\nimage = { src = \"/images/later.jpg\", alt = \"Quay\" }\n+++\n\n![Crane](crane.jpg)\n";
    let dir = temp_site(
        SMALL,
        &[
            ("content/world/now.md", &article("")),
            ("content/world/later/index.md", later),
        ],
    );
    let stderr = failing_run(dir.path());
    for (at, src) in [("4:18", "/images/later.jpg"), ("7:1", "crane.jpg")] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("world/later/index.md:{at}"))
                    && l.contains(&format!("`{src}` not found"))),
            "{src}: {stderr}"
        );
    }
    put(dir.path(), "static/images/later.jpg", &jpeg(1600, 900));
    put(dir.path(), "content/world/later/crane.jpg", &jpeg(800, 600));
    let now = build_at(dir.path(), NOW);
    assert!(!now.path().join("public/img").exists());
    let cached = std::fs::read_dir(dir.path().join(".dateline-cache/images")).unwrap();
    assert!(cached.count() > 0);
    let run = dateline(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        now.path().join("public").to_str().unwrap(),
        "--now",
        "2025-09-21T00:00:00Z",
        "--verbose",
    ]);
    assert!(run.status.success());
    let said = String::from_utf8([run.stdout, run.stderr].concat()).unwrap();
    assert!(said.contains("images: 0 encoded"), "{said}");
    let page = built_page(&now, "world/later/index.html");
    let srcsets = attrs(&page, "picture source, picture img", "srcset");
    assert!(srcsets.len() >= 4, "{srcsets:?}");
    for (url, w) in srcsets.iter().flat_map(|s| entries(s)) {
        assert_eq!(decoded(&now, &url).1, w, "{url}");
    }
}

/// Two names for the same bytes share their cached variants, but each name
/// is published: a page named the second one's variants, which were not
/// there. A copy in a bundle waiting for its date publishes nothing, and a
/// published article cannot name that bundle's files.
#[test]
fn one_picture_under_several_names_and_a_waiting_bundle_leave_published_pictures_whole() {
    let lead = |src: &str| article(&format!("image = {{ src = \"{src}\", alt = \"Quay\" }}"));
    let waiting = "+++\ntitle = \"Later\"\ndate = 2025-09-20\nimage = { src = \"copy.jpg\", alt = \"Quay\" }\n+++\nBody.\n";
    let dir = temp_site(
        SMALL,
        &[
            ("content/world/one.md", &lead("/images/a.jpg")),
            ("content/world/two.md", &lead("/images/0-copy.jpg")),
            ("content/world/later/index.md", waiting),
        ],
    );
    let bytes = jpeg(1600, 900);
    for rel in [
        "static/images/a.jpg",
        "static/images/0-copy.jpg",
        "content/world/later/copy.jpg",
    ] {
        put(dir.path(), rel, &bytes);
    }
    let out = build_at(dir.path(), NOW);
    for page in ["world/one/index.html", "world/two/index.html"] {
        let html = built_page(&out, page);
        let srcsets = attrs(&html, "picture source, picture img", "srcset");
        assert!(srcsets.len() >= 3, "{page}: {srcsets:?}");
        for (url, w) in srcsets.iter().flat_map(|s| entries(s)) {
            assert_eq!(decoded(&out, &url).1, w, "{page}: {url}");
        }
    }
    let published: Vec<String> = std::fs::read_dir(out.path().join("public/img"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !published.iter().any(|n| n.starts_with("copy-")),
        "{published:?}"
    );

    // Nor does a live update due before that article.
    let figure = "+++\ntitle = \"Peek\"\ndate = 2025-09-02\n+++\n\n{{ figure(src=\"/world/later/copy.jpg\", alt=\"x\") }}\n";
    let live = "+++\ntitle = \"Live\"\n[live]\nstart = 2025-09-10T08:00:00Z\n+++\n\nIntro.\n\n## 2025-09-11 10:00 Soon\n\n{{ figure(src=\"/world/later/copy.jpg\", alt=\"x\") }}\n";
    std::fs::write(dir.path().join("content/world/peek.md"), figure).unwrap();
    std::fs::write(dir.path().join("content/world/live.md"), live).unwrap();
    let stderr = failing_run(dir.path());
    for at in ["world/peek.md:6:4", "world/live.md:11:4"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(at) && l.contains("`/world/later/copy.jpg` not found")),
            "{at}: {stderr}"
        );
    }
}

/// The image cache's file names.
/// The files of the image cache but its record of probes (kept only for
/// pictures saved more than two seconds before the build).
fn cached_names(root: &Path) -> std::collections::BTreeSet<String> {
    let dir = root.join(".dateline-cache/images");
    let entries = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap());
    entries
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n != "probes.bin")
        .collect()
}

/// `build --gc` removes the variants of a picture taken out of the site,
/// those named by an earlier version and a stopped build's leftovers, keeps
/// what the build used (and what an article waiting for its date will use),
/// and leaves other files alone.
#[test]
fn gc_removes_only_the_variants_the_build_did_not_use() {
    let lead = |src: &str| article(&format!("image = {{ src = \"{src}\", alt = \"Quay\" }}"));
    let waiting = "+++\ntitle = \"Later\"\ndate = 2025-09-20\nimage = { src = \"/images/c.jpg\", alt = \"Crane\" }\n+++\nBody.\n";
    let dir = temp_site(
        SMALL,
        &[
            ("content/world/one.md", &lead("/images/a.jpg")),
            ("content/world/two.md", &lead("/images/b.jpg")),
            ("content/world/later.md", waiting),
        ],
    );
    put(dir.path(), "static/images/a.jpg", &jpeg(1600, 900));
    put(dir.path(), "static/images/b.jpg", &jpeg(1400, 1000));
    put(dir.path(), "static/images/c.jpg", &jpeg(1300, 800));
    build_at(dir.path(), NOW);
    let all = cached_names(dir.path());
    let cache = dir.path().join(".dateline-cache/images");
    let (old, notes) = ("0123456789abcdef.avif", "notes.txt");
    std::fs::write(cache.join(old), b"an earlier version's variant").unwrap();
    std::fs::write(cache.join(notes), b"not a variant").unwrap();
    // What stopped builds left: one two hours ago, one that may be writing.
    let hex = "0123456789abcdef0123456789abcdef";
    let (stale, fresh) = (format!("{hex}.tmp41-0"), format!("{hex}.tmp42-0"));
    let stale_probes = "probes.tmp43-0";
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for name in [stale.as_str(), stale_probes] {
        let f = std::fs::File::create(cache.join(name)).unwrap();
        f.set_modified(two_hours_ago).unwrap();
    }
    std::fs::write(cache.join(&fresh), b"half a variant").unwrap();
    // Without b's picture, with --gc.
    std::fs::write(dir.path().join("content/world/two.md"), article("")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let args = |gc: bool| {
        let mut a = vec!["build", "--root", dir.path().to_str().unwrap()];
        a.extend(["--output", public.to_str().unwrap(), "--now", NOW, "-v"]);
        a.extend(gc.then_some("--gc"));
        a
    };
    let run = dateline(&args(true));
    assert!(run.status.success(), "{run:?}");
    let left = cached_names(dir.path());
    assert!(left.contains(notes) && !left.contains(old), "{left:?}");
    assert!(left.contains(&fresh) && !left.contains(&stale), "{left:?}");
    assert!(!left.contains(stale_probes), "{left:?}");
    let removed: Vec<&String> = all.iter().filter(|n| !left.contains(*n)).collect();
    assert!(!removed.is_empty());
    let said = String::from_utf8(run.stdout).unwrap();
    let line = format!("Removed {} unused picture variants", removed.len() + 3);
    assert!(said.lines().any(|l| l.starts_with(&line)), "{said}");
    // What is left is all the next build needs, the waiting article's too.
    let again = dateline(&args(false));
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains("images: 0 encoded")
    );
    let at_publish = dateline(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        public.to_str().unwrap(),
        "--now",
        "2025-09-21T00:00:00Z",
        "-v",
    ]);
    let said = String::from_utf8(at_publish.stderr).unwrap();
    assert!(said.contains("images: 0 encoded"), "{said}");
    // b's variants were the ones removed: showing it again encodes them.
    std::fs::write(
        dir.path().join("content/world/two.md"),
        lead("/images/b.jpg"),
    )
    .unwrap();
    let back = dateline(&args(false));
    let said = String::from_utf8(back.stderr).unwrap();
    let encoded = format!("images: {} encoded", removed.len());
    assert!(said.contains(&encoded), "{said}");
    assert_eq!(cached_names(dir.path()).len(), all.len() + 2);
}

/// Waits until files changed now are older than a coarse clock's tick, as
/// a picture must be for its probe to be kept (setting a file's time
/// changes its status-change time).
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(2100));
}

/// Gives the file at `path` a modification time `secs` seconds ago.
fn age(path: &Path, secs: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(then).unwrap();
}

/// What a picture's header says is kept in the image cache by its file's
/// stamp: a picture saved again (here smaller) is read again, and a damaged
/// record is ignored.
#[test]
fn a_picture_saved_again_is_read_again_and_a_damaged_probe_record_is_ignored() {
    let dir = photo_site(SMALL);
    let source = dir.path().join("static/images/harbour.jpg");
    let lead = |out: &tempfile::TempDir| {
        let html = built_page(out, "world/harbour/index.html");
        let img = html.select(&sel(".story-figure picture img")).next();
        let img = img.expect("the lead picture").value();
        (
            img.attr("src").unwrap().to_string(),
            img.attr("width").unwrap().to_string(),
        )
    };
    age(&source, 3600);
    settle();
    let first = build_site(dir.path()).unwrap();
    assert_eq!(lead(&first).1, "640");
    let kept = dir.path().join(".dateline-cache/images/probes.bin");
    assert!(kept.is_file(), "no probe record");

    // Saved again, older than a coarse clock's tick: its stamp has changed.
    put(dir.path(), "static/images/harbour.jpg", &jpeg(480, 270));
    age(&source, 1800);
    let second = build_site(dir.path()).unwrap();
    let (src, width) = lead(&second);
    assert_eq!(width, "480", "the picture was not read again");
    assert_eq!(decoded(&second, &src), (image::ImageFormat::Jpeg, 480, 270));

    std::fs::write(&kept, b"dlprobe1 and then nothing that holds").unwrap();
    let third = build_site(dir.path()).unwrap();
    assert!(
        snapshot(&second.path().join("public")) == snapshot(&third.path().join("public")),
        "a damaged probe record changed the site"
    );
}

/// A picture rewritten in place with its size and modification time kept
/// (as `exiftool -P` does) is read again: its status-change time moved.
#[cfg(unix)]
#[test]
fn a_picture_rewritten_in_place_with_its_time_restored_is_read_again() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = photo_site(SMALL);
    let source = dir.path().join("static/images/harbour.jpg");
    // A byte after the end of the JPEG: decoders ignore it, the hash does not.
    let mut bytes = jpeg(800, 450);
    bytes.push(b'A');
    put(dir.path(), "static/images/harbour.jpg", &bytes);
    age(&source, 3600);
    settle();
    let lead_src = |out: &tempfile::TempDir| {
        let html = built_page(out, "world/harbour/index.html");
        let img = html.select(&sel(".story-figure picture img")).next();
        img.expect("the lead picture")
            .value()
            .attr("src")
            .unwrap()
            .to_string()
    };
    let first = lead_src(&build_site(dir.path()).unwrap());
    assert!(
        dir.path()
            .join(".dateline-cache/images/probes.bin")
            .is_file()
    );

    let modified = std::fs::metadata(&source).unwrap().modified().unwrap();
    let mut f = std::fs::File::options().write(true).open(&source).unwrap();
    f.seek(SeekFrom::End(-1)).unwrap();
    f.write_all(b"B").unwrap();
    f.set_modified(modified).unwrap();
    drop(f);
    let second = lead_src(&build_site(dir.path()).unwrap());
    assert_ne!(first, second, "the rewritten picture kept its old variants");
}
