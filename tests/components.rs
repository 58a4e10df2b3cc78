//! Markdown components (`{{ name(...) }}` and `{% name(...) %}` … `{% end %}`):
//! the built-ins as the default theme draws them, a site's own component
//! templates, errors at their line and column, and how feeds and
//! summaries treat them.

mod common;

use common::*;
use scraper::Html;

fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2025-09-04 09:00\n+++\n{body}\n")
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("public").join(rel)).unwrap()
}

fn page(out: &tempfile::TempDir, rel: &str) -> Html {
    Html::parse_document(&read(out, rel))
}

/// The first RSS item's content, unescaped, as an HTML fragment.
fn feed_content(out: &tempfile::TempDir) -> Html {
    let rss = read(out, "rss.xml");
    let start = rss.find("<content:encoded>").expect("full content") + 17;
    let end = rss[start..].find("</content:encoded>").unwrap() + start;
    let text = rss[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Html::parse_fragment(&text)
}

/// A picture the build publishes as it is.
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 675\"></svg>";

const BODY: &str = r#"{{ pullquote(text="The river will not wait for us", cite="Mayor Ana Ruiz") }}

The council voted on Tuesday to raise the flood wall by a metre.

{% factbox(title="The wall in numbers") %}
- Built in 1962
- Raised twice since
{% end %}

{{ figure(src="/images/wall.svg", alt="The flood wall at dusk", caption="The wall today.", credit="Photo: J. Park") }}

Work starts in spring.
"#;

fn river_site() -> tempfile::TempDir {
    temp_site(
        "",
        &[
            ("content/local/wall.md", &article("Wall", BODY)),
            ("static/images/wall.svg", SVG),
        ],
    )
}

#[test]
fn the_built_ins_are_drawn_by_the_default_theme() {
    let dir = river_site();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/wall/index.html");
    let body = ".story-body";
    assert_eq!(
        texts(&html, &format!("{body} > aside.pullquote blockquote")),
        ["The river will not wait for us"]
    );
    assert_eq!(
        texts(&html, &format!("{body} > aside.pullquote cite")),
        ["Mayor Ana Ruiz"]
    );
    assert_eq!(
        texts(&html, &format!("{body} > aside.factbox h2")),
        ["The wall in numbers"]
    );
    assert_eq!(
        texts(&html, &format!("{body} > aside.factbox li")),
        ["Built in 1962", "Raised twice since"]
    );
    let img = format!("{body} > figure img");
    assert_eq!(attrs(&html, &img, "src"), ["/images/wall.svg"]);
    assert_eq!(attrs(&html, &img, "alt"), ["The flood wall at dusk"]);
    assert_eq!(
        texts(&html, &format!("{body} > figure figcaption")),
        ["The wall today. Photo: J. Park"]
    );
    assert_eq!(
        texts(&html, &format!("{body} > figure figcaption span.credit")),
        ["Photo: J. Park"]
    );
    // No component is wrapped in a paragraph, and no marker is left.
    assert!(html.select(&sel("p aside, p figure")).next().is_none());
    assert!(!read(&out, "local/wall/index.html").contains(['\0', '\u{FFFD}']));
}

#[test]
fn a_figure_in_the_site_gets_the_root_path_and_arguments_are_escaped() {
    let dir = temp_site(
        "",
        &[
            (
                "content/local/x.md",
                &article(
                    "X",
                    r#"{{ figure(src="/images/a.svg", alt="<b>\"bold\"</b>", caption="<script>x</script>") }}"#,
                ),
            ),
            ("static/images/a.svg", SVG),
        ],
    );
    let config = "title = \"Gazette\"\nbase_url = \"https://example.org/news/\"\n";
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/x/index.html");
    assert_eq!(
        attrs(&html, ".story-body figure img", "src"),
        ["/news/images/a.svg"]
    );
    assert_eq!(
        attrs(&html, ".story-body figure img", "alt"),
        ["<b>\"bold\"</b>"]
    );
    assert_eq!(
        texts(&html, ".story-body figcaption"),
        ["<script>x</script>"]
    );
    assert!(
        html.select(&sel(".story-body script, .story-body b"))
            .next()
            .is_none()
    );
}

#[test]
fn a_site_overrides_a_built_in_and_adds_its_own_component() {
    let dir = temp_site(
        "",
        &[
            (
                "content/local/x.md",
                &article(
                    "X",
                    "Intro.\n\n{{ pullquote(text=\"Quoted\") }}\n\n{% note(level=2, urgent=true, ratio=0.5, who=\"Desk\") %}\nA *late* change.\n{% end %}\n",
                ),
            ),
            (
                "templates/components/pullquote.html",
                "<div class=\"my-quote\">{{ text }}</div>",
            ),
            (
                "templates/components/note.html",
                "<div class=\"note\" data-level=\"{{ level }}\" data-urgent=\"{{ urgent }}\" data-ratio=\"{{ ratio }}\">{{ who }}: {{ body | safe }}</div>",
            ),
        ],
    );
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/x/index.html");
    assert_eq!(texts(&html, ".story-body > .my-quote"), ["Quoted"]);
    assert!(html.select(&sel(".pullquote")).next().is_none());
    assert_eq!(attrs(&html, ".note", "data-level"), ["2"]);
    assert_eq!(attrs(&html, ".note", "data-urgent"), ["true"]);
    assert_eq!(attrs(&html, ".note", "data-ratio"), ["0.5"]);
    assert_eq!(texts(&html, ".note"), ["Desk: A late change."]);
    assert_eq!(texts(&html, ".note p em"), ["late"]);
}

#[test]
fn every_component_error_is_located_in_one_run() {
    let body = "Intro.\n\n{{ pulquote(text=\"x\") }}\n\n{{ pullquote(text=\"x\", cit=\"y\") }}\n\n{{ figure(src=\"/a.jpg\") }}\n\n{{ pullquote(text=3) }}\n\n{% factbox(title=\"Open\") %}\n- never closed\n";
    let dir = temp_site("", &[("content/local/x.md", &article("X", body))]);
    let errors = build_site(dir.path()).unwrap_err();
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|d| (d.location.line, d.location.col, d.message.as_str()))
        .collect();
    // The body starts on line 5 of the file.
    assert_eq!(got.len(), 5, "{got:#?}");
    assert_eq!((got[0].0, got[0].1), (7, 4), "{got:#?}");
    assert!(
        got[0].2.contains("unknown component `pulquote`"),
        "{}",
        got[0].2
    );
    assert!(
        got[0].2.contains("did you mean `pullquote`?"),
        "{}",
        got[0].2
    );
    assert_eq!((got[1].0, got[1].1), (9, 24));
    assert!(
        got[1].2.contains("no argument `cit`; did you mean `cite`?"),
        "{}",
        got[1].2
    );
    assert_eq!((got[2].0, got[2].1), (11, 1));
    assert!(
        got[2].2.contains("`figure` needs the argument `alt`"),
        "{}",
        got[2].2
    );
    assert_eq!((got[3].0, got[3].1), (13, 19));
    assert!(
        got[3].2.contains("must be a string, not an integer"),
        "{}",
        got[3].2
    );
    assert_eq!((got[4].0, got[4].1), (15, 1));
    assert!(got[4].2.contains("never closed"), "{}", got[4].2);
    assert!(
        errors
            .iter()
            .all(|d| d.location.path.ends_with("local/x.md"))
    );
}

