//! dateline: a static site generator for news publishers.
//!
//! The build is a pipeline; each stage is one function, and only the last
//! one writes files (besides the image cache):
//!
//! 1. [`Config::load`]: `config.toml` into a resolved [`Config`].
//! 2. [`content::discover`]: the sorted list of `content/**/*.md`.
//! 3. [`content::parse`]: front matter and body of each file, in parallel.
//! 4. [`Site::build`]: URLs, taxonomies, related links, link targets; then
//!    `images::check`: every picture checked (read once, or not at all when
//!    its file is as the last build found it), its variants planned.
//! 5. `images::publish`: the variants the image cache lacks encoded into
//!    it, in parallel, and every variant added to the static files.
//! 6. [`render::site`]: the plan of every file, checked (no two at one path);
//!    [`render::Plan::with_search`] adds the search index when `[search]` is on.
//! 7. [`output::write`]: renders each file through the templates as it writes
//!    it into a staging folder, which replaces the output only if every file
//!    succeeded; with the build cache's record of the previous build, only
//!    the changed files, renamed into the output once all succeeded.
//!
//! The build cache lies over stage 7 without entering the stages: a page
//! whose variables and template calls are what the last build recorded is
//! left in the previous output instead of drawn (`cache`,
//! `render::record`), and the record is saved once the output is in place.
//! Under stage 3 it keeps each article's converted body by the digest of
//! its file (`content::bodies`), so an unchanged file is not converted again.
//!
//! Problems are collected across stages and reported together. A build with
//! any problem, even one found while rendering in stage 7, leaves the output
//! folder exactly as it was.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod cache;
pub mod cli;
pub mod cms;
pub mod config;
pub mod content;
pub mod error;
pub(crate) mod images;
pub mod markdown;
pub mod output;
pub(crate) mod parse_error;
pub(crate) mod paths;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub(crate) mod suggest;
pub(crate) mod timings;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::Config;
pub use error::{Diagnostic, Diagnostics, Error, Result};
pub use images::ImageStats;
pub use render::Templates;
pub use site::{BuildOptions, Site};
pub use timings::Timings;

/// What `dateline build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildRequest {
    /// The site's folder (holds `config.toml` and `content/`).
    pub root: PathBuf,
    /// Where to write the site; `None` is `<root>/public`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of `config.toml` when set.
    pub base_url: Option<String>,
    /// Publish articles marked `draft = true`.
    pub drafts: bool,
    /// Publish articles dated after "now".
    pub future: bool,
    /// "Now" for everything time-based; `None` is the clock.
    pub now: Option<jiff::Timestamp>,
    /// Draw only the pages whose inputs changed since the last build into
    /// the same output, as recorded in `.dateline-cache/pages/`, and convert
    /// only the articles whose file changed, their bodies kept in
    /// `.dateline-cache/bodies/` (`--no-cache` turns both off).
    pub cache: bool,
    /// The folder of the build cache; `None` is `.dateline-cache/pages/`
    /// beside the output folder, and `.dateline-cache/bodies/` by it
    /// (`--cache-dir`: `DIR` and `DIR/bodies/`).
    pub cache_dir: Option<PathBuf>,
    /// After a successful build, remove from the image cache the variants
    /// it did not use (`--gc`).
    pub gc: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The folder the site was written to.
    pub output: PathBuf,
    /// How many files of each kind it rendered (static files not counted).
    pub counts: render::Counts,
    /// How many files were written, kept and removed.
    pub writes: output::WriteStats,
    /// Problems that did not fail the build, sorted by file, line and column.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
    /// How many picture variants were encoded and taken from the cache.
    pub images: ImageStats,
    /// How many article bodies were converted and taken from the cache.
    pub bodies: content::BodyStats,
    /// The articles left out (drafts, scheduled, expired).
    pub skipped: site::schedule::Skipped,
    /// When the published set next changes, so a scheduler knows when to rebuild.
    pub next_change: Option<site::schedule::NextChange>,
    /// The site and its plan, freed with the report.
    pub made: Made,
}

/// What a build made, held by its report so that its caller chooses when to
/// free it: `dateline build` exits without freeing it, as freeing a large
/// site's millions of small values one by one takes longer than exiting.
pub struct Made {
    _plan: render::Plan,
}

impl std::fmt::Debug for Made {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Made")
    }
}

