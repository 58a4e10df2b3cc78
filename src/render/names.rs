//! Step 4 of the plan: every output path must be writable on every system a
//! site is built on or served from, and no two files may meet at one path,
//! so `check` finds what `build` would otherwise fail on while writing.

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::{Plan, jobs};
use crate::error::{Diagnostic, Location};
use crate::paths::bad_file_name;

/// Two outputs at one path (an article slug against a category, an alias
/// against a page, a static file against a page), one path that is a file
/// for one output and a folder for another, or a name no system accepts.
pub(super) fn problems(plan: &Plan) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    seen.reserve(plan.paths.len());
    let mut errors = Vec::new();
    for (i, path) in plan.paths.iter().enumerate() {
        match seen.get(path.as_str()) {
            None => drop(seen.insert(path, i)),
            Some(&first) => errors.push(twice(plan, first, i)),
        }
    }
    let per_path = |(i, path): (usize, &String)| bad_names(plan, i, path, &seen);
    errors.extend(
        plan.paths
            .par_iter()
            .enumerate()
            .flat_map_iter(per_path)
            .collect::<Vec<_>>(),
    );
    errors.extend(case_twins(plan, &seen));
    errors.extend(waiting(plan, &seen));
    errors
}

/// The pages and aliases of articles waiting for their date, against what
/// this build writes and against each other: the build that publishes one
/// would fail on the two, when nothing but the time changed. (One article's
/// page against another's is told by `site::urls_taken`.)
fn waiting(plan: &Plan, seen: &FxHashMap<&str, usize>) -> Vec<Diagnostic> {
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
    let mut errors = Vec::new();
    for (path, claimants) in &claims {
        for (x, c) in claimants.iter().enumerate() {
            let s = &site.scheduled[c.k];
            if let Some(&i) = seen.get(path.as_str())
                && let Some(by) = written_then(plan, i, s.date, c.alias.is_some())
            {
                errors.push(c.twice(plan, path, &by));
            }
            for (y, o) in claimants.iter().enumerate() {
                let other = &site.scheduled[o.k];
                let later = s.date.max(other.date);
                // Told once, at the one that comes out last (or is written last).
                let first = match o.k == c.k {
                    true => y < x,
                    false => (other.date, o.k) < (s.date, c.k),
                };
                let out = |x: &crate::site::Scheduled| x.expires.is_none_or(|e| e > later);
                if first && (c.alias.is_some() || o.alias.is_some()) && out(s) && out(other) {
                    let by = o.what(&other.source);
                    errors.push(c.twice(plan, path, &by));
                }
            }
        }
    }
    errors
}

/// A waiting article's page (`alias` none) or one of its aliases.
struct Claim<'a> {
    k: usize,
    alias: Option<(&'a str, &'a Location)>,
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

    fn twice(&self, plan: &Plan, path: &str, by: &str) -> Diagnostic {
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
            format!(
                "`{path}` would be written twice once this article is published: by {what} and by {by}"
            ),
        )
    }
}

/// What this build writes as file `i`, if it is still there at `when`: an
/// article's page or alias goes when the article expires. An article's
/// page against another article's page is `site::urls_taken`'s to tell.
fn written_then(plan: &Plan, i: usize, when: jiff::Timestamp, alias: bool) -> Option<String> {
    let article = match plan.jobs.get(i) {
        Some(jobs::Job::Article(_)) if !alias => return None,
        Some(jobs::Job::Article(j) | jobs::Job::Alias(j, _)) => Some(*j),
        _ => None,
    };
    let expires = article.and_then(|j| plan.site.articles[j].publishing.expires.as_ref());
    let gone = expires.is_some_and(|e| e.timestamp() <= when);
    (!gone).then(|| plan.origin(i))
}

/// Where the error about file `i` (written with file `other`) is reported:
/// the content file behind either, else what writes it.
fn locate(plan: &Plan, i: usize, other: usize) -> Location {
    let source = |k: usize| plan.jobs.get(k).and_then(|j| jobs::named_in(&plan.site, j));
    match source(i).or(source(other)) {
        Some(p) => Location::at(p, 1, 1),
        None => Location::file(plan.origin(i)),
    }
}

fn twice(plan: &Plan, first: usize, i: usize) -> Diagnostic {
    let path = &plan.paths[i];
    Diagnostic::error(
        locate(plan, i, first),
        format!(
            "`{path}` would be written twice: by {} and by {}",
            plan.origin(first),
            plan.origin(i)
        ),
    )
}

/// A name in `path` no system accepts, or a folder in it that another
/// output writes as a file (an alias `/rss.xml/` against the feed).
fn bad_names(plan: &Plan, i: usize, path: &str, seen: &FxHashMap<&str, usize>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if let Some((name, why)) = path
        .split('/')
        .find_map(|n| bad_file_name(n).map(|w| (n, w)))
    {
        let shown: String = name.chars().take(40).collect();
        let more = if shown.len() < name.len() { "…" } else { "" };
        errors.push(Diagnostic::error(
            locate(plan, i, i),
            format!(
                "`{shown}{more}` in the output path of {} {why}",
                plan.origin(i)
            ),
        ));
    }
    let folders = path.match_indices('/').map(|(k, _)| &path[..k]);
    if let Some((folder, &file)) = folders.filter_map(|f| seen.get(f).map(|k| (f, k))).next() {
        errors.push(Diagnostic::error(
            locate(plan, i, file),
            format!(
                "`{folder}` would be a file, written by {}, and a folder holding `{path}`, written by {}",
                plan.origin(file),
                plan.origin(i)
            ),
        ));
    }
    errors
}

/// Paths that differ only in case are one file on macOS and Windows.
fn case_twins(plan: &Plan, seen: &FxHashMap<&str, usize>) -> Vec<Diagnostic> {
    let mut folded: FxHashMap<String, usize> = FxHashMap::default();
    let mut errors = Vec::new();
    for (i, path) in plan.paths.iter().enumerate() {
        if !path.bytes().any(|b| b.is_ascii_uppercase()) || seen.get(path.as_str()) != Some(&i) {
            continue;
        }
        let lower = path.to_ascii_lowercase();
        let twin = seen
            .get(lower.as_str())
            .copied()
            .or_else(|| folded.get(&lower).copied());
        match twin {
            Some(first) => errors.push(Diagnostic::error(
                locate(plan, i, first),
                format!(
                    "`{path}` and `{}` differ only in case, so they are one file on macOS and Windows: written by {} and by {}",
                    plan.paths[first],
                    plan.origin(first),
                    plan.origin(i)
                ),
            )),
            None => drop(folded.insert(lower, i)),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use crate::paths::bad_file_name;

    #[test]
    fn names_every_system_accepts() {
        for ok in [
            "index.html",
            "beijing-parade",
            "Logo.PNG",
            "console",
            "com10",
            "北京.txt",
        ] {
            assert_eq!(bad_file_name(ok), None, "{ok}");
        }
        let long = "x".repeat(256);
        for bad in [
            "a:b.txt", "con", "NUL.txt", "com1", "lpt9.log", "aux.html", "q?", "tab\t", &long,
        ] {
            assert!(bad_file_name(bad).is_some(), "{bad}");
        }
    }
}