#[test]
fn components_in_code_are_text() {
    let body = "Write `{{ pullquote(text=\"x\") }}` on its own line.\n\n```\n{{ pullquote(text=\"y\") }}\n{% factbox(title=\"z\") %}\n```\n\n~~~md\n{{ nope() }}\n~~~\n";
    let dir = temp_site("", &[("content/local/x.md", &article("X", body))]);
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/x/index.html");
    assert_eq!(
        texts(&html, ".story-body p code"),
        ["{{ pullquote(text=\"x\") }}"]
    );
    assert_eq!(
        texts(&html, ".story-body pre code"),
        [
            "{{ pullquote(text=\"y\") }} {% factbox(title=\"z\") %}",
            "{{ nope() }}"
        ]
    );
    assert!(html.select(&sel(".pullquote, .factbox")).next().is_none());
}

#[test]
fn the_pull_quote_stays_out_of_the_description_and_the_feed() {
    let dir = river_site();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/wall/index.html");
    let description = attrs(&html, "meta[property='og:description']", "content");
    assert_eq!(
        description,
        ["The council voted on Tuesday to raise the flood wall by a metre."]
    );
    let feed = feed_content(&out);
    let text: String = feed.root_element().text().collect();
    assert!(text.contains("The council voted"), "{text}");
    assert!(!text.contains("The river will not wait"), "{text}");
    // The fact box is a quotation with its title in feeds.
    assert_eq!(texts(&feed, "blockquote strong"), ["The wall in numbers"]);
    assert_eq!(
        texts(&feed, "blockquote li"),
        ["Built in 1962", "Raised twice since"]
    );
    assert!(feed.select(&sel("aside")).next().is_none());
    assert_eq!(
        attrs(&feed, "figure img", "src"),
        ["https://example.org/images/wall.svg"]
    );
}