/// Every stage: loads and checks the site, then writes it into the output
/// folder, which stays as it was if anything failed.
pub fn build(req: &BuildRequest) -> Result<BuildReport> {
    let mut t = Timings::default();
    let output = req.output.clone();
    let output = output.unwrap_or_else(|| content::display_path(&req.root, "public"));
    output::check_place(&output, &req.root)?;
    if let Some(dir) = &req.cache_dir {
        output::check_cache_place(dir, &output, &req.root)?;
    }
    let mut sources = Kept::new(req, &output);
    if let Some(dir) = &sources.dir {
        output::check_apart(&output, dir)?;
    }
    let (mut site, templates, mut warnings) = load_with(req, &mut t, &mut sources)?;
    t.time("encode", || images::publish(&mut site))
        .map_err(Error::Content)?;
    let next_change = site.next_change.clone();
    let skipped = site.skipped;
    let mut images = site.images.stats;
    let used = std::mem::take(&mut site.images.used);
    let root = site.config.root.clone();
    let keep = output::Keep {
        names: site.config.keep.clone(),
        site: std::fs::canonicalize(&req.root).ok(),
    };
    let memo = req.cache.then(|| cache_of(req, &site, &templates, &output));
    let previous = t.time("cache", || {
        memo.as_ref().and_then(|m| m.open(&mut warnings))
    });
    let plan = t.time("plan", || render::site(Arc::new(site), Arc::new(templates)));
    let mut plan = plan.map_err(Error::Content)?;
    // With a record of the previous build, only what changed is written.
    let in_place = previous.is_some();
    if memo.is_some() {
        plan = plan.with_previous(previous);
    }
    let plan = t
        .time("search", || plan.with_search())
        .map_err(Error::Content)?;
    let writes = t.time("render+write", || match in_place {
        true => output::update_keeping(&output, &plan, &keep),
        false => output::write_keeping(&output, &plan, &keep),
    })?;
    if let Some(m) = memo {
        t.time("cache write", || m.save(&plan, &mut warnings));
    }
    sources.after_build(&mut warnings);
    if req.gc {
        t.time("image gc", || {
            images::collect_garbage(&root, &used, &mut images)
        });
    }
    let counts = plan.counts;
    Ok(BuildReport {
        skipped,
        next_change,
        output,
        counts,
        writes,
        warnings,
        timings: t,
        images,
        bodies: sources.stats,
        made: Made { _plan: plan },
    })
}

/// The build's page cache: what it must match, and where it lives.
fn cache_of(req: &BuildRequest, site: &Site, templates: &Templates, output: &Path) -> cache::Memo {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&site.config.source_digest.to_le_bytes());
    h.update(&templates.digest.to_le_bytes());
    let dir = req.cache_dir.clone();
    cache::Memo::new(h.digest128(), &site.config.root, output, dir)
}

/// Stages 1 to 4 and the templates: everything a build checks before rendering.
pub fn load(req: &BuildRequest, t: &mut Timings) -> Result<(Site, Templates, Vec<Diagnostic>)> {
    load_with(req, t, &mut Fresh)
}

/// Where [`load_with`] gets the templates and stages 2 and 3 from.
pub(crate) trait Sources {
    /// The site's templates.
    fn templates(
        &mut self,
        config: &Config,
        t: &mut Timings,
    ) -> std::result::Result<Templates, Vec<Diagnostic>>;
    /// Stages 2 and 3: the content files, parsed.
    fn content(
        &mut self,
        config: &Config,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> content::Content;
}

/// `build`'s sources: every file read.
struct Fresh;

impl Sources for Fresh {
    fn templates(
        &mut self,
        config: &Config,
        t: &mut Timings,
    ) -> std::result::Result<Templates, Vec<Diagnostic>> {
        t.time("templates", || Templates::load(config))
    }

    fn content(
        &mut self,
        config: &Config,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> content::Content {
        let files = t.time("discover", || content::discover(config, d));
        t.time("parse", || content::parse(&files, config, d))
    }
}

/// `build`'s sources: every file read, and with the build cache on, each
/// unchanged article's body taken from what the last builds kept
/// (`content::bodies`). This build's bodies are kept at once: whatever
/// becomes of the build, each is what its file converts to.
struct Kept {
    dir: Option<PathBuf>,
    stats: content::BodyStats,
    /// The files the kept bodies' HTML is read from.
    files: Vec<Arc<content::bodies::Blobs>>,
    /// This build's spill file, when some HTML is still read from it.
    spill: Option<PathBuf>,
}

impl Kept {
    /// One folder of bodies per site folder: two sites whose outputs stand
    /// side by side would otherwise each remove the other's bodies from the
    /// files they share, while one site's outputs (a preview with drafts,
    /// say) can share them, as a body's key holds its file's path.
    fn new(req: &BuildRequest, output: &Path) -> Kept {
        let base = match &req.cache_dir {
            Some(dir) => dir.join("bodies"),
            None => output::place::parent_of(output).join(content::bodies::DIR),
        };
        let dir = base.join(cache::path_name(&req.root));
        Kept {
            dir: req.cache.then_some(dir),
            stats: content::BodyStats::default(),
            files: Vec::new(),
            spill: None,
        }
    }

