//! Stage 5: the site as files, in memory. Pure: reads no content, writes nothing.
//!
//! 1. Make the values many pages share once: the `site` view, each
//!    article's summary and "also read" list.
//! 2. List every file the templates draw (articles, home, categories,
//!    authors, tags, series, indexes, date archives, the corrections log,
//!    404, feeds, redirects and the hosts' redirect files) and render them
//!    in parallel.
//! 3. Add the sitemaps and `robots.txt` (drawn like pages, when written),
//!    then the static files (embedded theme, theme folder, site) and the
//!    files of page bundles; a site's own `robots.txt` wins.
//! 4. Refuse two outputs at one path, and names some system would refuse.
//! 5. With `[search]` on, [`Plan::with_search`] adds the search index's files.

mod archive;
pub(crate) mod components;
mod corrections;
mod feeds;
mod functions;
mod hosts;
mod jobs;
mod jsonld;
mod live;
mod meta;
mod names;
mod pages;
mod partials;
pub(crate) mod record;
pub(crate) mod search;
mod series;
mod shared;
mod sitemaps;
pub(crate) mod statics;
mod templates;
mod toc;
mod views;
mod waiting;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::cache::{Record, Table};
use crate::error::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::site::Site;
pub use templates::Templates;

/// How many files of each kind a build wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Article pages.
    pub articles: usize,
    /// Category pages, one per page of each category's list.
    pub categories: usize,
    /// Author pages, one per page of each author's list.
    pub authors: usize,
    /// Tag pages, one per page of each tag's list.
    pub tags: usize,
    /// RSS and Atom files.
    pub feeds: usize,
    /// Everything else drawn by a template: home pages, series pages,
    /// indexes, archive pages, the corrections log, 404, redirects, sitemaps,
    /// `robots.txt` (static files are not counted).
    pub other: usize,
}

/// The site's files, made on demand: the writer renders each file as it
/// writes it, so the whole site is never in memory at once.
pub struct Plan {
    site: Arc<Site>,
    templates: Arc<Templates>,
    shared: Arc<shared::Shared>,
    jobs: Vec<jobs::Job>,
    /// Files made before rendering: the site's static files, then the
    /// search index.
    ready: Vec<OutputFile>,
    /// The path of every file: the jobs' first, then the ready files.
    paths: Vec<String>,
    /// How many files of each kind it holds.
    pub counts: Counts,
    /// The previous build's record of its pages, when it has a usable one.
    previous: Option<crate::cache::Previous>,
    /// Whether each of the previous build's calls answers the same now.
    same: Vec<OnceLock<bool>>,
    /// What this build learned of each page it made.
    records: Vec<OnceLock<Record>>,
    /// The stamp of each page as this build placed it.
    stamps: Vec<OnceLock<crate::output::Stamp>>,
    /// The function calls the records name.
    calls: std::sync::Mutex<Table>,
}

