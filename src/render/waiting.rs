//! What publishing an article waiting for its date will write, checked now:
//! its page and its aliases against the files this build writes that are
//! sure to be there still when it comes out, and against each other. The
//! build that publishes it would otherwise fail on the two, though nothing
//! but the time changed. (One article's page against another's is told by
//! `site::urls_taken`.) The lists it will be in count too: a new tag's page
//! is written when the article comes out.

use rustc_hash::FxHashMap;

use super::Plan;
use super::feeds::FeedOf;
use super::jobs::{self, Job, Slice};
use crate::error::{Diagnostic, Location};
use crate::site::{FeedKind, ListKind, Scheduled};

/// What waiting article `k` will write at a path.
struct Claim<'a> {
    k: usize,
    what: What<'a>,
}

#[derive(Clone, Copy)]
enum What<'a> {
    /// Its own page.
    Page,
    /// One of its aliases, as written, and where.
    Alias(&'a str, &'a Location),
    /// The first page of a list it is in.
    List(ListKind),
    /// A file of its page bundle.
    File,
}

/// Every clash, at the alias (or the article) that makes it.
pub(super) fn problems(plan: &Plan, seen: &FxHashMap<&str, usize>) -> Vec<Diagnostic> {
    let site = &plan.site;
    // Most builds have nothing waiting: no need to fold every path's case.
    if site.scheduled.is_empty() {
        return Vec::new();
    }
    let mut claims: FxHashMap<String, Vec<Claim<'_>>> = FxHashMap::default();
    for (k, s) in site.scheduled.iter().enumerate() {
        let mut claim = |path: String, what| {
            let file = jobs::file_path(path);
            claims.entry(file).or_default().push(Claim { k, what });
        };
        claim(s.path.clone(), What::Page);
        for (alias, at) in &s.aliases {
            claim(jobs::alias_path(alias), What::Alias(alias, at));
        }
        for (kind, path) in &s.lists {
            claim(path.clone(), What::List(*kind));
        }
        for name in s.bundle.iter().filter_map(|f| f.file_name()?.to_str()) {
            claim(format!("{}{name}", s.path), What::File);
        }
    }
    let gone = expiring_bundles(plan, seen);
    let mut by_case: ByCase<'_> = FxHashMap::default();
    for (path, claimants) in &claims {
        let twins = by_case.entry(path.to_ascii_lowercase()).or_default();
        twins.extend(claimants.iter().map(|c| (path.as_str(), c)));
    }
    let folded: FxHashMap<String, usize> = seen
        .iter()
        .map(|(p, &i)| (p.to_ascii_lowercase(), i))
        .collect();
    let mut errors = Vec::new();
    for (path, claimants) in &claims {
        for (x, c) in claimants.iter().enumerate() {
            let s = &site.scheduled[c.k];
            for (i, how) in held(path, seen, &folded) {
                if !c.is_list(plan.jobs.get(i)) && there_then(plan, i, s.date, c.what, &gone) {
                    errors.push(c.clash(plan, path, &how(&plan.origin(i))));
                }
            }
            for (y, o) in claimants.iter().enumerate() {
                let other = &site.scheduled[o.k];
                // Told once, at the one that comes out last; of one
                // article's, at an alias rather than a list.
                let first = match o.k == c.k {
                    true => (o.rank(), y) < (c.rank(), x),
                    false => (other.date, o.k) < (s.date, c.k),
                };
                if first && c.meets(o) && overlap(s, other) {
                    let by = format!("is written twice: by it and by {}", o.what(&other.source));
                    errors.push(c.clash(plan, path, &by));
                }
            }
            errors.extend(case_twin(plan, seen, &by_case, path, c));
            // A folder of its path that another waiting article writes as a file.
            let folders = path.match_indices('/').map(|(n, _)| &path[..n]);
            for o in folders.filter_map(|f| claims.get(f)).flatten() {
                let other = &site.scheduled[o.k];
                if overlap(s, other) {
                    let how = format!(
                        "needs a folder where {} writes a file",
                        o.what(&other.source)
                    );
                    errors.push(c.clash(plan, path, &how));
                }
            }
        }
    }
    errors.sort_by(|a, b| a.location.cmp(&b.location));
    errors
}

type ByCase<'a> = FxHashMap<String, Vec<(&'a str, &'a Claim<'a>)>>;