    /// Removes this build's spill file, and, with a warning, each file of
    /// bodies some HTML of which did not read back while drawing (it was
    /// converted again instead).
    fn after_build(&self, warnings: &mut Vec<Diagnostic>) {
        if let Some(spill) = &self.spill {
            let _ = std::fs::remove_file(spill);
        }
        warnings.extend(self.files.iter().filter_map(|f| f.remove_if_damaged()));
    }
}

impl Sources for Kept {
    fn templates(
        &mut self,
        config: &Config,
        t: &mut Timings,
    ) -> std::result::Result<Templates, Vec<Diagnostic>> {
        Fresh.templates(config, t)
    }

    fn content(
        &mut self,
        config: &Config,
        d: &mut Diagnostics,
        t: &mut Timings,
    ) -> content::Content {
        let Some(dir) = self.dir.clone() else {
            let content = Fresh.content(config, d, t);
            self.stats.converted = content.articles.len();
            return content;
        };
        let mut warnings = Vec::new();
        let bodies = t.time("bodies", || {
            content::bodies::Bodies::open(dir, &mut warnings)
        });
        let files = t.time("discover", || content::discover(config, d));
        let (mut content, used, stats) =
            t.time("parse", || content::parse_kept(&files, config, &bodies, d));
        self.stats = stats;
        let kept = t.time("bodies write", || bodies.save(used, &mut warnings));
        content::keep_html(&mut content.articles, &kept);
        let files = kept.values().map(|at| (at.file().path(), at.file()));
        let files: std::collections::BTreeMap<_, _> = files.collect();
        self.files = files.into_values().map(Arc::clone).collect();
        self.spill = bodies.finish();
        d.extend(warnings);
        content
    }
}

/// [`load`] with other sources: `serve` passes ones that reuse the files
/// that did not change since its last build.
pub(crate) fn load_with(
    req: &BuildRequest,
    t: &mut Timings,
    sources: &mut impl Sources,
) -> Result<(Site, Templates, Vec<Diagnostic>)> {
    let config = t.time("config", || {
        Config::load(&req.root, req.base_url.as_deref())
    })?;
    let now = req.now.unwrap_or_else(jiff::Timestamp::now);
    let now = now.to_zoned_datetime(config.timezone.clone());
    let options = BuildOptions {
        drafts: req.drafts,
        future: req.future,
        now,
    };
    let mut diagnostics = Diagnostics::default();
    let d = &mut diagnostics;
    let templates = sources.templates(&config, t);
    let templates = templates.map_err(|e| d.extend(e)).ok();
    let statics = t.time("static", || render::statics::files(&config));
    let statics = statics.map_err(|e| d.extend(e)).unwrap_or_default();
    let content = sources.content(&config, d, t);
    let mut site = Site::build(config, content, statics, &options, d, t);
    t.time("images", || images::check(&mut site, d));
    if let Some(templates) = &templates {
        d.extend(render::components::unknown(&site, templates));
    }
    let warnings = diagnostics.check()?.into_sorted();
    let templates = templates.expect("template errors are reported by check()");
    Ok((site, templates, warnings))
}

/// Finds an article of a loaded site by its path under `content/` or on disk.
pub fn find_article(site: &Site, reference: &str) -> Option<usize> {
    let content_dir = content::display_path(&site.config.root, content::CONTENT_DIR);
    let r = std::path::Path::new(reference);
    let rel = r
        .strip_prefix(&content_dir)
        .unwrap_or(r)
        .to_string_lossy()
        .replace('\\', "/");
    let key = site::article_key(&rel);
    site.articles
        .iter()
        .position(|p| site::article_key(&p.rel_path) == key)
}

/// Everything a build checks (content, references, templates, every page
/// rendered), writing nothing. Returns the warnings and how many files the
/// build would write.
pub fn check(req: &BuildRequest, t: &mut Timings) -> Result<(Vec<Diagnostic>, usize)> {
    use output::Files;
    use rayon::prelude::*;
    let (site, templates, warnings) = load(req, t)?;
    let mut problems = Diagnostics::default();
    problems.extend(t.time("images", || images::verify(&site)));
    let plan = t.time("plan", || render::site(Arc::new(site), Arc::new(templates)));
    let plan = plan.and_then(|plan| t.time("search", || plan.with_search()));
    let plan = match plan {
        Ok(plan) => plan,
        // As `build` reports them, after any picture that would not decode.
        Err(errors) => {
            let mut all = problems.into_sorted();
            all.extend(errors);
            return Err(Error::Content(all));
        }
    };
    let errors: Vec<Diagnostic> = t.time("render", || {
        (0..plan.count())
            .into_par_iter()
            .filter_map(|i| plan.file(i).err())
            .collect()
    });
    problems.extend(errors);
    problems.check()?;
    Ok((warnings, plan.count()))
}
