//! `sitemap.xml`, the Google News sitemap `news-sitemap.xml`, and
//! `robots.txt` naming both, drawn by the templates `sitemap.xml`,
//! `sitemap_index.xml`, `news_sitemap.xml` and `robots.txt`.
//!
//! A sitemap holds at most 50,000 URLs and a news sitemap 1,000; beyond
//! that the file becomes an index of numbered parts. The news sitemap lists
//! only articles published in the two days before "now".

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::Templates;
use super::jobs::{self, Job};
use super::meta::{iso, modified};
use crate::content::live::State;
use crate::error::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::site::{Page, Site};

pub(crate) const SITEMAP_LIMIT: usize = 50_000;
pub(crate) const NEWS_LIMIT: usize = 1_000;
const NEWS_WINDOW_SECONDS: i64 = 2 * 24 * 3600;

/// A page for `sitemap.xml`: its path under the site and last change (RFC 3339).
pub(crate) struct Entry {
    pub(crate) path: String,
    pub(crate) lastmod: String,
}

/// One file this module writes; drawn, like pages, when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum File {
    /// `sitemap.xml`, or its part `n` (from 1) past [`SITEMAP_LIMIT`] URLs.
    Sitemap(Option<usize>),
    /// `sitemap.xml` as the index of the parts.
    SitemapIndex,
    /// `news-sitemap.xml`, or its part `n` past [`NEWS_LIMIT`] articles.
    News(Option<usize>),
    NewsIndex,
    Robots,
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

/// The files, given every other file's job (which says what the sitemap lists).
pub(crate) fn files(site: &Site, jobs: &[Job]) -> Vec<File> {
    let urls = jobs
        .par_iter()
        .filter(|j| jobs::in_sitemap(site, j))
        .count();
    let news = news_articles(site).count();
    let mut out = parts(urls, SITEMAP_LIMIT, File::Sitemap, File::SitemapIndex);
    out.extend(parts(news, NEWS_LIMIT, File::News, File::NewsIndex));
    out.push(File::Robots);
    out
}

fn parts(n: usize, limit: usize, part: fn(Option<usize>) -> File, index: File) -> Vec<File> {
    if n <= limit {
        return vec![part(None)];
    }
    let numbered = (1..=n.div_ceil(limit)).map(|k| part(Some(k)));
    numbered.chain([index]).collect()
}

pub(crate) fn path(f: File) -> String {
    match f {
        File::Sitemap(None) | File::SitemapIndex => "sitemap.xml".into(),
        File::Sitemap(Some(k)) => format!("sitemap-{k}.xml"),
        File::News(None) | File::NewsIndex => "news-sitemap.xml".into(),
        File::News(Some(k)) => format!("news-sitemap-{k}.xml"),
        File::Robots => "robots.txt".into(),
    }
}

/// The template that draws a file.
pub(crate) fn template(f: File) -> &'static str {
    match f {
        File::Sitemap(_) => "sitemap.xml",
        File::SitemapIndex | File::NewsIndex => "sitemap_index.xml",
        File::News(_) => "news_sitemap.xml",
        File::Robots => "robots.txt",
    }
}