/// `c`'s path in another case among the waiting articles' paths, told once,
/// at the one out last. (Against a path written now, `held` tells it, and a
/// list there now is told by what meets it.)
fn case_twin(
    plan: &Plan,
    seen: &FxHashMap<&str, usize>,
    by_case: &ByCase<'_>,
    path: &str,
    c: &Claim<'_>,
) -> Option<Diagnostic> {
    let site = &plan.site;
    let s = &site.scheduled[c.k];
    if seen.get(path).is_some_and(|&i| c.is_list(plan.jobs.get(i))) {
        return None;
    }
    let twins = by_case[&path.to_ascii_lowercase()].iter();
    let twins = twins.filter(|(q, _)| *q != path && !seen.contains_key(q));
    let earlier = twins.filter(|(q, o)| {
        let other = &site.scheduled[o.k];
        (other.date, o.k, *q) < (s.date, c.k, path) && overlap(s, other)
    });
    let (twin, o) = earlier.min_by_key(|(q, o)| (site.scheduled[o.k].date, o.k, *q))?;
    let other = &site.scheduled[o.k];
    let how = format!(
        "differs only in case from `{twin}`, {}, so they are one file on macOS and Windows",
        o.what(&other.source)
    );
    Some(c.clash(plan, path, &how))
}

/// The files of the bundles of published articles that expire, by their
/// output path: they go with their article.
fn expiring_bundles<'a>(
    plan: &Plan,
    seen: &FxHashMap<&'a str, usize>,
) -> FxHashMap<&'a str, usize> {
    let site = &plan.site;
    let expiring = site.articles.iter().enumerate();
    let expiring = expiring.filter(|(_, p)| p.publishing.expires.is_some());
    let mut gone = FxHashMap::default();
    for (j, p) in expiring {
        for name in p.bundle.iter().filter_map(|f| f.file_name()?.to_str()) {
            let path = format!("{}{name}", p.path);
            if let Some((&file, _)) = seen.get_key_value(path.as_str()) {
                gone.insert(file, j);
            }
        }
    }
    gone
}

/// Whether two waiting articles are both out at once: from the later's
/// date, until either expires.
fn overlap(a: &Scheduled, b: &Scheduled) -> bool {
    let later = a.date.max(b.date);
    let out = |x: &Scheduled| x.expires.is_none_or(|e| e > later);
    out(a) && out(b)
}

type Describe = fn(&str) -> String;

/// The files this build writes that `path` would meet: the same path, a
/// folder of it written as a file, or the same path in another case.
fn held(
    path: &str,
    seen: &FxHashMap<&str, usize>,
    folded: &FxHashMap<String, usize>,
) -> Vec<(usize, Describe)> {
    let mut found: Vec<(usize, Describe)> = Vec::new();
    if let Some(&i) = seen.get(path) {
        found.push((i, |o| format!("is written twice: by it and by {o}")));
    }
    let folders = path.match_indices('/').map(|(k, _)| &path[..k]);
    if let Some(&i) = folders.filter_map(|f| seen.get(f)).next() {
        found.push((i, |o| format!("needs a folder where {o} writes a file")));
    }
    match folded.get(&path.to_ascii_lowercase()) {
        Some(&i) if !seen.contains_key(path) => found.push((i, |o| {
            format!(
                "differs only in case from a file of {o}, so they are one file on macOS and Windows"
            )
        })),
        _ => {}
    }
    found
}

