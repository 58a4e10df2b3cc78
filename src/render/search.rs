//! The search index: each published article as a small HTML document that
//! the `pagefind` crate indexes in-process, its files published under
//! `/pagefind/` for the theme's `/search/` page.
//!
//! The document holds what a reader searches for (headline, standfirst,
//! byline, label, dateline, body text) and, in an element Pagefind reads
//! but does not index, the filters, sort key and what a result shows. Pull
//! quotes, embeds, "also read" boxes and navigation are left out: they
//! repeat other text or are not the story's.

use std::convert::Infallible;
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use pulldown_cmark_escape::{escape_html, escape_html_body_text};

use super::views::asset_url;
use crate::config::SearchFilter;
use crate::error::{Diagnostic, Location};
use crate::markdown::{self, Block};
use crate::output::{Contents, OutputFile};
use crate::site::{Page, Site};

/// Where the index is published, under the site root.
pub(crate) const DIR: &str = "pagefind/";

/// The search page, under the site root.
pub(crate) const PAGE: &str = "search/";

/// The index's files, or nothing when `[search]` is off.
pub(crate) fn files(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    let files = files_unless(site, &AtomicBool::new(false))?;
    let file = |(rel_path, bytes)| OutputFile {
        rel_path,
        contents: Contents::Bytes(bytes),
    };
    Ok(files.into_iter().map(file).collect())
}

/// [`files`], given up (an error) once `stop` is set: `serve` indexes in the
/// background and stops when a newer save replaces the build.
pub(crate) fn files_unless(
    site: &Site,
    stop: &AtomicBool,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    if !site.config.search.enabled {
        return Ok(Vec::new());
    }
    let failed = |e: &dyn std::fmt::Display| {
        let config = crate::content::display_path(&site.config.root, crate::config::CONFIG_FILE);
        Diagnostic::error(
            Location::file(&config),
            format!("the search index could not be built: {e}"),
        )
    };
    // Pagefind's API is async; one thread runs it (the crate adds a thread
    // for each page it reads, one at a time).
    let runtime = tokio::runtime::Builder::new_current_thread().build();
    let runtime = runtime.map_err(|e| failed(&e))?;
    let files = runtime
        .block_on(index(site, stop))
        .map_err(|e| failed(&e))?;
    let name = |f: &std::path::Path| f.to_string_lossy().replace('\\', "/");
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (format!("{DIR}{}", name(&f.filename)), f.contents))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Pagefind's errors (`anyhow`'s) as text.
async fn index(
    site: &Site,
    stop: &AtomicBool,
) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    let language = site.config.language.split('-').next().unwrap_or("en");
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_ascii_lowercase())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(text)?;
    for p in indexed(site) {
        if stop.load(Ordering::Relaxed) {
            return Err("a newer build replaced this one".into());
        }
        // Site-relative: Pagefind's script puts the site's path in front,
        // from where `pagefind.js` is (`/news/pagefind/` gives `/news/`).
        let url = format!("/{}", p.path);
        let added = index
            .add_html_file(None, Some(url), document(site, p)?)
            .await;
        added.map_err(text)?;
    }
    index.get_files().await.map_err(text)
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Article `p` as the document Pagefind indexes.
fn document(site: &Site, p: &Page) -> Result<String, String> {
    let search = &site.config.search;
    let mut d = String::with_capacity(p.html.len() + 1024);
    let lang = &site.config.language;
    d.push_str("<html lang=\"");
    let _ = escape_html(&mut d, lang);
    d.push_str("\"><body>");
    // The fields first and the text in a body element of its own: raw HTML
    // in an article (an unclosed element, its own `data-pagefind-body`)
    // can then neither swallow the filters nor change what other pages index.
    hidden(site, p, &mut d);
    let _ = write!(
        d,
        "<main data-pagefind-body><h1 data-pagefind-weight=\"{}\">",
        search.headline_weight
    );
    let _ = escape_html_body_text(&mut d, &p.title);
    let _ = write!(
        d,
        "</h1><p data-pagefind-weight=\"{}\">",
        search.standfirst_weight
    );
    let _ = escape_html_body_text(&mut d, &p.summary);
    d.push_str("</p><p>");
    let _ = escape_html_body_text(&mut d, &byline(site, p));
    for s in [label(p), p.house.dateline.as_deref()]
        .into_iter()
        .flatten()
    {
        d.push(' ');
        let _ = escape_html_body_text(&mut d, s);
    }
    d.push_str("</p>");
    d.push_str(&body(p)?);
    d.push_str("</main></body></html>");
    Ok(d)
}

/// The body, with the text of fact boxes and without pull quotes, embeds
/// or "also read" boxes.
fn body(p: &Page) -> Result<String, String> {
    let draw = |block: Block<'_>| -> Result<String, Infallible> {
        Ok(match block {
            Block::Component(c, body) if c.name == "factbox" => body.unwrap_or_default(),
            _ => String::new(),
        })
    };
    let Ok(mut html) = markdown::fill(&p.html()?, &p.links, &p.components, draw);
    // A live blog's updates are its text too.
    for u in p.live.iter().flat_map(|l| &l.updates) {
        html.push_str("<h2>");
        let _ = escape_html_body_text(&mut html, &u.title);
        html.push_str("</h2>");
        let Ok(body) = markdown::fill(&u.html, &p.links, &p.components, draw);
        html.push_str(&body);
    }
    Ok(html)
}

