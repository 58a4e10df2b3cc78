//! `sitemap.xml`, the Google News sitemap `news-sitemap.xml`, and
//! `robots.txt` naming both, drawn by the templates `sitemap.xml`,
//! `sitemap_index.xml`, `news_sitemap.xml` and `robots.txt`.
//!
//! A sitemap holds at most 50,000 URLs and a news sitemap 1,000; beyond
//! that the file becomes an index of numbered parts. The news sitemap lists
//! only articles published in the two days before "now".

use serde::Serialize;
use tera::{Context, Value};

use super::meta::{iso, modified};
use super::{Contents, OutputFile, Templates};
use crate::error::Diagnostic;
use crate::site::Site;

pub const SITEMAP_LIMIT: usize = 50_000;
pub const NEWS_LIMIT: usize = 1_000;
const NEWS_WINDOW_SECONDS: i64 = 2 * 24 * 3600;

/// A page for `sitemap.xml`: its path under the site and last change (RFC 3339).
pub struct Entry {
    pub path: String,
    pub lastmod: String,
}

/// One `<url>` of `sitemap.xml`.
#[derive(Serialize)]
struct UrlView {
    loc: String,
    lastmod: String,
}

/// One `<url>` of `news-sitemap.xml`.
#[derive(Serialize)]
struct NewsView<'a> {
    loc: String,
    title: &'a str,
    /// Publication date, RFC 3339.
    date: String,
}

/// What a sitemap template draws besides `site`.
struct Draw<'a> {
    templates: &'a Templates,
    site_value: &'a Value,
}

impl Draw<'_> {
    fn file(
        &self,
        name: &str,
        rel_path: &str,
        vars: &[(&str, Value)],
    ) -> Result<OutputFile, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        for (k, v) in vars {
            ctx.insert_value(k.to_string(), v.clone());
        }
        let text = self.templates.tera.render(name, &ctx);
        let text = text.map_err(|e| self.templates.diagnostic(&e, Some(rel_path)))?;
        Ok(OutputFile {
            rel_path: rel_path.to_string(),
            contents: Contents::Bytes(text.into_bytes()),
        })
    }
}

pub fn files(
    site: &Site,
    templates: &Templates,
    site_value: &Value,
    entries: Vec<Entry>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let draw = Draw {
        templates,
        site_value,
    };
    let urls: Vec<UrlView> = entries
        .into_iter()
        .map(|e| UrlView {
            loc: site.permalink(&e.path),
            lastmod: e.lastmod,
        })
        .collect();
    let mut out = split(
        site,
        &draw,
        ("sitemap", "sitemap.xml", "entries"),
        &urls,
        SITEMAP_LIMIT,
    )?;
    let news = news_articles(site);
    out.extend(split(
        site,
        &draw,
        ("news-sitemap", "news_sitemap.xml", "articles"),
        &news,
        NEWS_LIMIT,
    )?);
    let sitemaps = ["sitemap.xml", "news-sitemap.xml"].map(|s| site.permalink(s));
    out.push(draw.file(
        "robots.txt",
        "robots.txt",
        &[("sitemaps", Value::from_serializable(&sitemaps))],
    )?);
    Ok(out)
}

fn news_articles(site: &Site) -> Vec<NewsView<'_>> {
    let now = site.now.timestamp().as_second();
    site.articles
        .iter()
        .filter(|p| {
            let age = now - p.date.timestamp().as_second();
            (0..NEWS_WINDOW_SECONDS).contains(&age) && p.publishing.in_sitemap
        })
        .map(|p| NewsView {
            loc: site.permalink(&p.path),
            title: &p.title,
            date: iso(&p.date),
        })
        .collect()
}

/// `name.xml` drawn by `template` with the items as `var`, or, past
/// `limit` items, an index of `name-1.xml`, `name-2.xml`, ...
fn split<T: Serialize>(
    site: &Site,
    draw: &Draw<'_>,
    (name, template, var): (&str, &str, &str),
    items: &[T],
    limit: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let news = Value::from_serializable(&site.config.news);
    let part = |rel: &str, chunk: &[T]| {
        draw.file(
            template,
            rel,
            &[
                (var, Value::from_serializable(&chunk)),
                ("news", news.clone()),
            ],
        )
    };
    if items.len() <= limit {
        return Ok(vec![part(&format!("{name}.xml"), items)?]);
    }
    let mut out = Vec::new();
    let mut parts = Vec::new();
    for (k, chunk) in items.chunks(limit).enumerate() {
        let rel = format!("{name}-{}.xml", k + 1);
        out.push(part(&rel, chunk)?);
        parts.push(site.permalink(&rel));
    }
    let index = [("sitemaps", Value::from_serializable(&parts))];
    out.push(draw.file("sitemap_index.xml", &format!("{name}.xml"), &index)?);
    Ok(out)
}

/// The last change of a list of articles (newest first): its newest item.
pub fn list_lastmod(site: &Site, articles: impl IntoIterator<Item = usize>) -> Option<String> {
    articles
        .into_iter()
        .map(|i| modified(&site.articles[i]))
        .max_by_key(|d| d.timestamp())
        .map(iso)
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
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let req = crate::BuildRequest {
            root,
            output: None,
            base_url: Some("https://e.org/".into()),
            drafts: false,
            future: false,
            now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        };
        let (site, templates, _) = crate::load(&req, &mut crate::Timings::default()).unwrap();
        let draw = Draw {
            templates: &templates,
            site_value: &Value::none(),
        };
        let urls: Vec<UrlView> = (0..5)
            .map(|i| UrlView {
                loc: format!("https://e.org/{i}/"),
                lastmod: "2025-01-01T00:00:00+00:00".into(),
            })
            .collect();
        let names = ("sitemap", "sitemap.xml", "entries");
        let one = split(&site, &draw, names, &urls, 5).unwrap();
        assert_eq!(one.len(), 1);
        let many = split(&site, &draw, names, &urls, 2).unwrap();
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
