//! What dateline draws from an article body beyond Markdown (issue 21):
//! the table of contents and footnotes that link both ways. Pages go
//! through an HTML parser.

mod common;

use std::collections::BTreeMap;

use common::*;
use scraper::Html;

/// A site in a temporary folder: `config` as `config.toml`, and files
/// under `content/`.
fn site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = format!("title = \"T\"\nbase_url = \"https://example.org/\"\n{config}");
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    for (rel, text) in files {
        let path = dir.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The article page of `content/world/<slug>.md`, built alone.
fn article_page(config: &str, slug: &str, front: &str, body: &str) -> Html {
    let text = format!("+++\ntitle = \"A story\"\ndate = 2025-09-01\n{front}+++\n{body}");
    let dir = site(config, &[(&format!("world/{slug}.md"), &text)]);
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let html = std::fs::read_to_string(report.output.join(format!("world/{slug}/index.html")));
    Html::parse_document(&html.unwrap())
}

/// How many elements have each `id` on the page.
fn ids(html: &Html) -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for id in attrs(html, "[id]", "id") {
        *count.entry(id).or_insert(0) += 1;
    }
    count
}

/// The element `href` (`#x`) points to on the page, by its class.
fn target_class(html: &Html, href: &str) -> String {
    let id = href.strip_prefix('#').unwrap_or_else(|| panic!("{href}"));
    let found = html.root_element().descendants().find_map(|n| {
        let e = n.value().as_element()?;
        (e.attr("id") == Some(id)).then(|| e.attr("class").unwrap_or("").to_string())
    });
    found.unwrap_or_else(|| panic!("nothing has the id {id}"))
}

const NOTES: &str = "\
The council voted on Tuesday[^vote], the second vote this year[^1].

## fn 1

The wall will cost more than planned[^1].

## Footnotes

[^vote]: By 31 votes to 9.

[^1]: The first was in March.
";

#[test]
fn footnotes_link_both_ways_and_no_id_is_on_the_page_twice() {
    // With the contents shown too, the page's every id-bearing part is there.
    let html = article_page("[theme]\ntoc_min_headings = 2\n", "notes", "", NOTES);
    assert_eq!(html.select(&sel("nav.toc")).count(), 1);
    let twice: Vec<_> = ids(&html).into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(twice.is_empty(), "ids used more than once: {twice:?}");
    assert_eq!(
        attrs(&html, ".story-body h2", "id"),
        ["fn-1", "footnotes"],
        "headings keep the ids their text gives"
    );
    let refs = attrs(&html, "sup.footnote-reference", "id");
    assert_eq!(refs, ["fnref-1", "fnref-2", "fnref-2-2"]);
    for href in attrs(&html, "sup.footnote-reference a", "href") {
        assert_eq!(target_class(&html, &href), "footnote-definition");
    }
    let back = attrs(&html, "a.footnote-backref", "href");
    assert_eq!(back, ["#fnref-1", "#fnref-2", "#fnref-2-2"]);
    for href in &back {
        assert_eq!(target_class(&html, href), "footnote-reference");
    }
    let note = attrs(&html, "div.footnote-definition", "id");
    assert_eq!(
        note,
        ["fn-1-1", "fn-2"],
        "the note yields to the heading `fn 1`"
    );
}

const SECTIONS: &str = "\
Intro.

## The vote

### Who voted for it

### Who voted against

#### A detail no contents list needs

## What it costs

## The vote
";

/// `(href, text)` of the links at `css`.
fn links(html: &Html, css: &str) -> Vec<(String, String)> {
    let hrefs = attrs(html, css, "href");
    hrefs.into_iter().zip(texts(html, css)).collect()
}

fn pair(href: &str, text: &str) -> (String, String) {
    (href.to_string(), text.to_string())
}

#[test]
fn the_contents_nest_and_link_to_the_headings_ids() {
    let html = article_page("", "sections", "", SECTIONS);
    let nav = "nav[aria-label='Contents']";
    assert_eq!(
        links(&html, &format!("{nav} > ol > li > a")),
        [
            pair("#the-vote", "The vote"),
            pair("#what-it-costs", "What it costs"),
            pair("#the-vote-1", "The vote"),
        ]
    );
    assert_eq!(
        links(&html, &format!("{nav} > ol > li > ol > li > a")),
        [
            pair("#who-voted-for-it", "Who voted for it"),
            pair("#who-voted-against", "Who voted against"),
        ]
    );
    let headings = attrs(&html, ".story-body :is(h2, h3)", "id");
    let linked: Vec<String> = attrs(&html, &format!("{nav} a"), "href");
    let linked: Vec<&str> = linked.iter().map(|h| &h[1..]).collect();
    assert_eq!(linked, headings, "every h2 and h3, in order, by its id");
    assert_eq!(html.select(&sel(nav)).count(), 1);
}

/// `(number of h2/h3 headings, toc_min_headings or none, shown)`.
#[test]
fn the_contents_are_shown_from_the_threshold_on() {
    let heads = |n: usize| {
        (0..n)
            .map(|i| format!("## Part {i}\n\nText.\n\n"))
            .collect::<String>()
    };
    let cases = [
        (2, None, false),
        (3, None, true),
        (2, Some(2), true),
        (9, Some(0), false),
        (1, Some(1), true),
    ];
    for (n, min, want) in cases {
        let config = min.map_or(String::new(), |m| {
            format!("[theme]\ntoc_min_headings = {m}\n")
        });
        let body = heads(n) + "#### Not counted\n\n##### Nor this\n";
        let html = article_page(&config, "parts", "", &body);
        let shown = html.select(&sel("nav.toc")).count() == 1;
        assert_eq!(shown, want, "{n} headings, toc_min_headings {min:?}");
    }
}

/// A heading's text goes through what a paragraph's does: its `@/` links
/// reach their articles (an empty one shows the target's headline), its
/// `javascript:` link is warned about, and the contents list its text.
#[test]
fn links_in_headings_resolve_like_links_in_paragraphs() {
    let story = "+++\ntitle = \"A story\"\ndate = 2025-09-01\n+++\n\
        ## See [the vote](@/world/vote.md) first\n\nText.\n\n\
        ## Read [](@/world/vote.md) now {#read}\n\nMore.\n\n\
        ## Odd [link](javascript:void(0))\n\nEnd.\n";
    let vote = "+++\ntitle = \"The vote\"\ndate = 2025-08-30\n+++\nBody.\n";
    let config = "[theme]\ntoc_min_headings = 3\n";
    let dir = site(
        config,
        &[("world/story.md", story), ("world/vote.md", vote)],
    );
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let html = std::fs::read_to_string(report.output.join("world/story/index.html")).unwrap();
    let html = Html::parse_document(&html);
    assert_eq!(
        attrs(&html, ".story-body h2 a", "href"),
        ["/world/vote/", "/world/vote/", "javascript:void(0)"]
    );
    assert_eq!(
        texts(&html, ".story-body h2"),
        ["See the vote first", "Read The vote now", "Odd link"]
    );
    assert_eq!(
        attrs(&html, ".story-body h2", "id"),
        ["see-the-vote-first", "read", "odd-link"]
    );
    assert_eq!(
        texts(&html, "nav.toc a"),
        ["See the vote first", "Read now", "Odd link"]
    );
    let warned: Vec<&str> = report.warnings.iter().map(|d| d.message.as_str()).collect();
    assert!(
        report
            .warnings
            .iter()
            .any(|d| d.location.line == 13 && d.message.contains("javascript:")),
        "{warned:?}"
    );
}
