//! `sitemap.xml`, the Google News sitemap `news-sitemap.xml`, and
//! `robots.txt` naming both.
//!
//! A sitemap holds at most 50,000 URLs and a news sitemap 1,000; beyond
//! that the file becomes an index of numbered parts. The news sitemap lists
//! only articles published in the two days before "now".

use rayon::prelude::*;

use super::meta::{iso, modified};
use super::{Contents, OutputFile};
use crate::site::Site;

pub const SITEMAP_LIMIT: usize = 50_000;
pub const NEWS_LIMIT: usize = 1_000;
const NEWS_WINDOW_SECONDS: i64 = 2 * 24 * 3600;

/// A page for `sitemap.xml`: its path under the site and last change (RFC 3339).
pub struct Entry {
    pub path: String,
    pub lastmod: String,
}

pub fn files(site: &Site, entries: &[Entry]) -> Vec<OutputFile> {
    let urls: Vec<String> = entries
        .par_iter()
        .map(|e| {
            format!(
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
                xml(&site.permalink(&e.path)),
                e.lastmod
            )
        })
        .collect();
    let news = news_urls(site);
    let permalink = |rel: &str| site.permalink(rel);
    let mut out = split(&permalink, "sitemap", &urls, SITEMAP_LIMIT, URLSET);
    out.extend(split(
        &permalink,
        "news-sitemap",
        &news,
        NEWS_LIMIT,
        NEWS_URLSET,
    ));
    out.push(file("robots.txt", robots(site)));
    out
}

const URLSET: &str = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#;
const NEWS_URLSET: &str = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">"#;
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

fn news_urls(site: &Site) -> Vec<String> {
    let now = site.now.timestamp().as_second();
    let n = &site.config.news;
    site.articles
        .iter()
        .filter(|p| {
            let age = now - p.date.timestamp().as_second();
            (0..NEWS_WINDOW_SECONDS).contains(&age) && p.publishing.in_sitemap
        })
        .map(|p| {
            format!(
                "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
                xml(&site.permalink(&p.path)),
                xml(&n.name),
                xml(&n.language),
                iso(&p.date),
                xml(&p.title)
            )
        })
        .collect()
}

/// `name.xml` with the URLs, or an index of `name-1.xml`, `name-2.xml`, ...
fn split(
    permalink: &dyn Fn(&str) -> String,
    name: &str,
    urls: &[String],
    limit: usize,
    urlset: &str,
) -> Vec<OutputFile> {
    // `{HEADER}{urlset}\n{lines joined by \n}\n</urlset>\n` in one buffer of
    // the final size: `join` then `format!` made the whole sitemap twice, on
    // the one thread while the others wait.
    let body = |chunk: &[String]| {
        let size = chunk.iter().map(|u| u.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(HEADER.len() + urlset.len() + size + 16);
        text.push_str(HEADER);
        text.push_str(urlset);
        text.push('\n');
        for (i, url) in chunk.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(url);
        }
        text.push_str("\n</urlset>\n");
        text
    };
    if urls.len() <= limit {
        return vec![file(&format!("{name}.xml"), body(urls))];
    }
    let mut out = Vec::new();
    let mut index =
        format!("{HEADER}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (k, chunk) in urls.chunks(limit).enumerate() {
        let part = format!("{name}-{}.xml", k + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml(&permalink(&part))
        ));
        out.push(file(&part, body(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    out.push(file(&format!("{name}.xml"), index));
    out
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        site.permalink("sitemap.xml"),
        site.permalink("news-sitemap.xml")
    )
}

fn file(rel_path: &str, text: String) -> OutputFile {
    OutputFile {
        rel_path: rel_path.to_string(),
        contents: Contents::Bytes(text.into_bytes()),
    }
}

/// The last change of a list of articles (newest first): its newest item.
pub fn list_lastmod(site: &Site, articles: impl IntoIterator<Item = usize>) -> Option<String> {
    articles
        .into_iter()
        .map(|i| modified(&site.articles[i]))
        .max_by_key(|d| d.timestamp())
        .map(iso)
}

pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: &OutputFile) -> &str {
        match &f.contents {
            Contents::Bytes(b) => std::str::from_utf8(b).unwrap(),
            Contents::Copy(_) => panic!("generated files are bytes"),
        }
    }

    #[test]
    fn beyond_the_limit_the_sitemap_becomes_an_index() {
        let urls: Vec<String> = (0..5)
            .map(|i| format!("<url><loc>https://e.org/{i}/</loc></url>"))
            .collect();
        let permalink = |rel: &str| format!("https://e.org/{rel}");
        let one = split(&permalink, "sitemap", &urls, 5, URLSET);
        assert_eq!(one.len(), 1);
        let many = split(&permalink, "sitemap", &urls, 2, URLSET);
        let names: Vec<&str> = many.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = roxmltree::Document::parse(text(&many[3])).unwrap();
        let locs: Vec<&str> = index
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(
            locs,
            [
                "https://e.org/sitemap-1.xml",
                "https://e.org/sitemap-2.xml",
                "https://e.org/sitemap-3.xml"
            ]
        );
        let part = roxmltree::Document::parse(text(&many[2])).unwrap();
        assert_eq!(
            part.descendants().filter(|n| n.has_tag_name("url")).count(),
            1
        );
    }
}
