//! `page.head_tags`: the `<head>` tags written for other programs rather
//! than for the theme's look: feed links, Open Graph, `article:`, Twitter
//! card and the JSON-LD documents. Like Hugo's internal `opengraph`,
//! `twitter_cards` and `schema` templates or Jekyll's `{% seo %}`, they are
//! made here in one pass: drawn by `partials/head.html` from `page` fields,
//! they were a fifth of an article page's template work. A theme that wants
//! other tags writes them from the same `page` and `article` fields instead.

use super::meta::{PageMeta, iso, modified};
use super::views::author_path;
use crate::site::Site;

/// The tags, one per line, values escaped as templates escape them.
pub fn tags(site: &Site, m: &PageMeta) -> String {
    let docs: usize = m.jsonld.iter().map(String::len).sum();
    let mut w = Writer(String::with_capacity(2048 + docs));
    for f in &m.feeds {
        w.raw("<link rel=\"alternate\" type=\"");
        w.text(f.mime);
        w.raw("\" title=\"");
        w.text(&f.title);
        w.raw("\" href=\"");
        w.text(&f.url);
        w.raw("\">\n");
    }
    let article = m.article.map(|i| &site.articles[i]);
    let image = m.image.as_deref().filter(|i| !i.is_empty());
    w.meta("property", "og:site_name", &site.config.title);
    w.meta(
        "property",
        "og:title",
        article.map_or(&m.title, |p| &p.title),
    );
    w.meta("property", "og:url", &m.canonical);
    let kind = if article.is_some() {
        "article"
    } else {
        "website"
    };
    w.meta("property", "og:type", kind);
    w.meta("property", "og:locale", &site.config.language);
    if !m.description.is_empty() {
        w.meta("property", "og:description", &m.description);
    }
    if let Some(image) = image {
        w.meta("property", "og:image", image);
    }
    if let Some(p) = article {
        w.meta("property", "article:published_time", &iso(&p.date));
        w.meta("property", "article:modified_time", &iso(modified(p)));
        if let Some(c) = p.category {
            w.meta("property", "article:section", &site.categories[c].name);
        }
        for &a in &p.authors {
            let url = site.permalink(&author_path(&site.authors[a]));
            w.meta("property", "article:author", &url);
        }
        for &t in &p.tags {
            w.meta("property", "article:tag", &site.tags[t].name);
        }
    }
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    w.meta("name", "twitter:card", card);
    if let Some(handle) = m.twitter_site.as_deref().filter(|h| !h.is_empty()) {
        w.meta("name", "twitter:site", handle);
    }
    for doc in &m.jsonld {
        w.raw("<script type=\"application/ld+json\">");
        w.raw(doc);
        w.raw("</script>\n");
    }
    w.0
}

struct Writer(String);

impl Writer {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// Escaped as templates print values: tera's `escape_html` is this
    /// function (its `fast` features, which dateline turns on).
    fn text(&mut self, s: &str) {
        // Writing to a `String` cannot fail.
        let _ = pulldown_cmark_escape::escape_html(&mut self.0, s);
    }

    /// `<meta property="og:title" content="...">` and its line end.
    fn meta(&mut self, attr: &str, key: &str, content: &str) {
        self.raw("<meta ");
        self.raw(attr);
        self.raw("=\"");
        self.raw(key);
        self.raw("\" content=\"");
        self.text(content);
        self.raw("\">\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let req = crate::BuildRequest {
            root,
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        };
        crate::load(&req, &mut crate::Timings::default()).unwrap().0
    }

    fn contents(html: &Html, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        let attr = |e: scraper::ElementRef| e.value().attr("content").unwrap_or("").to_string();
        html.select(&sel).map(attr).collect()
    }

    #[test]
    fn values_are_escaped_as_templates_escape_them() {
        let site = site();
        let title = r#"Quotes " and <b>tags</b> & 'apostrophes'"#;
        let mut m = PageMeta::new(&site, "home", title.into(), "a < b".into(), "");
        m.twitter_site = Some("@desk\"".into());
        let head = tags(&site, &m);
        let html = Html::parse_fragment(&head);
        assert_eq!(contents(&html, "meta[property='og:title']"), [title]);
        assert_eq!(
            contents(&html, "meta[property='og:description']"),
            ["a < b"]
        );
        assert_eq!(contents(&html, "meta[name='twitter:site']"), ["@desk\""]);
        assert_eq!(contents(&html, "meta[property='og:type']"), ["website"]);
        // Nothing but the tags: no element came from the values.
        let all = Selector::parse("*").unwrap();
        let names: Vec<&str> = html.select(&all).map(|e| e.value().name()).collect();
        assert!(
            names.iter().all(|n| ["html", "meta", "link"].contains(n)),
            "{names:?}"
        );
    }

    #[test]
    fn an_article_gets_its_own_title_dates_section_authors_and_tags() {
        let site = site();
        let (i, p) = site
            .articles
            .iter()
            .enumerate()
            .find(|(_, p)| p.tags.len() > 1)
            .unwrap();
        let mut m = PageMeta::new(
            &site,
            "article",
            "Page title".into(),
            String::new(),
            &p.path,
        );
        m.article = Some(i);
        let html = Html::parse_fragment(&tags(&site, &m));
        assert_eq!(
            contents(&html, "meta[property='og:title']"),
            [p.title.as_str()]
        );
        assert_eq!(contents(&html, "meta[property='og:type']"), ["article"]);
        assert!(contents(&html, "meta[property='og:description']").is_empty());
        assert_eq!(
            contents(&html, "meta[property='article:published_time']"),
            [iso(&p.date)]
        );
        let tags: Vec<&str> = p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
        assert_eq!(contents(&html, "meta[property='article:tag']"), tags);
        assert_eq!(
            contents(&html, "meta[property='article:author']").len(),
            p.authors.len()
        );
    }

    proptest::proptest! {
        #[test]
        fn text_is_escaped_as_tera_escapes(text in "[a-z<>&\"' é]{0,40}") {
            let mut w = Writer(String::new());
            w.text(&text);
            let mut tera = Vec::new();
            tera::escape_html(&text, &mut tera).unwrap();
            proptest::prop_assert_eq!(w.0.as_bytes(), tera.as_slice());
        }
    }
}
