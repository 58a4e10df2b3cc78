//! RSS 2.0 and Atom 1.0 feeds for the site, each category, each author,
//! (when `[feeds] tags = true`) each tag and the corrections log, drawn by
//! the theme's `feeds/rss.xml` and `feeds/atom.xml`.

use std::borrow::Cow;

use serde::Serialize;

use super::meta::{iso, modified, origin};
use super::views::{author_path, category_path, tag_path};
use crate::site::{Page, Site};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedOf {
    Site,
    Category(usize),
    Author(usize),
    Tag(usize),
    /// The corrections log (see `corrections`).
    Corrections,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Rss,
    Atom,
}

impl Format {
    pub(crate) fn template(self) -> &'static str {
        match self {
            Format::Rss => "feeds/rss.xml",
            Format::Atom => "feeds/atom.xml",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
        }
    }
}

/// Every feed of the site.
pub(crate) fn all(site: &Site) -> Vec<FeedOf> {
    let mut feeds = vec![FeedOf::Site];
    feeds.extend((0..site.categories.len()).map(FeedOf::Category));
    feeds.extend((0..site.authors.len()).map(FeedOf::Author));
    if site.config.feeds.tags {
        feeds.extend((0..site.tags.len()).map(FeedOf::Tag));
    }
    feeds.push(FeedOf::Corrections);
    feeds
}

/// The feed's file path under the output folder.
pub(crate) fn path(site: &Site, of: FeedOf, format: Format) -> String {
    format!("{}{}", base(site, of), format.file())
}

fn base(site: &Site, of: FeedOf) -> String {
    match of {
        FeedOf::Site => String::new(),
        FeedOf::Category(i) => category_path(&site.categories[i]),
        FeedOf::Author(i) => author_path(&site.authors[i]),
        FeedOf::Tag(i) => tag_path(&site.tags[i]),
        FeedOf::Corrections => super::corrections::BASE.to_string(),
    }
}

#[derive(Serialize)]
pub(crate) struct FeedView<'a> {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) language: &'a str,
    /// The HTML page the feed follows.
    pub(crate) link: String,
    /// The feed's own URL.
    pub(crate) self_url: String,
    /// RFC 3339: the newest change among the items (stable between builds).
    pub(crate) updated: String,
    /// Named as the feed's author, for entries without a byline.
    pub(crate) publisher: &'a str,
    pub(crate) items: Vec<FeedItem<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FeedItem<'a> {
    pub(crate) title: Cow<'a, str>,
    pub(crate) link: String,
    pub(crate) published: String,
    /// RFC 2822, for RSS.
    pub(crate) pub_date: String,
    pub(crate) updated: String,
    pub(crate) authors: Vec<FeedAuthor<'a>>,
    pub(crate) categories: Vec<&'a str>,
    pub(crate) summary: &'a str,
    /// The whole article with absolute URLs, unless feeds carry summaries only.
    pub(crate) content: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct FeedAuthor<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
}

/// `body` draws an article's body (with its inline boxes).
pub(crate) fn view<'a>(
    site: &'a Site,
    of: FeedOf,
    format: Format,
    body: &dyn Fn(&'a Page) -> tera::TeraResult<String>,
) -> tera::TeraResult<FeedView<'a>> {
    let c = &site.config;
    let (name, list): (&str, &[usize]) = match of {
        FeedOf::Site => (&c.title, &[]),
        FeedOf::Category(i) => (&site.categories[i].name, &site.categories[i].articles),
        FeedOf::Author(i) => (&site.authors[i].name, &site.authors[i].articles),
        FeedOf::Tag(i) => (&site.tags[i].name, &site.tags[i].articles),
        FeedOf::Corrections => return Ok(super::corrections::feed(site, format)),
    };
    let ids: Vec<usize> = match of {
        FeedOf::Site => (0..site.articles.len().min(c.feeds.limit)).collect(),
        _ => list.iter().copied().take(c.feeds.limit).collect(),
    };
    let items = ids
        .iter()
        .map(|&i| item(site, &site.articles[i], body))
        .collect::<tera::TeraResult<Vec<_>>>()?;
    let updated = ids
        .iter()
        .map(|&i| modified(&site.articles[i]))
        .max_by_key(|d| d.timestamp());
    Ok(FeedView {
        title: if of == FeedOf::Site {
            c.title.clone()
        } else {
            format!("{name} | {}", c.title)
        },
        description: match of {
            FeedOf::Site => c.description.clone(),
            _ => own_description(site, of).unwrap_or_else(|| format!("The latest from {name}")),
        },
        language: &c.language,
        link: site.permalink(&base(site, of)),
        self_url: site.permalink(&path(site, of, format)),
        updated: updated.map_or_else(|| iso(&site.now), iso),
        publisher: &c.publisher.name,
        items,
    })
}

