//! Stage 5: the site as files, in memory. Pure: reads no content, writes nothing.
//!
//! 1. Make the values every page shares once: the `site` view and each
//!    article's summary.
//! 2. List every page to write (articles, home, categories, authors, tags,
//!    their indexes, 404) and render them in parallel.
//! 3. Add the static files: embedded theme, then theme folder, then site.
//! 4. Refuse two outputs at one path.

mod functions;
mod pages;
mod shared;
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

/// How many pages of each kind a build wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub articles: usize,
    pub categories: usize,
    pub authors: usize,
    pub tags: usize,
    pub other: usize,
}

pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub counts: Counts,
}

pub fn site(site: &Site, templates: &Templates) -> Result<Rendered, Vec<Diagnostic>> {
    let shared = Arc::new(shared::Shared::new(site));
    templates.site.set(Arc::clone(&shared));
    let tera = &templates.tera;
    let jobs = pages::jobs(site);
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| pages::render(site, &shared, tera, templates, job))
        .collect();
    let counts = pages::count(&jobs);
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    match statics::files(&site.config) {
        Ok(statics) => files.extend(statics),
        Err(ds) => errors.extend(ds),
    }
    errors.extend(collisions(site, &files, &jobs));
    if errors.is_empty() {
        Ok(Rendered { files, counts })
    } else {
        Err(errors)
    }
}

/// Two outputs at one path: an article slug against a category, a static file, ...
fn collisions(site: &Site, files: &[OutputFile], jobs: &[pages::Job]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(&first) = seen.get(f.rel_path.as_str()) {
            let origin = |k: usize| pages::origin(site, jobs.get(k), &files[k]);
            let location = match jobs.get(i).and_then(|j| pages::source_of(site, j)) {
                Some(p) => Location::file(p),
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
