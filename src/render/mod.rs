//! Stage 5: the site as files, in memory. Pure: reads no content, writes nothing.
//!
//! 1. Make the values many pages share once: the `site` view, each
//!    article's summary and "also read" list.
//! 2. List every file the templates draw (articles, home, categories,
//!    authors, tags, indexes, 404, feeds, redirects) and render them in
//!    parallel.
//! 3. Add the sitemaps and `robots.txt`, then the static files (embedded
//!    theme, theme folder, site); a site's own `robots.txt` wins.
//! 4. Refuse two outputs at one path.

mod feeds;
mod functions;
mod jobs;
pub mod meta;
mod pages;
mod shared;
mod sitemaps;
mod statics;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Diagnostic, Location};
use crate::site::Site;
pub use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated path under the output folder.
    pub rel_path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A static file, copied as it is.
    Copy(PathBuf),
}

/// How many files of each kind a build wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub articles: usize,
    pub categories: usize,
    pub authors: usize,
    pub tags: usize,
    pub feeds: usize,
    pub other: usize,
}

pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub counts: Counts,
}

pub fn site(site: &Site, templates: &Templates) -> Result<Rendered, Vec<Diagnostic>> {
    let shared = Arc::new(shared::Shared::new(site));
    templates.site.set(Arc::clone(&shared));
    let jobs = jobs::all(site);
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| pages::render(site, &shared, templates, job))
        .collect();
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    let entries: Vec<sitemaps::Entry> = jobs
        .iter()
        .filter_map(|j| jobs::sitemap_entry(site, j))
        .collect();
    let mut generated = sitemaps::files(site, &entries);
    match statics::files(&site.config) {
        Ok(statics) => {
            generated.retain(|g| !statics.iter().any(|s| s.rel_path == g.rel_path));
            files.extend(generated);
            files.extend(statics);
        }
        Err(ds) => errors.extend(ds),
    }
    errors.extend(collisions(site, &files, &jobs));
    if errors.is_empty() {
        Ok(Rendered {
            files,
            counts: jobs::count(&jobs),
        })
    } else {
        Err(errors)
    }
}

/// Two outputs at one path: an article slug against a category, an alias
/// against a page, a static file against a page, ...
fn collisions(site: &Site, files: &[OutputFile], jobs: &[jobs::Job]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(&first) = seen.get(f.rel_path.as_str()) {
            let origin = |k: usize| jobs::origin(site, jobs.get(k), &files[k]);
            let source = jobs.get(i).and_then(|j| jobs::source_of(site, j));
            let first_source = jobs.get(first).and_then(|j| jobs::source_of(site, j));
            let location = match source.or(first_source) {
                Some(p) => Location::at(p, 1, 1),
                None => Location::file(origin(i)),
            };
            errors.push(Diagnostic::error(
                location,
                format!(
                    "`{}` would be written twice: by {} and by {}",
                    f.rel_path,
                    origin(first),
                    origin(i)
                ),
            ));
        } else {
            seen.insert(&f.rel_path, i);
        }
    }
    errors
}
