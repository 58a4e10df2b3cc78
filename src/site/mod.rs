//! Stage 4: the immutable [`Site`], built from parsed content.
//!
//! 1. Drop drafts (unless asked for) and sort newest first (date, then path).
//! 2. Give every article its URL from the permalink pattern; two articles
//!    with one URL are an error.
//! 3. Build the taxonomies: categories, authors, tags.
//! 4. Resolve explicit `related` entries through the reference index.
//! 5. Compute related articles; find the targets of the bodies' `@/` links
//!    (the bodies were converted when parsed); then check anchors.
//! 6. List the files of page bundles, to publish beside their pages.
//! 7. Group the articles by date for the archives; list the corrections.

pub(crate) mod archives;
mod bundles;
mod links;
pub mod related;
pub mod schedule;
pub(crate) mod series;
pub mod taxonomy;
pub(crate) mod term_pages;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::ZonedDateTime;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

use crate::config::{Config, PermalinkValues};
use crate::content::bodies::Html;
use crate::content::image::Image;
use crate::content::publishing::Publishing;
use crate::content::{Article, Content};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::markdown::also_read::BoxItem;

pub(crate) use links::{RefIndex, key as article_key};
pub(crate) use related::Scored;
pub(crate) use taxonomy::{Author, Term};

/// Choices made on the command line, not in `config.toml`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Publish articles marked `draft = true`.
    pub drafts: bool,
    /// Publish articles dated after "now".
    pub future: bool,
    /// "Now" for everything time-based.
    pub now: ZonedDateTime,
}

/// The site as its pages show it: published articles with their URLs,
/// taxonomies, related articles and HTML. Nothing changes it after stage 4.
pub struct Site {
    /// The resolved `config.toml`.
    pub config: Config,
    pub(crate) now: ZonedDateTime,
    /// Newest first.
    pub articles: Vec<Page>,
    pub(crate) categories: Vec<Term>,
    pub(crate) tags: Vec<Term>,
    pub(crate) authors: Vec<Author>,
    /// Series with a published part, by slug.
    pub(crate) series: Vec<series::Series>,
    /// When the published set next changes (an article's date or expiry).
    pub(crate) next_change: Option<schedule::NextChange>,
    /// What the content names, published now or not.
    pub(crate) known: Known,
    /// The articles left out, by why.
    pub(crate) skipped: schedule::Skipped,
    /// The static files (embedded theme, theme folder, site's `static/`).
    pub(crate) statics: Vec<crate::output::OutputFile>,
    /// The fingerprinted names of stylesheets and scripts, for `asset()`.
    pub(crate) assets: crate::render::statics::Assets,
    /// What sections' and tags' own pages (`_index.md`) say.
    pub(crate) term_pages: term_pages::TermPages,
    /// The date archives' periods (see [`archives::periods`]).
    pub(crate) archives: Vec<archives::Period>,
    /// Every correction, newest first.
    pub(crate) corrections: Vec<archives::CorrectionRef>,
    /// The article whose breaking-news banner every page shows now.
    pub(crate) breaking: Option<usize>,
    /// The pictures articles use, once the image stage has run.
    pub(crate) images: crate::images::Catalog,
    /// The articles waiting for their date, as far as their pictures need.
    pub(crate) scheduled: Vec<Scheduled>,
}

/// What the image stage checks of an article waiting for its date: the
/// pictures it will show, at the path it will have.
#[derive(Debug)]
pub(crate) struct Scheduled {
    /// Its file, as messages show it.
    pub(crate) source: PathBuf,
    /// Its output folder, for pictures named relative to it.
    pub(crate) path: String,
    pub(crate) image: Option<Image>,
    pub(crate) components: Vec<markdown::components::Component>,
    /// The files beside it, if it is a page bundle.
    pub(crate) bundle: Vec<PathBuf>,
    /// When it comes out, and goes if it expires.
    pub(crate) date: jiff::Timestamp,
    pub(crate) expires: Option<jiff::Timestamp>,
    /// Its old paths (`aliases`), where each is written in its file.
    pub(crate) aliases: Vec<(String, crate::error::Location)>,
    /// The first pages of the lists it will be in: its sections', tags',
    /// authors', series' and date archives' (new ones, when it comes out).
    pub(crate) lists: Vec<(ListKind, String)>,
}