const EMBEDS: &str = r#"Intro.

{{ youtube(id="Qx7_b-Lm2Za", title="The wall <rises>", start=95) }}

{{ vimeo(id="48213377", title="Flood night") }}

{{ x(url="https://x.com/rivercity/status/1", author="River City Council", handle="@rivercity", date="4 Sep 2025", text="The wall vote passed 7 to 2. <b>Thanks</b> to all who came.") }}

{{ bluesky(url="https://bsky.app/profile/a.bsky.social/post/3k", author="Ana Ruiz", text="Proud of this town.") }}

{{ mastodon(url="https://social.example/@desk/11", author="Desk", text="Live notes.") }}

{{ instagram(url="https://www.instagram.com/p/Cx1/", author="Park Studio", text="Dusk on the wall.") }}

{{ video(src="/video/wall.mp4", poster="/images/wall.jpg", title="The wall from the air", duration="2:30", upload_date="2025-09-03") }}
"#;

fn embeds_site() -> tempfile::TempDir {
    temp_site(
        "",
        &[
            ("content/local/embeds.md", &article("Embeds", EMBEDS)),
            // The video's files: a video is checked to exist, as a picture is.
            ("static/video/wall.mp4", "not really a video"),
            ("static/images/wall.jpg", "not really a picture"),
        ],
    )
}

#[test]
fn video_embeds_are_links_drawn_as_posters_until_clicked() {
    let dir = embeds_site();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/embeds/index.html");
    let poster = ".story-body > .video-embed > a.video-poster";
    assert_eq!(
        attrs(&html, poster, "href"),
        [
            "https://www.youtube.com/watch?v=Qx7_b-Lm2Za&t=95s",
            "https://vimeo.com/48213377"
        ]
    );
    // The link's text, its accessible name, is the title.
    assert_eq!(
        texts(&html, &format!("{poster} .video-title")),
        ["The wall <rises>", "Flood night"]
    );
    assert_eq!(
        attrs(&html, &format!("{poster} .video-play"), "aria-hidden"),
        ["true", "true"]
    );
    let scripts = texts(&html, ".story-body > .video-embed > script");
    assert_eq!(scripts.len(), 2);
    assert!(
        scripts[0]
            .contains("https://www.youtube-nocookie.com/embed/Qx7_b-Lm2Za?autoplay=1&start=95"),
        "{}",
        scripts[0]
    );
    assert!(scripts[0].contains("createElement(\"iframe\")"));
    assert!(scripts[1].contains("https://player.vimeo.com/video/48213377?autoplay=1"));
    // A page without an embed has no script.
    let plain = river_site();
    let out = build_site(plain.path()).unwrap();
    let wall = page(&out, "local/wall/index.html");
    assert!(wall.select(&sel("script:not([type])")).next().is_none());
}