/// Draws file `f`; `jobs` are the site's files, which the sitemap lists.
pub(crate) fn render(
    site: &Site,
    templates: &Templates,
    tera: &tera::Tera,
    site_value: Value,
    jobs: &[Job],
    f: File,
) -> Result<OutputFile, Diagnostic> {
    let chunk = |part: Option<usize>, limit: usize| match part {
        Some(k) => (k - 1) * limit..k * limit,
        None => 0..usize::MAX,
    };
    let news = || Value::from_serializable(&site.config.news);
    let vars = match f {
        File::Sitemap(part) => {
            let urls = sitemap_urls(site, jobs);
            let range = chunk(part, SITEMAP_LIMIT);
            let urls = &urls[range.start.min(urls.len())..range.end.min(urls.len())];
            vec![("entries", Value::from_serializable(&urls))]
        }
        File::News(part) => {
            let range = chunk(part, NEWS_LIMIT);
            let take = range.end - range.start;
            let articles: Vec<NewsView> =
                news_articles(site).skip(range.start).take(take).collect();
            vec![
                ("articles", Value::from_serializable(&articles)),
                ("news", news()),
            ]
        }
        File::SitemapIndex | File::NewsIndex => {
            let (part, n, limit): (fn(Option<usize>) -> File, usize, usize) = match f {
                File::SitemapIndex => {
                    (File::Sitemap, sitemap_urls(site, jobs).len(), SITEMAP_LIMIT)
                }
                _ => (File::News, news_articles(site).count(), NEWS_LIMIT),
            };
            let parts = (1..=n.div_ceil(limit)).map(|k| site.permalink(&path(part(Some(k)))));
            vec![(
                "sitemaps",
                Value::from(parts.map(Value::from).collect::<Vec<_>>()),
            )]
        }
        File::Robots => {
            let sitemaps = ["sitemap.xml", "news-sitemap.xml"].map(|s| site.permalink(s));
            // The CMS's admin pages (`dateline cms`) are for editors, not crawlers.
            let admin = site
                .statics
                .iter()
                .any(|f| crate::cms::is_admin(std::path::Path::new(&f.rel_path)));
            let disallow: Vec<String> = admin.then(|| site.url("admin/")).into_iter().collect();
            vec![
                ("sitemaps", Value::from_serializable(&sitemaps)),
                ("disallow", Value::from_serializable(&disallow)),
            ]
        }
    };
    let mut ctx = Context::new();
    ctx.insert_value("site", site_value);
    for (k, v) in vars {
        ctx.insert_value(k, v);
    }
    let rel_path = path(f);
    let text = tera.render(template(f), &ctx);
    let text = text.map_err(|e| templates.diagnostic(&e, Some(&rel_path)))?;
    Ok(OutputFile {
        rel_path,
        contents: Contents::Bytes(text.into_bytes()),
    })
}

fn sitemap_urls(site: &Site, jobs: &[Job]) -> Vec<UrlView> {
    let entries = jobs.par_iter().filter_map(|j| jobs::sitemap_entry(site, j));
    let urls = entries.map(|e| UrlView {
        loc: site.permalink(&e.path),
        lastmod: e.lastmod,
    });
    urls.collect()
}

/// The articles of the last two days, and the live blogs live now, which
/// are dated by their coverage's start.
fn news_articles(site: &Site) -> impl Iterator<Item = NewsView<'_>> {
    let now = site.now.timestamp().as_second();
    let is_live = |p: &Page| {
        let live = p.live.as_ref();
        live.is_some_and(|l| l.state(&site.now) == State::Live)
    };
    let listed = move |p: &&Page| {
        let age = now - p.date.timestamp().as_second();
        let recent = (0..NEWS_WINDOW_SECONDS).contains(&age);
        (recent || is_live(p)) && p.publishing.in_sitemap
    };
    site.articles.iter().filter(listed).map(|p| NewsView {
        loc: site.permalink(&p.path),
        title: &p.title,
        date: iso(p.live.as_ref().map_or(&p.date, |l| &l.coverage.start)),
    })
}

/// The last change of a list of articles (newest first): its newest item.
pub(crate) fn list_lastmod(
    site: &Site,
    articles: impl IntoIterator<Item = usize>,
) -> Option<String> {
    articles
        .into_iter()
        .map(|i| modified(&site.articles[i]))
        .max_by_key(|d| d.timestamp())
        .map(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beyond_the_limit_a_sitemap_becomes_an_index_of_parts() {
        let one = parts(5, 5, File::Sitemap, File::SitemapIndex);
        assert_eq!(one, [File::Sitemap(None)]);
        let many = parts(5, 2, File::Sitemap, File::SitemapIndex);
        let names: Vec<String> = many.iter().map(|f| path(*f)).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert_eq!(many[3], File::SitemapIndex);
    }
}