/// A kind of list page: two lists of one kind at one path are one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    Section,
    Tag,
    Author,
    Series,
    Archive,
    /// The RSS and Atom feeds of a section, tag or author.
    Feed(FeedKind),
}

/// Whose feed: sections and authors have feeds, tags when `[feeds] tags` is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedKind {
    Section,
    Tag,
    Author,
}

/// The paths of the first pages of the lists `a` is in, as the site makes them.
fn list_pages(a: &Article, config: &Config) -> Vec<(ListKind, String)> {
    let slugged = |kind, prefix: &str, name: &str| {
        let slug = crate::paths::slugify(name);
        (!slug.is_empty()).then(|| (kind, format!("{prefix}{slug}/")))
    };
    let sections = a.section().map(|(s, _)| s).into_iter();
    let sections = sections.chain(a.categories.iter().map(String::as_str));
    let mut lists: Vec<(ListKind, String)> = sections
        .filter_map(|s| slugged(ListKind::Section, "", s))
        .collect();
    lists.extend(
        a.tags
            .iter()
            .filter_map(|t| slugged(ListKind::Tag, "tag/", t)),
    );
    lists.extend(
        a.authors
            .iter()
            .filter_map(|b| slugged(ListKind::Author, "author/", b)),
    );
    let feeds = lists.iter().filter_map(|(kind, base)| {
        let of = match kind {
            ListKind::Section => FeedKind::Section,
            ListKind::Author => FeedKind::Author,
            ListKind::Tag if config.feeds.tags => FeedKind::Tag,
            _ => return None,
        };
        Some((ListKind::Feed(of), base.clone()))
    });
    let feeds: Vec<_> = feeds
        .flat_map(|(kind, base)| ["rss.xml", "atom.xml"].map(|f| (kind, format!("{base}{f}"))))
        .collect();
    lists.extend(feeds);
    if let Some(s) = &a.series {
        lists.push((ListKind::Series, format!("series/{}/", s.slug)));
    }
    if config.archives.enabled {
        let day = a.date.with_time_zone(config.timezone.clone()).date();
        let mut spans = vec![archives::Span::Year, archives::Span::Month];
        if config.archives.days {
            spans.push(archives::Span::Day);
        }
        let periods = spans
            .into_iter()
            .map(|span| archives::path(span, archives::start(day, span)));
        lists.extend(periods.map(|p| (ListKind::Archive, p)));
    }
    lists
}

/// The sections and articles the content names, drafts and scheduled ones
/// included: a template may ask for one that is out of the site for the
/// moment (nothing published in it yet, or expired), which is no error, as
/// the passing of time must not break a build.
#[derive(Default)]
pub(crate) struct Known {
    /// Section slugs.
    pub(crate) categories: std::collections::HashSet<String>,
    /// Article keys (see [`article_key`]).
    pub(crate) articles: std::collections::HashSet<String>,
    /// Series slugs.
    pub(crate) series: std::collections::HashSet<String>,
}

impl Known {
    fn of(articles: &[Article]) -> Known {
        let names: std::collections::HashSet<&str> = articles
            .iter()
            .flat_map(|a| {
                a.section()
                    .map(|(c, _)| c)
                    .into_iter()
                    .chain(a.categories.iter().map(String::as_str))
            })
            .collect();
        Known {
            categories: names.into_iter().map(crate::paths::slugify).collect(),
            articles: articles
                .iter()
                .map(|a| links::key(&a.rel_path).to_string())
                .collect(),
            series: articles
                .iter()
                .filter_map(|a| Some(a.series.as_ref()?.slug.clone()))
                .collect(),
        }
    }
}