/// What a section's or tag's own page says it is about.
fn own_description(site: &Site, of: FeedOf) -> Option<String> {
    let page = match of {
        FeedOf::Category(i) => site.term_pages.categories[i].as_ref(),
        FeedOf::Tag(i) => site.term_pages.tags[i].as_ref(),
        _ => None,
    };
    page.and_then(|p| p.description.clone())
}

fn item<'a>(
    site: &'a Site,
    p: &'a Page,
    body: &dyn Fn(&'a Page) -> tera::TeraResult<String>,
) -> tera::TeraResult<FeedItem<'a>> {
    // The label first: readers filter opinion and sponsored content by it.
    let label = p.house.label.as_ref().map(|l| l.name.as_str());
    let mut categories: Vec<&str> = label.into_iter().collect();
    categories.extend(
        p.category
            .iter()
            .chain(&p.categories)
            .map(|&c| site.categories[c].name.as_str()),
    );
    categories.extend(p.tags.iter().map(|&t| site.tags[t].name.as_str()));
    let content = match site.config.feeds.full_content {
        true => Some(absolute_urls(site, &body(p)?, &site.permalink(&p.path))),
        false => None,
    };
    Ok(FeedItem {
        title: Cow::Borrowed(&p.title),
        link: site.permalink(&p.path),
        published: iso(&p.date),
        pub_date: rfc2822(&p.date),
        updated: iso(modified(p)),
        authors: p
            .authors
            .iter()
            .map(|&a| FeedAuthor {
                name: &site.authors[a].name,
                url: site.permalink(&author_path(&site.authors[a])),
            })
            .collect(),
        categories,
        summary: &p.summary,
        content,
    })
}

/// RFC 2822, as RSS dates are written.
pub(crate) fn rfc2822(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// Feed readers show content away from the site: root-relative links
/// (`href="/x"`, `src="/x"`) become absolute, and so do links relative to
/// the article's page (`page`, its absolute URL): a page bundle's
/// `src="chart.svg"`, a footnote's `href="#fn-1"`.
pub(crate) fn absolute_urls(site: &Site, html: &str, page: &str) -> String {
    let origin = origin(&site.config.base_url);
    let base = url::Url::parse(page).ok();
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let finder = memchr::memmem::Finder::new("=\"");
    while let Some(i) = finder.find(rest.as_bytes()) {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        rest = after;
        if !(before.ends_with(" href=\"") || before.ends_with(" src=\"")) {
            continue;
        }
        let value = &after[..after.find('"').unwrap_or(after.len())];
        if value.starts_with('/') && !value.starts_with("//") {
            out.push_str(&origin);
        } else if let Some(joined) = base
            .as_ref()
            .filter(|_| relative(value))
            .and_then(|b| b.join(value).ok())
        {
            out.push_str(joined.as_str());
            rest = &after[value.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether an attribute's URL is relative to its page: no scheme, no `/`
/// in front, not empty.
fn relative(value: &str) -> bool {
    let scheme = value.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !value.is_empty() && !value.starts_with('/') && !scheme
}
