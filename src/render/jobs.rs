//! Every file the templates draw, as a list of jobs rendered in parallel.

use super::Counts;
use super::feeds::{self, FeedOf, Format};
use super::meta::{iso, modified};
use super::series::series_path;
use super::sitemaps::{self, Entry, list_lastmod};
use super::views::{author_path, category_path, tag_path};
use super::{archive, corrections};
use crate::site::{Site, archives};

/// A list page: page `number` (1-based) of `total`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slice {
    pub(crate) number: usize,
    pub(crate) total: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Job {
    Article(usize),
    Home(Slice),
    Category(usize, Slice),
    Author(usize, Slice),
    Tag(usize, Slice),
    /// A series page, its parts in part order.
    Series(usize, Slice),
    Categories,
    Authors,
    Tags,
    NotFound,
    /// Period `usize` of `site.archives`.
    Archive(usize, Slice),
    /// The archive index.
    Archives,
    /// The corrections log.
    Corrections(Slice),
    /// The search page (`[search]` on).
    Search,
    Feed(FeedOf, Format),
    /// A redirect from an article's old path (`aliases`): (article, alias).
    Alias(usize, usize),
    /// A sitemap or `robots.txt`.
    Generated(sitemaps::File),
    /// A host's redirect file (`[redirects] formats`).
    Host(crate::config::HostFormat),
    /// `_headers` (`[output] headers`).
    Headers,
}

pub(crate) fn all(site: &Site) -> Vec<Job> {
    let per = site.config.paginate;
    let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
    jobs.extend(slices(site.articles.len().saturating_sub(1), per).map(Job::Home));
    for (i, t) in site.categories.iter().enumerate() {
        jobs.extend(slices(t.articles.len(), per).map(|s| Job::Category(i, s)));
    }
    for (i, a) in site.authors.iter().enumerate() {
        jobs.extend(slices(a.articles.len(), per).map(|s| Job::Author(i, s)));
    }
    for (i, t) in site.tags.iter().enumerate() {
        jobs.extend(slices(t.articles.len(), per).map(|s| Job::Tag(i, s)));
    }
    for (i, x) in site.series.iter().enumerate() {
        jobs.extend(slices(x.articles.len(), per).map(|s| Job::Series(i, s)));
    }
    jobs.extend([Job::Categories, Job::Authors, Job::Tags, Job::NotFound]);
    for (i, p) in site.archives.iter().enumerate() {
        jobs.extend(slices(p.articles.len(), per).map(|s| Job::Archive(i, s)));
    }
    if site.config.archives.enabled {
        jobs.push(Job::Archives);
    }
    jobs.extend(slices(site.corrections.len(), per).map(Job::Corrections));
    if site.config.search.enabled {
        jobs.push(Job::Search);
    }
    for of in feeds::all(site) {
        jobs.extend([Job::Feed(of, Format::Rss), Job::Feed(of, Format::Atom)]);
    }
    for (i, p) in site.articles.iter().enumerate() {
        jobs.extend((0..p.publishing.aliases.len()).map(|k| Job::Alias(i, k)));
    }
    jobs
}

fn slices(len: usize, per: usize) -> impl Iterator<Item = Slice> {
    let total = len.div_ceil(per).max(1);
    (1..=total).map(move |number| Slice { number, total })
}

pub(crate) fn count(jobs: &[Job]) -> Counts {
    let mut c = Counts::default();
    for j in jobs {
        match j {
            Job::Article(_) => c.articles += 1,
            Job::Category(..) => c.categories += 1,
            Job::Author(..) => c.authors += 1,
            Job::Tag(..) => c.tags += 1,
            Job::Feed(..) => c.feeds += 1,
            _ => c.other += 1,
        }
    }
    c
}