impl Claim<'_> {
    /// What it is, in messages about another.
    fn what(&self, source: &std::path::Path) -> String {
        let what = match self.what {
            What::Page => "the page of".to_string(),
            What::Alias(..) => "an alias in".to_string(),
            What::List(kind) => format!("the {} of", list_name(kind)),
            What::File => "a file of the bundle of".to_string(),
        };
        format!("{what} {}", source.display())
    }

    fn rank(&self) -> u8 {
        match self.what {
            What::List(_) => 0,
            What::Page | What::File => 1,
            What::Alias(..) => 2,
        }
    }

    /// Whether two claims on one path are two files: two articles' pages
    /// are `site::urls_taken`'s to tell, and two lists of a kind are one.
    fn meets(&self, o: &Claim<'_>) -> bool {
        match (self.what, o.what) {
            (What::Page, What::Page) => false,
            (What::List(a), What::List(b)) => a != b,
            _ => true,
        }
    }

    /// Whether `job` is the list this claim is the first page of.
    fn is_list(&self, job: Option<&Job>) -> bool {
        let What::List(kind) = self.what else {
            return false;
        };
        let s = match (kind, job) {
            (ListKind::Section, Some(Job::Category(_, s)))
            | (ListKind::Tag, Some(Job::Tag(_, s)))
            | (ListKind::Author, Some(Job::Author(_, s)))
            | (ListKind::Series, Some(Job::Series(_, s)))
            | (ListKind::Archive, Some(Job::Archive(_, s))) => s,
            (ListKind::Feed(of), Some(Job::Feed(feed, _))) => {
                return matches!(
                    (of, feed),
                    (FeedKind::Section, FeedOf::Category(_))
                        | (FeedKind::Tag, FeedOf::Tag(_))
                        | (FeedKind::Author, FeedOf::Author(_))
                );
            }
            _ => return false,
        };
        s.number == 1
    }

    fn clash(&self, plan: &Plan, path: &str, how: &str) -> Diagnostic {
        let s = &plan.site.scheduled[self.k];
        let (at, what) = match self.what {
            What::Alias(alias, at) => (at.clone(), format!("its alias `/{alias}`")),
            What::Page => (Location::at(&s.source, 1, 1), "its page".to_string()),
            What::File => (
                Location::at(&s.source, 1, 1),
                "a file of its bundle".to_string(),
            ),
            What::List(kind) => (
                Location::at(&s.source, 1, 1),
                format!("the {} it will be listed in", list_name(kind)),
            ),
        };
        Diagnostic::error(
            at,
            format!("once this article is published, `{path}` ({what}) {how}"),
        )
    }
}

fn list_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Section => "section page",
        ListKind::Tag => "tag page",
        ListKind::Author => "author page",
        ListKind::Series => "series page",
        ListKind::Archive => "date archive page",
        ListKind::Feed(FeedKind::Section) => "section feed",
        ListKind::Feed(FeedKind::Tag) => "tag feed",
        ListKind::Feed(FeedKind::Author) => "author feed",
    }
}

/// Whether file `i` of this build is sure to be written still at `when`,
/// when the articles that expire by then are gone (articles published in
/// between only add). An article's page against another article's page is
/// `site::urls_taken`'s to tell.
fn there_then(
    plan: &Plan,
    i: usize,
    when: jiff::Timestamp,
    what: What<'_>,
    gone: &FxHashMap<&str, usize>,
) -> bool {
    let site = &plan.site;
    let live = |list: &[usize]| {
        let gone = |j: &usize| {
            let e = site.articles[*j].publishing.expires.as_ref();
            e.is_some_and(|e| e.timestamp() <= when)
        };
        list.iter().filter(|j| !gone(j)).count()
    };
    // Page `s` of a list is drawn while the list fills the pages before it.
    let per = site.config.paginate;
    let fills = |list: &[usize], s: &Slice| live(list) > (s.number - 1) * per;
    let Some(job) = plan.jobs.get(i) else {
        // A static file, or one of an expiring article's bundle.
        return gone
            .get(plan.paths[i].as_str())
            .is_none_or(|&j| live(&[j]) == 1);
    };
    match job {
        Job::Article(_) if matches!(what, What::Page) => false,
        Job::Article(j) | Job::Alias(j, _) => live(&[*j]) == 1,
        Job::Category(t, s) => fills(&site.categories[*t].articles, s),
        Job::Tag(t, s) => fills(&site.tags[*t].articles, s),
        Job::Author(a, s) => fills(&site.authors[*a].articles, s),
        Job::Series(x, s) => fills(&site.series[*x].articles, s),
        Job::Archive(p, s) => fills(&site.archives[*p].articles, s),
        Job::Home(s) => s.number == 1 || live(&plan.shared.home) > (s.number - 1) * per,
        Job::Feed(FeedOf::Category(t), _) => live(&site.categories[*t].articles) > 0,
        Job::Feed(FeedOf::Tag(t), _) => live(&site.tags[*t].articles) > 0,
        Job::Feed(FeedOf::Author(a), _) => live(&site.authors[*a].articles) > 0,
        // The corrections log's later pages go with expiring corrections.
        Job::Corrections(s) => s.number == 1,
        _ => true,
    }
}
