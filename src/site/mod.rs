//! Stage 4: the immutable [`Site`], built from parsed content.
//!
//! 1. Drop drafts (unless asked for) and sort newest first (date, then path).
//! 2. Give every article its URL from the permalink pattern; two articles
//!    with one URL are an error.
//! 3. Build the taxonomies: categories, authors, tags.
//! 4. Resolve explicit `related` entries through the reference index.
//! 5. Render Markdown in parallel, resolving `@/` links; then check anchors.

mod links;
pub mod related;
pub mod schedule;
pub mod taxonomy;

use std::path::PathBuf;
use std::sync::Arc;

use jiff::ZonedDateTime;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

use crate::cache::Cache;
use crate::config::{Config, PermalinkValues};
use crate::content::article::Image;
use crate::content::publishing::Publishing;
use crate::content::{Article, Content};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::markdown::also_read::BoxItem;

pub use links::RefIndex;
pub use related::Scored;
pub use taxonomy::{Author, Term};

/// Choices made on the command line, not in `config.toml`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub drafts: bool,
    /// Publish articles dated after "now".
    pub future: bool,
    /// "Now" for everything time-based.
    pub now: ZonedDateTime,
}

pub struct Site {
    pub config: Config,
    pub now: ZonedDateTime,
    /// Newest first.
    pub articles: Vec<Page>,
    pub categories: Vec<Term>,
    pub tags: Vec<Term>,
    pub authors: Vec<Author>,
    /// When the published set next changes (an article's date or expiry).
    pub next_change: Option<schedule::NextChange>,
}

/// A published article, ready to render. Indexes point into the site's lists.
pub struct Page {
    pub source: PathBuf,
    pub rel_path: String,
    pub title: String,
    pub date: ZonedDateTime,
    pub updated: Option<ZonedDateTime>,
    /// The standfirst: front matter `summary`, else the first paragraph.
    pub summary: String,
    pub image: Option<Image>,
    /// Expiry, corrections, aliases, sitemap and canonical settings.
    pub publishing: Publishing,
    pub category: Option<usize>,
    pub categories: Vec<usize>,
    pub authors: Vec<usize>,
    pub tags: Vec<usize>,
    /// Explicit `related` entries, in the editor's order.
    pub related: Vec<RelatedEntry>,
    /// Computed related articles, best first (topping the list up to `related.count`).
    pub computed: Vec<Scored>,
    /// Inline "also read" boxes of the body (see `markdown::also_read`).
    pub boxes: Vec<Vec<BoxItem>>,
    /// URL path under the site root, ending with `/` (`china/parade/`).
    pub path: String,
    pub html: std::sync::Arc<str>,
    pub heading_ids: Vec<String>,
    pub word_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelatedEntry {
    Article(usize),
    External { title: String, url: String },
}

impl Site {
    pub fn build(
        config: Config,
        content: Content,
        options: &BuildOptions,
        diagnostics: &mut Diagnostics,
        t: &mut crate::Timings,
        cache: &mut Cache,
    ) -> Site {
        let Content { articles, profiles } = content;
        // The Markdown is kept apart, in the order it was read, and each text
        // is dropped once its HTML is made, in that order: memory the parse
        // filled then empties page by page and is reused, and a site's
        // Markdown and HTML are not both held.
        let (articles, bodies, order, next_change) = t.time("schedule", || {
            let (articles, next) = schedule::select(articles, options, diagnostics);
            let (articles, bodies) = take_bodies(articles);
            let (articles, order) = newest_first(articles);
            (articles, bodies, order, next)
        });
        let paths = t.time("urls", || article_paths(&config, &articles, diagnostics));
        let index = RefIndex::new(&articles, &paths, config.root_path());
        let tax = t.time("taxonomies", || {
            taxonomy::build(&articles, profiles, diagnostics)
        });
        let related = links::resolve_related(&articles, &index, diagnostics);
        let computed = t.time("related", || {
            let bodies: Vec<&str> = order.iter().map(|&p| &*bodies[p]).collect();
            related::compute(&articles, &bodies, &tax, &related, &config.related, cache)
        });
        let rendered = t.time("markdown", || {
            render_bodies(&articles, (bodies, &order), &index, diagnostics, cache)
        });
        links::check_anchors(&rendered, &articles, diagnostics);
        let bios: Vec<String> = tax
            .authors
            .iter()
            .map(|a| a.bio_html(&index, diagnostics))
            .collect();
        let pages: Vec<Page> = t.time("pages", || {
            // In parallel: this also frees every article's Markdown.
            articles
                .into_par_iter()
                .zip(paths)
                .zip(related)
                .zip(computed)
                .zip(rendered)
                .enumerate()
                .map(|(i, ((((a, path), related), computed), r))| {
                    page(
                        a,
                        path,
                        Links { related, computed },
                        r,
                        &tax.article_terms[i],
                    )
                })
                .collect()
        });
        let mut authors = tax.authors;
        for (author, bio) in authors.iter_mut().zip(bios) {
            author.bio = bio;
        }
        Site {
            config,
            now: options.now.clone(),
            articles: pages,
            categories: tax.categories,
            tags: tax.tags,
            authors,
            next_change,
        }
    }