#[test]
fn social_posts_are_static_cards() {
    let dir = embeds_site();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/embeds/index.html");
    let card = ".story-body > figure.social-post";
    assert_eq!(
        texts(&html, &format!("{card} > blockquote")),
        [
            "The wall vote passed 7 to 2. <b>Thanks</b> to all who came.",
            "Proud of this town.",
            "Live notes.",
            "Dusk on the wall."
        ]
    );
    assert_eq!(
        texts(&html, &format!("{card} > figcaption"))[0],
        "River City Council @rivercity 4 Sep 2025 View on X"
    );
    assert_eq!(
        texts(&html, &format!("{card} figcaption a")),
        [
            "View on X",
            "View on Bluesky",
            "View on Mastodon",
            "View on Instagram"
        ]
    );
    assert_eq!(
        attrs(&html, &format!("{card} figcaption a"), "href")[0],
        "https://x.com/rivercity/status/1"
    );
    assert!(
        html.select(&sel(".social-post b, .social-post script"))
            .next()
            .is_none()
    );
}

#[test]
fn a_video_is_native_with_its_json_ld() {
    let dir = embeds_site();
    let config = "title = \"Gazette\"\nbase_url = \"https://example.org/news/\"\n";
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/embeds/index.html");
    let video = ".story-body > figure.inline-figure > video";
    assert_eq!(attrs(&html, video, "preload"), ["none"]);
    assert_eq!(attrs(&html, video, "poster"), ["/news/images/wall.jpg"]);
    assert_eq!(attrs(&html, video, "controls").len(), 1);
    assert_eq!(
        attrs(&html, &format!("{video} > source"), "src"),
        ["/news/video/wall.mp4"]
    );
    assert_eq!(
        attrs(&html, &format!("{video} > a"), "href"),
        ["/news/video/wall.mp4"]
    );
    assert_eq!(
        texts(&html, ".story-body > figure.inline-figure > figcaption"),
        ["The wall from the air"]
    );
    let ld = texts(&html, "script[type='application/ld+json']");
    let article: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(
        article["video"],
        serde_json::json!([{
            "@type": "VideoObject",
            "contentUrl": "https://example.org/news/video/wall.mp4",
            "duration": "PT2M30S",
            "name": "The wall from the air",
            "thumbnailUrl": "https://example.org/news/images/wall.jpg",
            "uploadDate": "2025-09-03"
        }])
    );
}

#[test]
fn nothing_loads_from_another_host_before_a_click() {
    let dir = embeds_site();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/embeds/index.html");
    assert!(html.select(&sel("iframe")).next().is_none());
    for element in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            let remote = value.starts_with("http:")
                || value.starts_with("https:")
                || value.starts_with("//");
            // Links and the page's own metadata name other hosts; nothing else may.
            let allowed = name == "href" || element.value().name() == "meta";
            assert!(
                !remote || allowed || value.starts_with("https://example.org/"),
                "<{} {name}=\"{value}\">",
                element.value().name()
            );
        }
    }
}

#[test]
fn bad_embed_arguments_are_located_errors() {
    let body = "{{ youtube(id=\"short\", title=\"T\") }}\n\n{{ youtube(id=\"Qx7_b-Lm2Za\", title=\"T\", start=-4) }}\n\n{{ x(url=\"http://x.com/a/status/1\", author=\"A\", text=\"T\") }}\n\n{{ x(url=\"https://example.com/a/status/1\", author=\"A\", text=\"T\") }}\n\n{{ vimeo(id=\"12a\", title=\"T\") }}\n\n{{ video(src=\"javascript:alert(1)\", title=\"T\", duration=\"2m\") }}\n";
    let dir = temp_site("", &[("content/local/x.md", &article("X", body))]);
    let errors = build_site(dir.path()).unwrap_err();
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|d| (d.location.line, d.location.col, d.message.as_str()))
        .collect();
    assert_eq!(got.len(), 7, "{got:#?}");
    let want = [
        (5, 15, "`id` of `youtube` must be a YouTube id"),
        (
            7,
            47,
            "`start` of `youtube` must be a whole number of seconds",
        ),
        (9, 10, "`url` of `x` must be an absolute https URL"),
        (
            11,
            10,
            "`url` of `x` must be a URL on `x.com` or `twitter.com`",
        ),
        (13, 13, "`id` of `vimeo` must be a Vimeo id"),
        (
            15,
            14,
            "`src` of `video` must be a path from the site's root",
        ),
        (15, 57, "`duration` of `video` must be a length"),
    ];
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1), "{g:?}");
        assert!(g.2.starts_with(w.2), "{}", g.2);
    }
}