/// A published article, ready to render. Indexes point into the site's lists.
pub struct Page {
    pub(crate) source: PathBuf,
    /// Path of its file under `content/`, `/`-separated (`china/parade.md`).
    pub rel_path: String,
    /// The headline.
    pub title: String,
    /// When it was published, in the zone its front matter gives (else the
    /// site's time zone).
    pub date: ZonedDateTime,
    pub(crate) updated: Option<ZonedDateTime>,
    /// The standfirst: front matter `summary`, else the first paragraph
    /// cut near 160 characters.
    pub(crate) summary: String,
    pub(crate) image: Option<Image>,
    /// Expiry, corrections, aliases, sitemap and canonical settings.
    pub(crate) publishing: Publishing,
    pub(crate) category: Option<usize>,
    pub(crate) categories: Vec<usize>,
    pub(crate) authors: Vec<usize>,
    pub(crate) tags: Vec<usize>,
    /// Explicit `related` entries, in the editor's order.
    pub related: Vec<RelatedEntry>,
    /// Computed related articles, best first (topping the list up to `related.count`).
    pub computed: Vec<Scored>,
    /// Inline "also read" boxes of the body (see `markdown::also_read`).
    pub(crate) boxes: Vec<Vec<BoxItem>>,
    /// URL path under the site root, ending with `/` (`china/parade/`).
    pub(crate) path: String,
    /// The body's HTML, with markers for its links and boxes (see
    /// [`markdown::fill`]): in memory, or read when drawn ([`Page::html`]).
    pub(crate) html: Html,
    /// The digest of the file the body was converted from, when the build
    /// cache took one: pages digest the body by it rather than by its text.
    pub(crate) body_key: Option<u128>,
    /// The targets of the body's `@/` links.
    pub(crate) links: Vec<Option<markdown::Target>>,
    /// The body's components (see `markdown::components`).
    pub(crate) components: Vec<markdown::components::Component>,
    pub(crate) word_count: usize,
    /// The body's headings, in order, for its table of contents.
    pub(crate) headings: Vec<markdown::Heading>,
    /// The files published beside the page (see `bundles`), sorted.
    pub(crate) bundle: Vec<PathBuf>,
    /// Label, kicker, sponsor, dateline, place and `[extra]`.
    pub(crate) house: crate::content::house::House,
    /// Its place in a series.
    pub(crate) series: Option<series::Place>,
    /// Its coverage and published updates (newest first), if it is a live blog.
    pub(crate) live: Option<crate::content::live::Live>,
}

impl Page {
    /// The body's HTML: read from the build cache when kept there, or
    /// converted again from its file when it cannot be read back.
    pub(crate) fn html(&self) -> Result<Cow<'_, str>, String> {
        match &self.html {
            Html::Here(h) => Ok(Cow::Borrowed(h)),
            Html::Kept(at) => match at.read() {
                Some(h) => Ok(Cow::Owned(h)),
                None => crate::content::html_again(&self.source, self.body_key).map(Cow::Owned),
            },
        }
    }

    /// Its components, less those in live updates not out yet.
    pub(crate) fn shown_components(
        &self,
    ) -> impl Iterator<Item = &markdown::components::Component> {
        let shown = |c: &&markdown::components::Component| {
            self.live
                .as_ref()
                .is_none_or(|l| l.hidden_until(c.at.line).is_none())
        };
        self.components.iter().filter(shown)
    }
}

/// An entry of an article's `related` front matter, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelatedEntry {
    /// Another article of the site: its index in [`Site::articles`].
    Article(usize),
    /// A page elsewhere.
    External {
        /// The link's text.
        title: String,
        /// An absolute `http(s)` URL.
        url: String,
    },
}