/// The URL path (under the site root) of a list's page `n`.
pub(crate) fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Where a job's page lives, under the site root: a folder (`china/x/`) or a file.
pub(crate) fn path(site: &Site, job: &Job) -> String {
    match job {
        Job::Article(i) => site.articles[*i].path.clone(),
        Job::Home(s) => page_path("", s.number),
        Job::Category(i, s) => page_path(&category_path(&site.categories[*i]), s.number),
        Job::Author(i, s) => page_path(&author_path(&site.authors[*i]), s.number),
        Job::Tag(i, s) => page_path(&tag_path(&site.tags[*i]), s.number),
        Job::Series(i, s) => page_path(&series_path(&site.series[*i]), s.number),
        Job::Categories => "categories/".to_string(),
        Job::Authors => "author/".to_string(),
        Job::Tags => "tag/".to_string(),
        Job::NotFound => "404.html".to_string(),
        Job::Archive(i, s) => {
            let p = &site.archives[*i];
            page_path(&archives::path(p.span, p.start), s.number)
        }
        Job::Archives => archive::INDEX.to_string(),
        Job::Corrections(s) => page_path(corrections::BASE, s.number),
        Job::Search => super::search::PAGE.to_string(),
        Job::Feed(of, format) => feeds::path(site, *of, *format),
        Job::Generated(f) => sitemaps::path(*f),
        Job::Host(f) => f.file().to_string(),
        Job::Headers => super::hosts::HEADERS.to_string(),
        Job::Alias(i, k) => alias_path(&site.articles[*i].publishing.aliases[*k]),
    }
}

/// Where an alias's redirect page lives: a folder unless it names an HTML file.
pub(crate) fn alias_path(alias: &str) -> String {
    if alias.ends_with(".html") || alias.ends_with('/') {
        alias.to_string()
    } else {
        format!("{alias}/")
    }
}

/// The file a job writes: folders get an `index.html`.
pub(crate) fn file_path(path: String) -> String {
    if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path
    }
}

pub(crate) fn template(job: &Job) -> &'static str {
    match job {
        Job::Article(_) => "article.html",
        Job::Home(_) => "index.html",
        Job::Category(..) => "category.html",
        Job::Author(..) => "author.html",
        Job::Tag(..) => "tag.html",
        Job::Series(..) => "series.html",
        Job::Categories => "categories.html",
        Job::Authors => "authors.html",
        Job::Tags => "tags.html",
        Job::NotFound => "404.html",
        Job::Archive(..) => "archive.html",
        Job::Archives => "archives.html",
        Job::Corrections(_) => "corrections.html",
        Job::Search => "search.html",
        Job::Feed(_, format) => format.template(),
        Job::Alias(..) => "redirect.html",
        Job::Generated(f) => sitemaps::template(*f),
        Job::Host(f) => f.template(),
        Job::Headers => super::hosts::HEADERS_TEMPLATE,
    }
}

/// The content file behind a job, for messages.
pub(crate) fn source_of<'a>(site: &'a Site, job: &Job) -> Option<&'a std::path::Path> {
    match job {
        Job::Article(i) | Job::Alias(i, _) => Some(&site.articles[*i].source),
        _ => None,
    }
}

/// The content file that makes a job exist: the article itself, else the
/// first article naming the term a term page or feed is about. Only for
/// messages about the job's path: its template's errors are the theme's.
pub(crate) fn named_in<'a>(site: &'a Site, job: &Job) -> Option<&'a std::path::Path> {
    match job {
        Job::Category(t, _) | Job::Feed(FeedOf::Category(t), _) => {
            first_source(site, &site.categories[*t].articles)
        }
        Job::Tag(t, _) | Job::Feed(FeedOf::Tag(t), _) => {
            first_source(site, &site.tags[*t].articles)
        }
        Job::Author(t, _) | Job::Feed(FeedOf::Author(t), _) => {
            first_source(site, &site.authors[*t].articles)
        }
        Job::Archive(i, _) => first_source(site, &site.archives[*i].articles),
        Job::Series(t, _) => {
            let s = &site.series[*t];
            let page = s.page.as_ref().map(|p| p.source.as_path());
            page.or_else(|| first_source(site, &s.articles))
        }
        _ => source_of(site, job),
    }
}

fn first_source<'a>(site: &'a Site, articles: &[usize]) -> Option<&'a std::path::Path> {
    articles.first().map(|&i| site.articles[i].source.as_path())
}