#[test]
fn embeds_in_feeds_are_links_and_quotes() {
    let dir = embeds_site();
    let out = build_site(dir.path()).unwrap();
    let feed = feed_content(&out);
    // The videos are plain links with their titles, the posts quotations.
    let links: Vec<(String, String)> = feed
        .select(&sel("p > a"))
        .filter(|a| {
            !a.ancestors().any(|e| {
                e.value()
                    .as_element()
                    .is_some_and(|e| e.name() == "blockquote")
            })
        })
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    let expected = [
        (
            "https://www.youtube.com/watch?v=Qx7_b-Lm2Za&t=95s",
            "The wall <rises>",
        ),
        ("https://vimeo.com/48213377", "Flood night"),
        (
            "https://example.org/video/wall.mp4",
            "The wall from the air",
        ),
    ];
    assert_eq!(links, expected.map(|(h, t)| (h.to_string(), t.to_string())));
    assert_eq!(
        texts(&feed, "blockquote > p:first-child")[0],
        "The wall vote passed 7 to 2. <b>Thanks</b> to all who came."
    );
    assert_eq!(
        attrs(&feed, "blockquote a", "href")[0],
        "https://x.com/rivercity/status/1"
    );
    assert_eq!(texts(&feed, "blockquote a")[0], "View on X");
    assert!(
        feed.select(&sel("script, iframe, video, figure.social-post"))
            .next()
            .is_none()
    );
}

/// An editor hides an embed in an HTML comment: it stays hidden and the
/// comment stays closed (the page after it was swallowed); a component in a
/// list or a quote is published as text with a warning; `body`, `feed` and
/// `site` are no argument names; a video's files are site paths or https.
#[test]
fn hidden_quoted_and_reserved_components_and_video_paths() {
    let hidden = "Intro.\n\n<!--\n{{ pullquote(text=\"Not yet\") }}\n-->\n\nAfter the comment.";
    let quoted = "Intro.\n\n> {{ pullquote(text=\"In a quote\") }}\n\n- {{ pullquote(text=\"In a list\") }}\n";
    let dir = temp_site(
        "",
        &[
            ("content/world/hidden.md", &article("Hidden", hidden)),
            ("content/world/quoted.md", &article("Quoted", quoted)),
            (
                "content/world/video.md",
                &article(
                    "Video",
                    "Intro.\n\n{{ video(src=\"/v/clip.mp4\", title=\"Clip\") }}\n",
                ),
            ),
            ("static/v/clip.mp4", "clip"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let html = Html::parse_document(
        &std::fs::read_to_string(out.path().join("public/world/hidden/index.html")).unwrap(),
    );
    assert!(texts(&html, ".pullquote").is_empty());
    assert_eq!(
        texts(&html, ".story-body p").last().map(String::as_str),
        Some("After the comment.")
    );
    assert!(
        !texts(&html, "footer.site-footer").is_empty(),
        "the page after the comment is there"
    );
    let warned: Vec<(usize, &str)> = report
        .warnings
        .iter()
        .filter(|d| d.location.path.ends_with("quoted.md"))
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned
            .iter()
            .all(|(_, m)| m.contains("outside lists and quotes"))
    );
    let video = Html::parse_document(
        &std::fs::read_to_string(out.path().join("public/world/video/index.html")).unwrap(),
    );
    let ld = texts(&video, "script[type='application/ld+json']");
    let doc: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(
        doc["video"][0]["uploadDate"], doc["datePublished"],
        "Google requires one"
    );
    let bad = temp_site(
        "",
        &[(
            "content/world/bad.md",
            &article(
                "Bad",
                "{{ video(src=\"clip.mp4\", title=\"Clip\") }}\n\n{{ pullquote(text=\"x\", body=\"<script>\") }}\n",
            ),
        )],
    );
    let ds = build_site(bad.path()).unwrap_err();
    let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("path from the site's root")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`body` is not an argument name")),
        "{messages:?}"
    );
}

/// Without a `poster`, a video's thumbnail in JSON-LD is the article's
/// picture as published (its 16:9 crop), absolute even from a page bundle.
#[test]
fn a_video_without_a_poster_takes_the_published_lead_picture() {
    let text = "+++\ntitle = \"Bundle\"\ndate = 2025-09-03\nimage = { src = \"pic.jpg\", alt = \"Pic\" }\n+++\n{{ video(src=\"/video/clip.mp4\", title=\"Clip\") }}\n";
    let dir = temp_site(
        "[images]\nwidths = [320]\n",
        &[
            ("content/local/bun/index.md", text),
            ("static/video/clip.mp4", "clip"),
        ],
    );
    let pic = image::RgbImage::from_pixel(1600, 900, image::Rgb([30, 90, 160]));
    pic.save(dir.path().join("content/local/bun/pic.jpg"))
        .unwrap();
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "local/bun/index.html");
    let ld = texts(&html, "script[type='application/ld+json']");
    let article: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    let thumb = article["video"][0]["thumbnailUrl"].as_str().unwrap();
    assert!(
        thumb.starts_with("https://example.org/img/pic-1200-") && thumb.ends_with(".jpg"),
        "{thumb}"
    );
    assert!(
        out.path()
            .join("public")
            .join(thumb.trim_start_matches("https://example.org/"))
            .is_file()
    );
}