impl Site {
    /// Stage 4: drops what is not published, then gives each article its URL,
    /// taxonomies, related articles and HTML; problems go to `diagnostics`.
    pub(crate) fn build(
        config: Config,
        content: Content,
        statics: crate::render::statics::Statics,
        options: &BuildOptions,
        diagnostics: &mut Diagnostics,
        t: &mut crate::Timings,
    ) -> Site {
        let Content {
            articles,
            profiles,
            list_pages,
            failed,
        } = content;
        let known = Known::of(&articles);
        diagnostics.extend(series::overlapping_parts(&articles, options));
        let selection = t.time("schedule", || {
            let mut s = schedule::select(articles, options);
            // Keys sorted and each article moved once: an `Article` is too big
            // to move at every step of a sort.
            s.articles.sort_by_cached_key(newest_first);
            s
        });
        let schedule::Selection {
            articles,
            next: next_change,
            skipped,
            mut absent,
            scheduled,
        } = selection;
        absent.extend(failed.into_iter().map(|f| (f, schedule::Absence::Broken)));
        let paths = t.time("urls", || article_paths(&config, &articles, diagnostics));
        let index = RefIndex::new(&articles, &paths, config.root_path(), absent);
        let tax = t.time("taxonomies", || {
            taxonomy::build(&articles, profiles, diagnostics)
        });
        let related = links::resolve_related(&articles, &index, diagnostics);
        let (series_pages, term_pages): (Vec<_>, Vec<_>) = list_pages
            .into_iter()
            .partition(|p| matches!(p.kind, crate::content::list_page::ListKind::Series(_)));
        let (series, places) = t.time("series", || {
            series::build(&articles, series_pages, &known.series, &index, diagnostics)
        });
        let term_pages = term_pages::attach(
            &tax.categories,
            &tax.tags,
            term_pages,
            &known.categories,
            &index,
            diagnostics,
        );
        let computed = t.time("related", || {
            related::compute(&articles, &tax, &related, &config.related)
        });
        let rendered = t.time("links", || resolve_links(&articles, &index, diagnostics));
        links::check_anchors(&rendered, &articles, diagnostics);
        let content_dir = crate::content::display_path(&config.root, crate::content::CONTENT_DIR);
        let inside = crate::content::Inside::new(&config, &content_dir);
        let bundles = t.time("bundles", || {
            bundles::files(&articles, &inside, diagnostics)
        });
        diagnostics.extend(scheduled_problems(&scheduled, &articles, &index));
        // Two waiting articles at one URL are told by `urls_taken`, which
        // knows whether both will be out at once.
        let waiting_paths = article_paths(&config, &scheduled, &mut Diagnostics::default());
        diagnostics.extend(unwritable(&scheduled, &waiting_paths));
        let holders = [(&articles, &paths), (&scheduled, &waiting_paths)];
        diagnostics.extend(urls_taken(&holders, &scheduled, &waiting_paths));
        let scheduled = scheduled_pictures(scheduled, waiting_paths, &config, &inside, diagnostics);
        let bios: Vec<String> = tax
            .authors
            .iter()
            .map(|a| a.bio_html(&index, diagnostics))
            .collect();
        let pages: Vec<Page> = t.time("pages", || {
            articles
                .into_par_iter()
                .zip(paths)
                .zip(related)
                .zip(computed)
                .zip(rendered)
                .zip(bundles)
                .enumerate()
                .map(|(i, (((((a, path), related), computed), r), bundle))| {
                    let mut p = page(
                        a,
                        path,
                        Links { related, computed },
                        r,
                        &tax.article_terms[i],
                    );
                    p.bundle = bundle;
                    p.series = places[i];
                    p
                })
                .collect()
        });
        let assets = statics.assets;
        let statics = crate::render::statics::with_bundles(statics.files, &pages);
        let mut authors = tax.authors;
        for (author, bio) in authors.iter_mut().zip(bios) {
            author.bio = bio;
        }
        let periods = archives::periods(&pages, &config);
        let breaking = schedule::breaking(&pages, &options.now, diagnostics);
        Site {
            breaking,
            archives: periods,
            corrections: archives::corrections(&pages),
            images: crate::images::Catalog::default(),
            scheduled,
            config,
            now: options.now.clone(),
            articles: pages,
            categories: tax.categories,
            tags: tax.tags,
            authors,
            series,
            next_change,
            known,
            skipped,
            statics,
            assets,
            term_pages,
        }
    }

    /// When the published site next changes: an article's date or expiry,
    /// or the end of a breaking banner.
    pub fn next_change(&self) -> Option<&schedule::NextChange> {
        self.next_change.as_ref()
    }