/// Describes who writes a file, for collision messages.
pub(crate) fn origin(site: &Site, job: &Job) -> String {
    let term = |kind: &str, name: &str, source: Option<&std::path::Path>| {
        let short: String = name.chars().take(40).collect();
        let more = if short.len() < name.len() { "…" } else { "" };
        let from = source.map(|p| format!(" (named in {})", p.display()));
        format!("the {kind} of `{short}{more}`{}", from.unwrap_or_default())
    };
    match (job, named_in(site, job)) {
        (Job::Alias(..), Some(p)) => format!("an alias in {}", p.display()),
        (Job::Category(t, _), p) => term("category page", &site.categories[*t].name, p),
        (Job::Tag(t, _), p) => term("tag page", &site.tags[*t].name, p),
        (Job::Author(t, _), p) => term("author page", &site.authors[*t].name, p),
        (Job::Series(t, _), p) => term("series page", &site.series[*t].name, p),
        (Job::Feed(FeedOf::Category(t), _), p) => {
            term("category feed", &site.categories[*t].name, p)
        }
        (Job::Feed(FeedOf::Tag(t), _), p) => term("tag feed", &site.tags[*t].name, p),
        (Job::Feed(FeedOf::Author(t), _), p) => term("author feed", &site.authors[*t].name, p),
        (Job::Archive(..), _) => format!("the archive page `/{}`", path(site, job)),
        (_, Some(p)) => p.display().to_string(),
        (Job::Generated(f), None) => format!("the generated `{}`", sitemaps::path(*f)),
        (Job::Host(f), None) => format!("the `{}` of `[redirects] formats`", f.file()),
        (Job::Headers, None) => "the `_headers` of `[output] headers`".to_string(),
        (_, None) => format!("the {} page", template(job).trim_end_matches(".html")),
    }
}

/// Whether the job has a line in `sitemap.xml` (see [`sitemap_entry`]).
pub(crate) fn in_sitemap(site: &Site, job: &Job) -> bool {
    match job {
        Job::Article(i) => {
            let p = &site.articles[*i].publishing;
            p.in_sitemap && p.canonical.is_none()
        }
        // Search results are not pages for a search engine to index.
        Job::NotFound
        | Job::Search
        | Job::Feed(..)
        | Job::Alias(..)
        | Job::Generated(_)
        | Job::Host(_)
        | Job::Headers => false,
        _ => true,
    }
}

/// The job's line in `sitemap.xml`, if it has one.
pub(crate) fn sitemap_entry(site: &Site, job: &Job) -> Option<Entry> {
    if !in_sitemap(site, job) {
        return None;
    }
    let per = site.config.paginate;
    let slice_of = |list: &[usize], s: &Slice| {
        let start = ((s.number - 1) * per).min(list.len());
        list_lastmod(site, list[start..].iter().copied().take(per))
    };
    let lastmod = match job {
        Job::Article(i) => Some(iso(modified(&site.articles[*i]))),
        // The home page lists every article after the lead (index 0).
        Job::Home(s) => list_lastmod(
            site,
            (1 + (s.number - 1) * per..site.articles.len()).take(per),
        ),
        Job::Category(i, s) => slice_of(&site.categories[*i].articles, s),
        Job::Author(i, s) => slice_of(&site.authors[*i].articles, s),
        Job::Tag(i, s) => slice_of(&site.tags[*i].articles, s),
        Job::Archive(i, s) => slice_of(&site.archives[*i].articles, s),
        Job::Series(i, s) => slice_of(&site.series[*i].articles, s),
        Job::Categories | Job::Authors | Job::Tags | Job::Archives => {
            site.articles.first().map(|p| iso(modified(p)))
        }
        Job::Corrections(s) => {
            let start = ((s.number - 1) * per).min(site.corrections.len());
            let c = site.corrections.get(start);
            let newest_article = || site.articles.first().map(|p| iso(modified(p)));
            // An empty log dates from the newest article, so an unchanged site keeps its sitemap.
            c.map(|c| iso(&site.articles[c.article].publishing.corrections[c.index].date))
                .or_else(newest_article)
        }
        // Left out by `in_sitemap`, which lists them.
        _ => return None,
    };
    Some(Entry {
        path: path(site, job),
        lastmod: lastmod.unwrap_or_else(|| iso(&site.now)),
    })
}
