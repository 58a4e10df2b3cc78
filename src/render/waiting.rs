//! What publishing an article waiting for its date will write, checked now:
//! its page and its aliases against the files this build writes that are
//! sure to be there still when it comes out, and against each other. The
//! build that publishes it would otherwise fail on the two, though nothing
//! but the time changed. (One article's page against another's is told by
//! `site::urls_taken`. Pages that only publishing brings, such as a new
//! tag's, are not known before then.)

use rustc_hash::FxHashMap;

use super::Plan;
use super::feeds::FeedOf;
use super::jobs::{self, Job, Slice};
use crate::error::{Diagnostic, Location};
use crate::site::Scheduled;

/// A waiting article's page (`alias` none) or one of its aliases.
struct Claim<'a> {
    k: usize,
    alias: Option<(&'a str, &'a Location)>,
}

/// Every clash, at the alias (or the article) that makes it.
pub(super) fn problems(plan: &Plan, seen: &FxHashMap<&str, usize>) -> Vec<Diagnostic> {
    let site = &plan.site;
    let mut claims: FxHashMap<String, Vec<Claim<'_>>> = FxHashMap::default();
    for (k, s) in site.scheduled.iter().enumerate() {
        let page = jobs::file_path(s.path.clone());
        claims
            .entry(page)
            .or_default()
            .push(Claim { k, alias: None });
        for (alias, at) in &s.aliases {
            let file = jobs::file_path(jobs::alias_path(alias));
            let alias = Some((alias.as_str(), at));
            claims.entry(file).or_default().push(Claim { k, alias });
        }
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
                if there_then(plan, i, s.date, c.alias.is_some()) {
                    errors.push(c.clash(plan, path, &how(&plan.origin(i))));
                }
            }
            for (y, o) in claimants.iter().enumerate() {
                let other = &site.scheduled[o.k];
                // Told once, at the one that comes out last (or is written last).
                let first = match o.k == c.k {
                    true => y < x,
                    false => (other.date, o.k) < (s.date, c.k),
                };
                let later = s.date.max(other.date);
                let out = |x: &Scheduled| x.expires.is_none_or(|e| e > later);
                if first && (c.alias.is_some() || o.alias.is_some()) && out(s) && out(other) {
                    let by = format!("is written twice: by it and by {}", o.what(&other.source));
                    errors.push(c.clash(plan, path, &by));
                }
            }
        }
    }
    errors.sort_by(|a, b| a.location.cmp(&b.location));
    errors
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
        let what = if self.alias.is_some() {
            "an alias in"
        } else {
            "the page of"
        };
        format!("{what} {}", source.display())
    }

    fn clash(&self, plan: &Plan, path: &str, how: &str) -> Diagnostic {
        let s = &plan.site.scheduled[self.k];
        let at = self
            .alias
            .map_or_else(|| Location::at(&s.source, 1, 1), |(_, at)| at.clone());
        let what = match self.alias {
            Some((alias, _)) => format!("its alias `/{alias}`"),
            None => "its page".to_string(),
        };
        Diagnostic::error(
            at,
            format!("once this article is published, `{path}` ({what}) {how}"),
        )
    }
}

/// Whether file `i` of this build is sure to be written still at `when`,
/// when the articles that expire by then are gone (articles published in
/// between only add). An article's page against another article's page is
/// `site::urls_taken`'s to tell.
fn there_then(plan: &Plan, i: usize, when: jiff::Timestamp, alias: bool) -> bool {
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
        return true; // a static file
    };
    match job {
        Job::Article(_) if !alias => false,
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