fn byline(site: &Site, p: &Page) -> String {
    let names: Vec<&str> = p
        .authors
        .iter()
        .map(|&a| site.authors[a].name.as_str())
        .collect();
    names.join(", ")
}

fn label(p: &Page) -> Option<&str> {
    p.house
        .kicker
        .as_deref()
        .or(p.house.label.as_ref().map(|l| l.name.as_str()))
}

/// What Pagefind reads but does not index: filters, the sort key and the
/// fields a result shows.
fn hidden(site: &Site, p: &Page, d: &mut String) {
    d.push_str("<div data-pagefind-ignore>");
    let mut tag = |attr: &str, key: &str, value: &str| {
        let _ = write!(d, "<span {attr}=\"{key}\">");
        let _ = escape_html_body_text(&mut *d, value);
        d.push_str("</span>");
    };
    for f in &site.config.search.filters {
        for value in filter_values(site, p, *f) {
            tag("data-pagefind-filter", f.name(), &value);
        }
    }
    tag(
        "data-pagefind-sort",
        "date",
        &p.date.timestamp().as_second().to_string(),
    );
    tag("data-pagefind-meta", "title", &p.title);
    tag(
        "data-pagefind-meta",
        "date",
        &p.date.strftime("%-d %B %Y").to_string(),
    );
    tag("data-pagefind-meta", "datetime", &super::meta::iso(&p.date));
    let byline = byline(site, p);
    if !byline.is_empty() {
        tag("data-pagefind-meta", "byline", &byline);
    }
    if let Some(kicker) = label(p) {
        tag("data-pagefind-meta", "kicker", kicker);
    }
    if let Some(c) = p.category {
        tag("data-pagefind-meta", "section", &site.categories[c].name);
    }
    if let Some(img) = &p.image {
        tag("data-pagefind-meta", "image", &thumbnail(site, img));
        tag("data-pagefind-meta", "image_alt", &img.alt);
    }
    d.push_str("</div>");
}

/// The year the date archives file the article under.
fn year(site: &Site, p: &Page) -> i16 {
    crate::site::archives::filed_under(p, &site.config).year()
}

/// A result's picture: the narrowest 16:9 variant in the source's format,
/// else the picture as published (SVG, GIF, another site's).
fn thumbnail(site: &Site, img: &crate::content::image::Image) -> String {
    let raster = site.images.image(img).and_then(|p| p.raster.as_ref());
    let narrowest = raster
        .and_then(|r| r.wide.as_ref())
        .and_then(|set| set.of(set.original).next());
    match narrowest {
        Some(v) => site.url(&v.rel_path),
        None => asset_url(site, &img.src),
    }
}

fn filter_values(site: &Site, p: &Page, f: SearchFilter) -> Vec<String> {
    match f {
        SearchFilter::Category => p
            .category
            .map(|c| site.categories[c].name.clone())
            .into_iter()
            .collect(),
        SearchFilter::Author => p
            .authors
            .iter()
            .map(|&a| site.authors[a].name.clone())
            .collect(),
        SearchFilter::Tag => p.tags.iter().map(|&t| site.tags[t].name.clone()).collect(),
        SearchFilter::Year => vec![year(site, p).to_string()],
    }
}

/// The search page's `search` variable: where the index is, how many
/// articles it holds and what it can be narrowed by.
#[derive(serde::Serialize)]
pub(crate) struct SearchView {
    /// The URL of Pagefind's script (`/pagefind/pagefind.js`).
    pub(crate) script: String,
    /// The page's own URL, which the form submits to.
    pub(crate) url: String,
    /// Articles in the index; with none, Pagefind writes no files.
    pub(crate) count: usize,
    pub(crate) filters: Vec<FilterView>,
}

/// One filter of the search form: its name (`category`), its label and
/// the values indexed articles have, in the order the form lists them.
#[derive(serde::Serialize)]
pub(crate) struct FilterView {
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) values: Vec<String>,
}

impl SearchView {
    pub(crate) fn new(site: &Site) -> Self {
        let root = site.config.root_path();
        let filters = site.config.search.filters.iter().map(|&f| FilterView {
            name: f.name(),
            label: filter_label(f),
            values: form_values(site, f),
        });
        SearchView {
            script: format!("{root}{DIR}pagefind.js"),
            url: format!("{root}{PAGE}"),
            count: indexed(site).count(),
            filters: filters.collect(),
        }
    }
}

/// The articles the index holds.
fn indexed(site: &Site) -> impl Iterator<Item = &Page> {
    site.articles.iter().filter(|p| p.publishing.in_sitemap)
}

fn filter_label(f: SearchFilter) -> &'static str {
    match f {
        SearchFilter::Category => "Section",
        SearchFilter::Author => "Author",
        SearchFilter::Tag => "Tag",
        SearchFilter::Year => "Year",
    }
}

/// The values indexed articles have: sections in the site's order,
/// authors and tags by name, years newest first.
fn form_values(site: &Site, f: SearchFilter) -> Vec<String> {
    let mut values: Vec<String> = indexed(site)
        .flat_map(|p| filter_values(site, p, f))
        .collect();
    match f {
        SearchFilter::Category => {
            let order = |name: &String| site.categories.iter().position(|c| &c.name == name);
            values.sort_by_key(order);
        }
        SearchFilter::Year => values.sort_by(|a, b| b.cmp(a)),
        _ => values.sort_by_key(|v| v.to_lowercase()),
    }
    values.dedup();
    values
}