    /// The public URL path of a site-relative path: `/news/` + `china/`.
    pub(crate) fn url(&self, rel: &str) -> String {
        crate::paths::url_in(self.config.root_path(), rel)
    }

    /// The absolute URL of a site-relative path.
    pub(crate) fn permalink(&self, rel: &str) -> String {
        crate::paths::url_in(self.config.base_url.as_str(), rel)
    }
}

/// The site order: newest first, then by path.
fn newest_first(a: &Article) -> (std::cmp::Reverse<jiff::Timestamp>, String) {
    (std::cmp::Reverse(a.date.timestamp()), a.rel_path.clone())
}

/// What would fail the build that publishes an article waiting for its
/// date: its body's problems, its `@/` links and `related` entries naming
/// articles that will not be out by then, and anchors no heading has (of a
/// published article, or of one out by then).
fn scheduled_problems(
    scheduled: &[Article],
    published: &[Article],
    index: &RefIndex,
) -> Vec<Diagnostic> {
    let mut out = Diagnostics::default();
    for a in scheduled {
        out.extend(a.body.errors.iter().cloned());
        out.extend(links::scheduled_related(a, index));
        let mut r = markdown::resolve(&a.body, index);
        let errors = std::mem::take(&mut r.errors).into_iter();
        out.extend(errors.filter(|e| !out_by(e, a, index, a.date.timestamp())));
        links::check_anchors(std::slice::from_ref(&r), published, &mut out);
        let out_by_then = |l: &markdown::LinkRef| {
            let due = index.scheduled(&l.reference);
            due.is_some_and(|d| d <= a.date.timestamp())
        };
        out.extend(links::waiting_anchors(
            &a.body.links,
            scheduled,
            out_by_then,
        ));
    }
    out.into_sorted()
}

/// Whether `e` is about a link of `a` to an article scheduled to come out
/// by `when`: no error for a page that is not out before then either.
fn out_by(e: &Diagnostic, a: &Article, index: &RefIndex, when: jiff::Timestamp) -> bool {
    let link = a.body.links.iter().find(|l| l.at == e.location);
    let due = link.and_then(|l| index.scheduled(&l.reference));
    due.is_some_and(|d| d <= when)
}

/// The articles waiting for their date at the paths they will have, with
/// their bundles' files (a file that cannot be published is an error now).
fn scheduled_pictures(
    articles: Vec<Article>,
    paths: Vec<String>,
    config: &Config,
    inside: &crate::content::Inside,
    diagnostics: &mut Diagnostics,
) -> Vec<Scheduled> {
    let bundles = bundles::files(&articles, inside, diagnostics);
    articles
        .into_iter()
        .zip(paths)
        .zip(bundles)
        .map(|((a, path), bundle)| Scheduled {
            lists: list_pages(&a, config),
            date: a.date.timestamp(),
            expires: a.publishing.expires.as_ref().map(|e| e.timestamp()),
            aliases: (a.publishing.aliases.into_iter())
                .zip(a.publishing.alias_at)
                .collect(),
            source: a.source,
            path,
            image: a.image,
            components: a.body.components.clone(),
            bundle,
        })
        .collect()
}

/// An error at each article waiting for its date whose URL another article
/// (published or waiting) holds when it comes out: the build publishing it
/// would fail on the two.
fn urls_taken(
    holders: &[(&Vec<Article>, &Vec<String>)],
    waiting: &[Article],
    waiting_paths: &[String],
) -> Vec<Diagnostic> {
    let mut by_path: FxHashMap<&str, Vec<&Article>> = FxHashMap::default();
    for (articles, paths) in holders {
        for (a, p) in articles.iter().zip(paths.iter()) {
            by_path.entry(p).or_default().push(a);
        }
    }
    let mut out = Vec::new();
    for (s, path) in waiting.iter().zip(waiting_paths) {
        let at = s.date.timestamp();
        let live = |x: &&&Article| {
            let expired = x
                .publishing
                .expires
                .as_ref()
                .is_some_and(|e| e.timestamp() <= at);
            !std::ptr::eq(**x, s) && x.date.timestamp() <= at && !expired
        };
        if let Some(other) = by_path[path.as_str()].iter().find(live) {
            let m = format!(
                "two articles will have the URL `/{path}` when this one is published: this one and {} (set a different `slug`)",
                other.source.display()
            );
            out.push(Diagnostic::error(
                crate::error::Location::at(&s.source, 1, 1),
                m,
            ));
        }
    }
    out
}

