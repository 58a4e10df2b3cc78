//! Series: the published parts of each, in part order, worked out once so
//! that no page searches the site for its neighbours.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::content::image::Image;
use crate::content::list_page::ListKind;
use crate::content::{Article, ListPage};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::markdown::Resolver;

/// A series with at least one published part.
#[derive(Debug)]
pub(crate) struct Series {
    /// The series page's `title`, else the name the first part gives.
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Indexes into `Site::articles`, in part order.
    pub(crate) articles: Vec<usize>,
    /// The part number of each of `articles`.
    pub(crate) parts: Vec<u32>,
    /// What `series/<slug>/_index.md` says, if there is one.
    pub(crate) page: Option<SeriesPage>,
}

/// A series page's own text.
#[derive(Debug)]
pub(crate) struct SeriesPage {
    pub(crate) source: PathBuf,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<Image>,
    /// The body as HTML: the series' introduction.
    pub(crate) intro: String,
}

/// An article's place in a series: `Site::series[series].articles[index]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub(crate) series: usize,
    pub(crate) index: usize,
}

impl Series {
    /// The highest part published: "Part 2 of 3" reads right even while
    /// an earlier part is a draft.
    pub(crate) fn total(&self) -> u32 {
        self.parts.last().copied().unwrap_or_default()
    }
}

/// The series of the published `articles` (site order), sorted by slug,
/// and each article's place; `pages` are the series pages, `named` the
/// slugs any article names (drafts included).
pub(crate) fn build(
    articles: &[Article],
    pages: Vec<ListPage>,
    named: &HashSet<String>,
    resolver: &dyn Resolver,
    diagnostics: &mut Diagnostics,
) -> (Vec<Series>, Vec<Option<Place>>) {
    let mut groups: BTreeMap<&str, Vec<(u32, usize)>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(s) = &a.series {
            groups.entry(&s.slug).or_default().push((s.part, i));
        }
    }
    let mut pages = page_by_slug(pages, named, &groups, resolver, diagnostics);
    let mut places = vec![None; articles.len()];
    let mut all = Vec::with_capacity(groups.len());
    for (slug, mut parts) in groups {
        // Within a part the oldest first, so a repeat is reported at the
        // newer article, the likelier mistake.
        parts.sort_unstable_by_key(|&(p, i)| (p, std::cmp::Reverse(i)));
        diagnostics.extend(same_part(articles, &parts));
        for (index, &(_, i)) in parts.iter().enumerate() {
            places[i] = Some(Place {
                series: all.len(),
                index,
            });
        }
        let page = pages.remove(slug);
        let first = articles[parts[0].1].series.as_ref();
        let name = page.as_ref().and_then(|p| p.title.clone());
        let name = name.or_else(|| first.map(|s| s.name.clone()));
        all.push(Series {
            name: name.unwrap_or_default(),
            slug: slug.to_string(),
            articles: parts.iter().map(|&(_, i)| i).collect(),
            parts: parts.iter().map(|&(p, _)| p).collect(),
            page: page.map(|p| series_page(p, resolver, diagnostics)),
        });
    }
    (all, places)
}

/// The series pages by slug. Two for one slug are an error; one that no
/// article names, a warning (it would publish nothing).
fn page_by_slug(
    pages: Vec<ListPage>,
    named: &HashSet<String>,
    groups: &BTreeMap<&str, Vec<(u32, usize)>>,
    resolver: &dyn Resolver,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, ListPage> {
    let mut by_slug: BTreeMap<String, ListPage> = BTreeMap::new();
    for p in pages {
        let ListKind::Series(slug) = p.kind.clone() else {
            continue;
        };
        if let Some(first) = by_slug.get(&slug) {
            diagnostics.push(Diagnostic::error(
                Location::file(&p.source),
                format!(
                    "two series pages have the address `series/{slug}/`: this one and {} (remove one)",
                    first.source.display()
                ),
            ));
            continue;
        }
        if !named.contains(&slug) {
            diagnostics.push(Diagnostic::warning(
                Location::file(&p.source),
                format!(
                    "no article is part of the series `{slug}`, so this page is not published; give its parts `series = {{ name = \"...\", part = 1 }}` with a name that makes `{slug}`"
                ),
            ));
        }
        by_slug.insert(slug, p);
    }
    // A page whose series has nothing published yet is still read: its
    // problems would fail the build once its first part came out.
    for (_, p) in by_slug
        .iter()
        .filter(|(slug, _)| !groups.contains_key(slug.as_str()))
    {
        let mut errors = Vec::new();
        p.body_html(resolver, &mut errors);
        diagnostics.extend(errors);
    }
    by_slug.retain(|slug, _| groups.contains_key(slug.as_str()));
    by_slug
}

/// Two articles that would be one part of a series at some moment, among
/// all of them, published or not: otherwise a build would fail once the
/// later one came out, though the site had not changed. Reported as
/// [`same_part`] reports two published ones, so a build says it once.
pub(crate) fn overlapping_parts(articles: &[Article], o: &super::BuildOptions) -> Vec<Diagnostic> {
    use jiff::Timestamp;
    let mut groups: BTreeMap<(&str, u32), Vec<&Article>> = BTreeMap::new();
    for a in articles.iter().filter(|a| o.drafts || !a.draft) {
        if let Some(s) = &a.series {
            groups.entry((&s.slug, s.part)).or_default().push(a);
        }
    }
    // When each is published: from its date (or at once with `--future`) until it expires.
    let window = |a: &Article| {
        let from = if o.future {
            Timestamp::MIN
        } else {
            a.date.timestamp()
        };
        let to = a
            .publishing
            .expires
            .as_ref()
            .map_or(Timestamp::MAX, |e| e.timestamp());
        (from, to)
    };
    let mut found = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(|a| (a.date.timestamp(), &a.rel_path));
        for (k, b) in group.iter().enumerate().skip(1) {
            let (from, to) = window(b);
            let earlier = group[..k].iter().rev().find(|a| {
                let (f, t) = window(a);
                f < to && from < t
            });
            if let (Some(a), Some(s)) = (earlier, &b.series) {
                found.push(part_taken(s, a));
            }
        }
    }
    found
}

/// An error at each article whose part an older article of the series
/// already is; `parts` are sorted by part, then oldest first.
fn same_part(articles: &[Article], parts: &[(u32, usize)]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for pair in parts.windows(2) {
        let [(part, first), (same, i)] = [pair[0], pair[1]];
        let Some(s) = articles[i].series.as_ref().filter(|_| part == same) else {
            continue;
        };
        found.push(part_taken(s, &articles[first]));
    }
    found
}

/// The error at `s`, the place of an article in its series, whose part
/// the article `other` already is.
fn part_taken(s: &crate::content::series::InSeries, other: &Article) -> Diagnostic {
    let m = format!(
        "two articles are part {} of the series `{}`: this one and {} (give one of them another `part`)",
        s.part,
        s.name,
        other.source.display()
    );
    Diagnostic::error(s.at.clone(), m)
}

fn series_page(p: ListPage, resolver: &dyn Resolver, diagnostics: &mut Diagnostics) -> SeriesPage {
    let mut errors = Vec::new();
    let intro = p.body_html(resolver, &mut errors);
    diagnostics.extend(errors);
    SeriesPage {
        source: p.source,
        description: p.description,
        image: p.image,
        intro,
    }
}