    /// The public URL path of a site-relative path: `/news/` + `china/`.
    pub fn url(&self, rel: &str) -> String {
        crate::paths::url_in(self.config.root_path(), rel)
    }

    /// The absolute URL of a site-relative path.
    pub fn permalink(&self, rel: &str) -> String {
        crate::paths::url_in(self.config.base_url.as_str(), rel)
    }
}

/// The articles without their Markdown, and the Markdown.
fn take_bodies(mut articles: Vec<Article>) -> (Vec<Article>, Vec<Arc<str>>) {
    let bodies = articles
        .iter_mut()
        .map(|a| std::mem::take(&mut a.body))
        .collect();
    (articles, bodies)
}

/// Sorted by date, newest first, then by path (see [`crate::order`]).
/// Also returns where each article was: `order[k]` is the old index of the
/// article now at `k`.
fn newest_first(articles: Vec<Article>) -> (Vec<Article>, Vec<usize>) {
    crate::order::sorted_by(
        articles,
        |a| std::cmp::Reverse(a.date.timestamp()),
        |a, b| a.rel_path.cmp(&b.rel_path),
    )
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

/// Markdown of every article, in parallel. With an enabled cache, an
/// article whose body is unchanged keeps its HTML, unless any article's URL
/// or title changed (its links may show them).
fn render_bodies(
    articles: &[Article],
    (bodies, order): (Vec<Arc<str>>, &[usize]),
    index: &RefIndex,
    diagnostics: &mut Diagnostics,
    cache: &mut Cache,
) -> Vec<markdown::Rendered> {
    let signature = if cache.is_enabled() {
        index.signature()
    } else {
        0
    };
    let keys: Vec<u64> = match cache.is_enabled() {
        true => articles.iter().map(|a| a.text_hash ^ signature).collect(),
        false => vec![0; articles.len()],
    };
    let cached = &cache.markdown;
    let mut site_index = vec![0; order.len()];
    for (k, &p) in order.iter().enumerate() {
        site_index[p] = k;
    }
    let in_read_order: Vec<markdown::Rendered> = bodies
        .into_par_iter()
        .zip(site_index)
        .map(|(body, k)| {
            let a = &articles[k];
            match cached.get(&a.rel_path) {
                Some((key, r)) if *key == keys[k] && cache.is_enabled() => r.clone(),
                _ => {
                    let source = markdown::Source {
                        path: &a.source,
                        body: &body,
                        first_line: a.body_line,
                    };
                    markdown::render(&source, index)
                }
            }
        })
        .collect();
    let rendered = crate::order::in_order(in_read_order, order);
    if cache.is_enabled() {
        for ((a, key), r) in articles.iter().zip(keys).zip(&rendered) {
            cache.markdown.insert(a.rel_path.clone(), (key, r.clone()));
        }
    }
    let mut rendered = rendered;
    for r in &mut rendered {
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
    let markdown::Rendered {
        html,
        heading_ids,
        first_paragraph,
        word_count,
        boxes,
        ..
    } = r;
    let summary = a
        .summary
        .unwrap_or_else(|| first_paragraph.trim().to_string());
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
        heading_ids,
        word_count,
    }
}