/// An error at each article whose URL has a name no file system takes.
fn unwritable(articles: &[Article], paths: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (a, path) in articles.iter().zip(paths) {
        let bad = path
            .split('/')
            .find_map(|n| crate::paths::bad_file_name(n).map(|w| (n, w)));
        if let Some((name, why)) = bad {
            let short: String = name.chars().take(40).collect();
            out.push(Diagnostic::error(
                crate::error::Location::at(&a.source, 1, 1),
                format!("the article's URL cannot be written: `{short}` {why} (set a shorter or plainer `slug`)"),
            ));
        }
    }
    out
}

fn article_paths(
    config: &Config,
    articles: &[Article],
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let paths: Vec<String> = articles
        .par_iter()
        .map(|a| {
            let category = a
                .section()
                .map(|(c, _)| crate::paths::slugify(c))
                .unwrap_or_default();
            config.permalink.expand(&PermalinkValues {
                category: &category,
                date: a.date.date(),
                slug: &a.slug,
            })
        })
        .collect();
    // Sized once: growing it rehashes every path so far, on one thread.
    let mut seen: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(paths.len(), Default::default());
    diagnostics.extend(unwritable(articles, &paths));
    for (i, path) in paths.iter().enumerate() {
        match seen.entry(path) {
            Entry::Occupied(first) => diagnostics.push(Diagnostic::error(
                crate::error::Location::at(&articles[i].source, 1, 1),
                format!(
                    "two articles have the URL `/{path}`: this one and {} (set a different `slug`)",
                    articles[*first.get()].source.display()
                ),
            )),
            Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    paths
}

/// The targets of every article's `@/` links, in parallel; the
/// conversion's own problems are reported here, for the published
/// articles (those waiting for their date are reported with them).
fn resolve_links(
    articles: &[Article],
    index: &RefIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<markdown::Rendered> {
    let mut rendered: Vec<markdown::Rendered> = articles
        .par_iter()
        .map(|a| markdown::resolve(&a.body, index))
        .collect();
    for (a, r) in articles.iter().zip(&mut rendered) {
        diagnostics.extend(a.body.errors.iter().cloned());
        // A live update not out yet may link to a story that comes out by then.
        if let Some(live) = &a.live {
            r.errors.retain(|e| {
                let Some(until) = live.hidden_until(e.location.line) else {
                    return true;
                };
                !out_by(e, a, index, until)
            });
        }
        diagnostics.extend(std::mem::take(&mut r.errors));
    }
    rendered
}

/// An article's "also read" lists.
struct Links {
    related: Vec<RelatedEntry>,
    computed: Vec<Scored>,
}

fn page(
    a: Article,
    path: String,
    links: Links,
    r: markdown::Rendered,
    terms: &taxonomy::ArticleTerms,
) -> Page {
    let markdown::Rendered { targets, boxes, .. } = r;
    let body = &a.body;
    let html = match a.html_at {
        Some(at) => Html::Kept(at),
        None => Html::Here(Arc::clone(&body.html)),
    };
    let summary = a.summary.unwrap_or_else(|| body.summary.clone());
    Page {
        source: a.source,
        rel_path: a.rel_path,
        title: a.title,
        date: a.date,
        updated: a.updated,
        summary,
        image: a.image,
        publishing: a.publishing,
        category: terms.category,
        categories: terms.categories.clone(),
        authors: terms.authors.clone(),
        tags: terms.tags.clone(),
        related: links.related,
        computed: links.computed,
        boxes,
        path,
        html,
        body_key: a.body_key,
        links: targets,
        components: body.components.clone(),
        word_count: body.word_count,
        headings: body.headings.clone(),
        bundle: Vec::new(),
        house: a.house,
        series: None,
        live: a.live,
    }
}