/// `<!--` hides components only as the start of an HTML comment block: in
/// a code span, in a component's argument or in a line of text it is text,
/// and a fence inside a comment block does not outlast it.
#[test]
fn a_comment_marker_in_text_code_or_arguments_hides_nothing() {
    let bodies = [
        (
            "span",
            "Editors write `<!--` before it.\n\n{{ pullquote(text=\"Shown\") }}\n\n{{ nosuchcomponent(a=\"b\") }}\n",
        ),
        (
            "argument",
            "Intro.\n\n{{ pullquote(text=\"Write <!-- here\") }}\n\n{{ nosuchcomponent(a=\"b\") }}\n",
        ),
        (
            "text",
            "A line with <!-- in it.\n\n{{ nosuchcomponent(a=\"b\") }}\n",
        ),
        (
            "fence",
            "Intro.\n\n<!--\n```\n-->\n\n{{ nosuchcomponent(a=\"b\") }}\n",
        ),
    ];
    let files: Vec<(String, String)> = bodies
        .iter()
        .map(|(name, body)| (format!("content/world/{name}.md"), article(name, body)))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = temp_site("", &files);
    let stderr = failing_run(dir.path());
    for (name, _) in bodies {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("world/{name}.md:"))
                    && l.contains("unknown component `nosuchcomponent`")),
            "{name}: {stderr}"
        );
    }
    // With the unknown ones gone, the pull quotes are drawn.
    for (name, body) in bodies {
        let fixed = body.replace("{{ nosuchcomponent(a=\"b\") }}\n", "");
        std::fs::write(
            dir.path().join(format!("content/world/{name}.md")),
            article(name, &fixed),
        )
        .unwrap();
    }
    let out = build_site(dir.path()).unwrap();
    let html = page(&out, "world/span/index.html");
    assert_eq!(texts(&html, ".story-body aside.pullquote p"), ["Shown"]);
    let html = page(&out, "world/argument/index.html");
    assert_eq!(
        texts(&html, ".story-body aside.pullquote p"),
        ["Write <!-- here"]
    );
}

