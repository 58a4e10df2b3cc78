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
    errors.extend(super::waiting::problems(plan, &seen));
    errors
}

/// Where the error about file `i` (written with file `other`) is reported:
/// the content file behind either, else what writes it.
fn locate(plan: &Plan, i: usize, other: usize) -> Location {
    // An alias is told where it is written.
    let alias = |k: usize| match plan.jobs.get(k) {
        Some(jobs::Job::Alias(a, n)) => plan.site.articles[*a].publishing.alias_at.get(*n),
        _ => None,
    };
    if let Some(at) = alias(i).or(alias(other)) {
        return at.clone();
    }
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