/// Stage 5: the plan of every file of `site`, or an error for each path two
/// files would share.
pub fn site(site: Arc<Site>, templates: Arc<Templates>) -> Result<Plan, Vec<Diagnostic>> {
    let s = site.as_ref();
    let shared = shared::Shared::new(Arc::clone(&site), &templates);
    let mut jobs = jobs::all(s);
    jobs.extend(hosts::jobs(s));
    let statics = &s.statics;
    let generated = sitemaps::files(s, &jobs).into_iter();
    let own = |f: &sitemaps::File| statics.iter().all(|st| st.rel_path != sitemaps::path(*f));
    jobs.extend(generated.filter(own).map(jobs::Job::Generated));
    let mut paths: Vec<String> = jobs
        .par_iter()
        .map(|j| jobs::file_path(jobs::path(s, j)))
        .collect();
    let ready = statics.clone();
    paths.extend(ready.iter().map(|f| f.rel_path.clone()));
    let counts = jobs::count(&jobs);
    let plan = Plan {
        site,
        templates,
        shared,
        counts,
        jobs,
        ready,
        paths,
        previous: None,
        same: Vec::new(),
        records: Vec::new(),
        stamps: Vec::new(),
        calls: std::sync::Mutex::default(),
    };
    let mut errors = hosts::check(&plan.site, &plan.paths);
    errors.extend(names::problems(&plan));
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

impl Plan {
    /// The plan with the search index's files, when `[search]` is on: made
    /// apart from [`site`] because indexing takes seconds on a large archive,
    /// which `serve` spends after showing the saved page.
    pub fn with_search(mut self) -> Result<Plan, Vec<Diagnostic>> {
        let files = search::files(&self.site).map_err(|d| vec![d])?;
        self.paths.extend(files.iter().map(|f| f.rel_path.clone()));
        self.ready.extend(files);
        let errors = names::problems(&self);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// The plan drawing only the pages whose inputs changed since the
    /// build `previous` records.
    pub(crate) fn with_previous(mut self, previous: Option<crate::cache::Previous>) -> Plan {
        let calls = previous.as_ref().map_or(0, |p| p.stored.calls.len());
        self.same = (0..calls).map(|_| OnceLock::new()).collect();
        // The ready files too: a copied file is recorded by its source.
        let n = self.jobs.len() + self.ready.len();
        self.records = (0..n).map(|_| OnceLock::new()).collect();
        self.stamps = (0..n).map(|_| OnceLock::new()).collect();
        self.previous = previous;
        self
    }

    /// The function calls the records name, taken out.
    pub(crate) fn calls(&self) -> Vec<crate::render::record::Call> {
        std::mem::take(&mut *self.table()).into_calls()
    }

    /// Each page made and placed, by its path, with what was learned of it.
    pub(crate) fn records(&self) -> Vec<(&str, &Record, crate::output::Stamp)> {
        let made = self.records.iter().zip(&self.stamps).enumerate();
        let placed = made.filter_map(|(i, (r, s))| Some((i, r.get()?, *s.get()?)));
        placed
            .map(|(i, r, s)| (self.paths[i].as_str(), r, s))
            .collect()
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether the previous build's call `k` answers the same now.
    fn answers_same(&self, k: u32) -> bool {
        let (Some(previous), Some(slot)) = (&self.previous, self.same.get(k as usize)) else {
            return false;
        };
        *slot.get_or_init(|| {
            let c = &previous.stored.calls[k as usize];
            let now = c
                .kwargs()
                .map(|kw| functions::call(&self.shared, &c.name, &kw));
            now.is_some_and(|v| v.is_ok_and(|v| record::digest(&v) == c.answer))
        })
    }

    /// Draws job `i`'s page, or says the previous build's file stands.
    fn page(
        &self,
        i: usize,
        job: &jobs::Job,
        kept: &dyn Fn(&crate::output::Stamp, u64) -> bool,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let (site, shared, templates) = (&self.site, &self.shared, &self.templates);
        let filled = pages::fill_page(site, shared, templates, job)?;
        let inputs = filled.digest(shared, job);
        let before = self.previous.as_ref().and_then(|p| p.page(&self.paths[i]));
        if let Some(before) = before.filter(|b| b.inputs == inputs)
            && before.calls.iter().all(|&k| self.answers_same(k))
            && kept(&before.stamp, before.hash)
        {
            let old = self
                .previous
                .as_ref()
                .map_or(&[][..], |p| &p.stored.calls[..]);
            let calls = self.table().carry(old, &before.calls);
            let hash = before.hash;
            let _ = self.records[i].set(Record {
                inputs,
                calls,
                hash,
            });
            return Ok(None);
        }
        let (file, calls) = pages::draw(site, shared, templates, job, filled)?;
        let calls = self.table().add(calls);
        let hash = match &file.contents {
            Contents::Bytes(b) => xxhash_rust::xxh3::xxh3_64(b),
            Contents::Copy(_) => 0,
        };
        let _ = self.records[i].set(Record {
            inputs,
            calls,
            hash,
        });
        Ok(Some(file))
    }

    /// Copies ready file `i`, or says the previous build's copy stands: its
    /// source has the stamp it had then, and the copy the stamp it was
    /// placed with, so neither is read (a picture's variants are most of a
    /// site's bytes).
    fn copy(
        &self,
        i: usize,
        kept: &dyn Fn(&crate::output::Stamp, u64) -> bool,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let file = &self.ready[i - self.jobs.len()];
        let Contents::Copy(src) = &file.contents else {
            return Ok(Some(file.clone()));
        };
        let Some(source) = crate::output::Stamp::of(src) else {
            return Ok(Some(file.clone()));
        };
        let inputs = record::copied(src, &source);
        let before = self.previous.as_ref().and_then(|p| p.page(&self.paths[i]));
        let stands = before.is_some_and(|b| b.inputs == inputs && kept(&b.stamp, b.hash));
        let record = Record {
            inputs,
            calls: Vec::new(),
            // Never the hash of a copy's bytes, which are not read: a copy
            // whose stamp changed is compared with its source instead.
            hash: 0,
        };
        let _ = self.records[i].set(record);
        Ok((!stands).then(|| file.clone()))
    }

    fn origin(&self, i: usize) -> String {
        match self.jobs.get(i) {
            Some(job) => jobs::origin(&self.site, job),
            None => match &self.ready[i - self.jobs.len()].contents {
                Contents::Copy(p) => p.display().to_string(),
                Contents::Bytes(_) => format!("the generated `{}`", self.paths[i]),
            },
        }
    }
}

impl crate::output::Files for Plan {
    fn count(&self) -> usize {
        self.paths.len()
    }

    fn rel_path(&self, i: usize) -> &str {
        &self.paths[i]
    }

    fn file(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let (site, templates) = (&self.site, &self.templates);
        match self.jobs.get(i) {
            Some(jobs::Job::Generated(f)) => sitemaps::render(
                site,
                templates,
                &self.shared.tera,
                self.shared.site_value(),
                &self.jobs,
                *f,
            ),
            Some(job) => pages::render(site, &self.shared, templates, job),
            None => Ok(self.ready[i - self.jobs.len()].clone()),
        }
    }

    fn file_or_kept(
        &self,
        i: usize,
        kept: &dyn Fn(&crate::output::Stamp, u64) -> bool,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        match self.jobs.get(i) {
            Some(job) if self.records.len() > i && !matches!(job, jobs::Job::Generated(_)) => {
                self.page(i, job, kept)
            }
            None if self.records.len() > i => self.copy(i, kept),
            _ => self.file(i).map(Some),
        }
    }

    fn placed(&self, i: usize, stamp: &dyn Fn() -> Option<crate::output::Stamp>) {
        if let (Some(slot), Some(_)) = (
            self.stamps.get(i),
            self.records.get(i).and_then(OnceLock::get),
        ) && let Some(s) = stamp()
        {
            let _ = slot.set(s);
        }
    }
}