/// A picture of another site in a gallery is one of its figures, published
/// as it is, and the others keep theirs; a gallery with no picture warns.
#[test]
fn a_gallery_takes_another_sites_picture_and_an_empty_one_warns() {
    let gallery = "{% gallery(title=\"Mixed\") %}\n![One](/images/one.svg \"First | Photo: Desk\")\n![Two](https://cdn.example.com/two.jpg \"Second | Photo: Wire\")\n{% end %}\n";
    let empty = "{% gallery(title=\"Empty\") %}\nNo pictures here.\n{% end %}\n";
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"></svg>";
    let dir = temp_site(
        "",
        &[
            ("content/local/mixed.md", &article("Mixed", gallery)),
            ("content/local/empty.md", &article("Empty", empty)),
            ("static/images/one.svg", svg),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let html = Html::parse_document(
        &std::fs::read_to_string(report.output.join("local/mixed/index.html")).unwrap(),
    );
    assert_eq!(
        attrs(&html, ".story-body figure img", "src"),
        ["/images/one.svg", "https://cdn.example.com/two.jpg"]
    );
    assert_eq!(
        texts(&html, ".story-body figure .credit"),
        ["Photo: Desk", "Photo: Wire"]
    );
    let warned: Vec<&str> = report
        .warnings
        .iter()
        .filter(|d| d.location.path.ends_with("empty.md"))
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        warned
            .iter()
            .any(|m| m.starts_with("this gallery holds no picture")),
        "{warned:?}"
    );
}

/// A video's own files are checked as a picture's are: one missing is an
/// error at the call, by `check` and `build` alike.
#[test]
fn a_video_naming_a_missing_file_is_an_error() {
    let body =
        "{{ video(src=\"/media/missing.mp4\", poster=\"/images/nope.jpg\", title=\"T\") }}\n";
    let dir = temp_site("", &[("content/local/v.md", &article("V", body))]);
    let check = dateline(&["check", "--root", dir.path().to_str().unwrap()]);
    let check = String::from_utf8(check.stderr).unwrap();
    let build = failing_run(dir.path());
    for stderr in [check, build] {
        for (arg, path) in [
            ("src", "/media/missing.mp4"),
            ("poster", "/images/nope.jpg"),
        ] {
            assert!(
                stderr.lines().any(|l| l.contains("local/v.md:5:4")
                    && l.contains(&format!("video `{arg}` `{path}` not found"))),
                "{stderr}"
            );
        }
    }
}

/// An article waiting for its date has its video checked now: its
/// publishing must not be what fails a build.
#[test]
fn a_video_of_an_article_waiting_for_its_date_is_checked_now() {
    let text = "+++\ntitle = \"Soon\"\ndate = 2025-12-01\n+++\n\n{{ video(src=\"/media/soon.mp4\", title=\"T\") }}\n\n{{ video(src=\"https://example.com/v.mp4\", poster=\"nope.jpg\", title=\"U\") }}\n\n{{ figur(src=\"/a.jpg\") }}\n";
    let dir = temp_site("", &[("content/local/soon.md", text)]);
    let stderr = failing_run(dir.path());
    assert!(
        stderr.lines().any(|l| l.contains("local/soon.md:6:4")
            && l.contains("video `src` `/media/soon.mp4` not found")),
        "{stderr}"
    );
    assert!(
        stderr.lines().any(|l| l.contains("local/soon.md:8:")
            && l.contains("`poster` of `video` must be a path from the site's root")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("local/soon.md:10:") && l.contains("unknown component `figur`")),
        "{stderr}"
    );
}

/// In a feed, a page bundle's picture and a footnote's link point at the
/// article's page, not at the feed's address.
#[test]
fn links_relative_to_the_page_are_absolute_in_feeds() {
    let body = "Text.[^1]\n\n{{ figure(src=\"chart.svg\", alt=\"Chart\") }}\n\n[^1]: A note.\n";
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"></svg>";
    let dir = temp_site(
        "",
        &[
            ("content/local/bun/index.md", &article("Bundle", body)),
            ("content/local/bun/chart.svg", svg),
        ],
    );
    let out = build_site(dir.path()).unwrap();
    let html = feed_content(&out);
    assert_eq!(
        attrs(&html, "figure img", "src"),
        ["https://example.org/local/bun/chart.svg"]
    );
    let notes = attrs(&html, "sup a", "href");
    assert_eq!(notes, ["https://example.org/local/bun/#fn-1"]);
    assert!(out.path().join("public/local/bun/chart.svg").is_file());
}

/// A call spread over lines, or with text after it, is published as
/// text, and says so.
#[test]
fn a_component_not_on_one_line_is_text_with_a_warning() {
    let body =
        "Intro.\n\n{{ pullquote(\n  text=\"Multi\") }}\n\n{{ pullquote(text=\"x\") }} and words\n";
    let dir = temp_site("", &[("content/local/m.md", &article("M", body))]);
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let lines: Vec<usize> = report
        .warnings
        .iter()
        .filter(|d| {
            d.message
                .starts_with("a component must stand alone on one line")
        })
        .map(|d| d.location.line)
        .collect();
    assert_eq!(lines, [7, 10]);
}
