//! Pictures: every image an article uses that lives in the site is read
//! once, its size checked from its header, and published as variants at
//! the configured widths in AVIF, WebP and its own format, with Google's
//! three crops for lead images. Variants are encoded into a cache beside
//! the output and copied from there by the one writer, so an unchanged
//! rebuild encodes nothing.

pub(crate) mod cache;
mod encode;
pub(crate) mod markup;
pub(crate) mod plan;
mod probe;
mod probes;
mod svg;
mod uses;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::image::{Focus, Image};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::output::{Contents, OutputFile};
use crate::site::Site;
use markup::Markup;
use plan::{GOOGLE_WIDTH, Rect};
pub(crate) use plan::{Set, Variant};
use probe::{Kind, Probe};
pub(crate) use uses::{Need, PICTURE_COMPONENTS, Shown, Use};

/// Google's three crops for article images, widest first.
pub(crate) const RATIOS: [(u32, u32); 3] = [(16, 9), (4, 3), (1, 1)];

/// A picture as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Picture {
    /// The source's size, when known.
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    /// Its variants; none for a picture published as it is (SVG, GIF).
    pub(crate) raster: Option<Raster>,
}

/// The variants of a JPEG or PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Raster {
    /// The whole picture, for pictures in the body.
    pub(crate) full: Option<Set>,
    /// The 16:9 crop at every width, for lead images and cards.
    pub(crate) wide: Option<Set>,
    /// The 1:1 crop at the portrait widths, for authors' photos.
    pub(crate) square: Option<Set>,
    /// The 16:9, 4:3 and 1:1 crops at Google's width, for structured data.
    pub(crate) crops: Vec<Variant>,
    /// What pages list of each set.
    pub(crate) markup: Markup,
}

impl Raster {
    /// Every variant it publishes.
    fn variants(&self) -> impl Iterator<Item = &Variant> {
        let sets = self.full.iter().chain(&self.wide).chain(&self.square);
        sets.flat_map(|s| &s.variants).chain(&self.crops)
    }
}

/// The pictures of the site, by the article and `src` that name them.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    /// By article file, then by what it names: found without making a key.
    /// The file's path is hashed as bytes (a `Path` hashes component by
    /// component), as every card asks: keys and lookups are the same paths.
    map: rustc_hash::FxHashMap<std::ffi::OsString, Vec<(Key, Arc<Picture>)>>,
    /// How many variants this build encoded, and took from the cache.
    pub(crate) stats: ImageStats,
    /// The variants of each source file, until [`publish`] encodes them.
    jobs: BTreeMap<PathBuf, Vec<Variant>>,
    /// Where each source file is used, for errors found while decoding it.
    users: HashMap<PathBuf, Vec<Location>>,
    /// The output paths of variants only pictures waiting for their time
    /// use: encoded into the cache, so their publishing cannot fail, but
    /// not published yet.
    unpublished: HashSet<String>,
    /// The image cache's files this build uses, kept by [`publish`] for
    /// [`collect_garbage`].
    pub(crate) used: HashSet<PathBuf>,
    /// This build's probes, to keep in the image cache if they changed.
    fresh: Option<Vec<probes::Kept>>,
}

/// What an article names: a picture at a focal point, for a need (an
/// article may show one picture as its lead and in its body).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    src: String,
    focus: [u64; 2],
    need: Need,
}

impl Key {
    fn is(&self, src: &str, focus: Focus, need: Need) -> bool {
        self.src == src && self.focus == focus.0.map(f64::to_bits) && self.need == need
    }
}

impl Catalog {
    /// The picture of a front matter `image`.
    pub(crate) fn image(&self, i: &Image) -> Option<&Picture> {
        let at = i.at.as_ref()?;
        // Its file says which: an article's, an author's or a list page's.
        [Need::Lead, Need::Portrait, Need::Cover]
            .into_iter()
            .find_map(|need| self.find(&at.path, &i.src, i.focus(), need))
    }

    /// The picture `src` in the body of the article whose file is `article`.
    pub(crate) fn get(&self, article: &Path, src: &str, focus: Focus) -> Option<&Picture> {
        self.find(article, src, focus, Need::Inline)
    }

    fn find(&self, article: &Path, src: &str, focus: Focus, need: Need) -> Option<&Picture> {
        let named = self.map.get(article.as_os_str())?;
        let found = named.iter().find(|(k, _)| k.is(src, focus, need));
        found.map(|(_, p)| p.as_ref())
    }
}

/// What the image stage did, for `--verbose`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageStats {
    /// Variants encoded by this build.
    pub encoded: usize,
    /// Variants taken from the cache.
    pub reused: usize,
    /// Unused variants removed from the cache (`--gc`).
    pub removed: usize,
    /// Their size in bytes.
    pub removed_bytes: u64,
}

/// Finds and checks every picture of `site` and plans its variants: the
/// catalog pages draw them from. Reads each file once (none unchanged since
/// the last build, see [`probes`]), decodes none.
pub(crate) fn check(site: &mut Site, d: &mut Diagnostics) {
    let uses = uses::collect(site);
    let bundled = scheduled_bundles(site);
    let files = Sources {
        site: source_files(&site.statics),
        waiting: bundled
            .iter()
            .map(|(r, p)| (r.as_str(), p.as_path()))
            .collect(),
    };
    missing_media(site, &files, d);
    let found: Vec<(Use, Option<PathBuf>)> = uses
        .into_iter()
        .map(|u| {
            let file = files.of(&u).map(Path::to_path_buf);
            (u, file)
        })
        .collect();
    let mut paths: Vec<&PathBuf> = found.iter().filter_map(|(_, f)| f.as_ref()).collect();
    paths.sort();
    paths.dedup();
    let (probes, fresh) = probes::probe_all(&site.config.root.join(cache::DIR), &paths);
    let checked: Vec<(Use, Option<PathBuf>)> = found
        .into_iter()
        .map(|(u, file)| {
            let file = check_use(&u, file, &probes, d);
            (u, file)
        })
        .collect();
    let pictures = plan(&checked, &probes, &site.config);
    let mut catalog = Catalog {
        fresh,
        ..Catalog::default()
    };
    let (jobs, users) = (&mut catalog.jobs, &mut catalog.users);
    let mut waiting = Vec::new();
    let mut listed = HashSet::new();
    for (u, file) in checked {
        let Some(file) = file else {
            continue;
        };
        let distinct = (file, u.focus.0.map(f64::to_bits), u.need);
        let picture = &pictures[&distinct];
        let file = distinct.0.clone();
        if let Some(r) = &picture.raster {
            if listed.insert(distinct) {
                let list = jobs.entry(file.clone()).or_default();
                list.extend(r.variants().cloned());
            }
            if u.shown != Shown::Now {
                waiting.extend(r.variants().map(|v| v.rel_path.clone()));
            }
            users.entry(file).or_default().push(u.at.clone());
        }
        if u.shown == Shown::Now {
            let key = Key {
                src: u.src.clone(),
                focus: u.focus.0.map(f64::to_bits),
                need: u.need,
            };
            let article = u.article.clone().into_os_string();
            let named = catalog.map.entry(article).or_default();
            if !named.iter().any(|(k, _)| *k == key) {
                named.push((key, Arc::clone(picture)));
            }
        }
    }
    // A variant that a picture shown now publishes too is not waiting.
    if !waiting.is_empty() {
        let shown = catalog.map.values().flatten();
        let shown = shown.filter_map(|(_, p)| p.raster.as_ref());
        let shown: HashSet<&str> = shown
            .flat_map(Raster::variants)
            .map(|v| v.rel_path.as_str())
            .collect();
        waiting.retain(|k| !shown.contains(k.as_str()));
    }
    catalog.unpublished = waiting.into_iter().collect();
    site.images = catalog;
}

/// A source file at a focal point, for a need: what a picture's variants
/// are made from.
type Distinct = (PathBuf, [u64; 2], Need);

/// Each distinct picture of the checked uses, planned once and in parallel:
/// ten thousand articles may share a few hundred pictures, and pages then
/// share what they list of each.
fn plan(
    checked: &[(Use, Option<PathBuf>)],
    probes: &HashMap<PathBuf, Result<Probe, String>>,
    config: &crate::config::Config,
) -> HashMap<Distinct, Arc<Picture>> {
    let distinct: HashSet<Distinct> = checked
        .iter()
        .filter_map(|(u, f)| Some((f.clone()?, u.focus.0.map(f64::to_bits), u.need)))
        .collect();
    let distinct: Vec<Distinct> = distinct.into_iter().collect();
    distinct
        .into_par_iter()
        .filter_map(|k| {
            let probe = probes[&k.0].as_ref().ok()?;
            let focus = Focus(k.1.map(f64::from_bits));
            let picture = picture(&k.0, probe, focus, k.2, config);
            Some((k, Arc::new(picture)))
        })
        .collect()
}

/// The source file `u` names, with its warnings; `None`, with an error,
/// when it names none that can be used.
fn check_use(
    u: &Use,
    file: Option<PathBuf>,
    probes: &HashMap<PathBuf, Result<Probe, String>>,
    d: &mut Diagnostics,
) -> Option<PathBuf> {
    if u.relative_forbidden() {
        let m = format!(
            "`{0}` is a relative path, but an author's photo and a list page's picture have no folder of their own: write the path from the site's root (`/{0}` for `static/{0}`)",
            u.src.escape_debug()
        );
        d.push(Diagnostic::error(u.at.clone(), m));
        return None;
    }
    let Some(file) = file else {
        if !u.remote() {
            d.push(Diagnostic::error(u.at.clone(), u.missing()));
        }
        return None;
    };
    match &probes[&file] {
        Ok(probe) => {
            warn(u, probe, d);
            Some(file)
        }
        Err(m) => {
            d.push(Diagnostic::error(u.at.clone(), m.clone()));
            None
        }
    }
}

/// Warns where search engines or readers lose out on what `u` shows.
fn warn(u: &Use, probe: &Probe, d: &mut Diagnostics) {
    match probe.kind {
        Kind::Plain { width, height } if width.is_none() || height.is_none() => {
            let m = format!(
                "the size of `{}` is unknown (give an SVG `width` and `height` or a `viewBox`): pages reserve no space for it",
                u.src
            );
            d.push(Diagnostic::warning(u.at.clone(), m));
        }
        Kind::Raster { width, .. } if u.need == Need::Lead && width < GOOGLE_WIDTH => {
            let m = format!(
                "`{}` is {width} pixels wide: Google Discover shows large pictures only from {GOOGLE_WIDTH} pixels",
                u.src
            );
            d.push(Diagnostic::warning(u.at.clone(), m));
        }
        _ => {}
    }
}

/// The files of page bundles waiting for their date, by the output path
/// they will have.
fn scheduled_bundles(site: &Site) -> Vec<(String, PathBuf)> {
    let files = site.scheduled.iter().flat_map(|s| {
        s.bundle.iter().filter_map(|file| {
            let name = file.file_name()?.to_str()?;
            Some((format!("{}{name}", s.path), file.clone()))
        })
    });
    files.collect()
}

/// Encodes the variants the image cache lacks and adds every variant to the
/// static files, copied from the cache; a picture that cannot be decoded is
/// an error where it is used.
pub(crate) fn publish(site: &mut Site) -> Result<(), Vec<Diagnostic>> {
    let dir = site.config.root.join(cache::DIR);
    let jobs = std::mem::take(&mut site.images.jobs);
    let clashes = clashes(&jobs);
    if !clashes.is_empty() {
        return Err(at_users(&site.images.users, clashes));
    }
    site.images.used = jobs
        .values()
        .flatten()
        .map(|v| cache::file(&dir, v))
        .collect();
    let unpublished = &site.images.unpublished;
    let (files, stats, errors) = encode_missing(&dir, jobs, unpublished, &site.config.images);
    let errors = at_users(&site.images.users, errors);
    if !errors.is_empty() {
        // It may be a kept probe that was wrong: the next build reads every picture.
        probes::forget(&dir);
        return Err(errors);
    }
    site.images.stats = stats;
    site.statics.extend(files);
    if let Some(fresh) = site.images.fresh.take() {
        probes::save(&dir, fresh);
    }
    Ok(())
}

/// `--gc`: removes from the image cache of the site at `root` each variant
/// that is not in `used` (pictures taken out of the site, or variants an
/// earlier version of dateline named otherwise), and counts them in `stats`.
/// Only files named as the cache names them are touched (and temporary
/// files a stopped build left over an hour ago); one that cannot be removed
/// stays, as the next `--gc` removes it.
pub(crate) fn collect_garbage(root: &Path, used: &HashSet<PathBuf>, stats: &mut ImageStats) {
    let dir = root.join(cache::DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Some(meta) = e.metadata().ok().filter(|m| m.is_file()) else {
            continue;
        };
        let modified = meta
            .modified()
            .unwrap_or_else(|_| std::time::SystemTime::now());
        let ours = cache::is_variant(&path) || cache::is_leftover(&path, modified);
        if !ours || used.contains(&path) {
            continue;
        }
        let len = meta.len();
        if std::fs::remove_file(&path).is_ok() {
            stats.removed += 1;
            stats.removed_bytes += len;
        }
    }
}

/// What [`publish`] would refuse, found without encoding anything, for
/// `check`: every source the cache lacks a variant of is decoded.
pub(crate) fn verify(site: &Site) -> Vec<Diagnostic> {
    let dir = site.config.root.join(cache::DIR);
    let uncached =
        |variants: &Vec<Variant>| variants.iter().any(|v| !cache::file(&dir, v).is_file());
    let todo: Vec<&PathBuf> = site
        .images
        .jobs
        .iter()
        .filter(|(_, v)| uncached(v))
        .map(|(f, _)| f)
        .collect();
    let mut errors: Vec<(PathBuf, String)> = todo
        .par_iter()
        .filter_map(|f| encode::decode(f).err().map(|m| ((*f).clone(), m)))
        .collect();
    errors.extend(clashes(&site.images.jobs));
    at_users(&site.images.users, errors)
}

/// An error about a source file, at each place that uses it.
fn at_users(
    users: &HashMap<PathBuf, Vec<Location>>,
    errors: Vec<(PathBuf, String)>,
) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .flat_map(|(file, m)| {
            let at = users.get(&file).into_iter().flatten();
            at.map(move |at| Diagnostic::error(at.clone(), m.clone()))
        })
        .collect()
}

/// An error at each `video` whose `src` or `poster` names a file of the
/// site that does not exist (every update of a live blog, out or not, and
/// every article waiting for its date).
fn missing_media(site: &Site, files: &Sources<'_>, d: &mut Diagnostics) {
    let published = site.articles.iter().flat_map(|p| &p.components);
    let published = published.map(|c| (c, false));
    let scheduled = site.scheduled.iter().flat_map(|s| &s.components);
    let videos = published.chain(scheduled.map(|c| (c, true)));
    for (c, scheduled) in videos.filter(|(c, _)| c.name == "video") {
        for arg in ["src", "poster"] {
            let Some(path) = c.str_arg(arg).and_then(|s| s.strip_prefix('/')) else {
                continue;
            };
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            if !path.starts_with('/') && files.get(&path, scheduled).is_none() {
                let m = format!(
                    "video `{arg}` `/{path}` not found: no file `static/{path}` nor one in a page bundle at that path"
                );
                d.push(Diagnostic::error(c.at.clone(), m));
            }
        }
    }
}

/// The files a `src` may name, by output path: the site's (static files
/// and published bundles), and the bundles of articles waiting for their
/// date, which only such articles see.
struct Sources<'a> {
    site: HashMap<&'a str, &'a Path>,
    waiting: HashMap<&'a str, &'a Path>,
}

impl Sources<'_> {
    fn get(&self, rel: &str, scheduled: bool) -> Option<&Path> {
        let waiting = scheduled.then(|| self.waiting.get(rel)).flatten();
        waiting.or_else(|| self.site.get(rel)).copied()
    }

    /// The file `u` names, if the site has it.
    fn of(&self, u: &Use) -> Option<&Path> {
        let rel = u.local_path()?;
        self.get(&rel, u.shown == Shown::Scheduled)
    }
}

/// The files a `src` may name: static files and page bundles, by output path.
fn source_files(statics: &[OutputFile]) -> HashMap<&str, &Path> {
    statics
        .iter()
        .filter_map(|f| match &f.contents {
            Contents::Copy(p) => Some((f.rel_path.as_str(), p.as_path())),
            Contents::Bytes(_) => None,
        })
        .collect()
}

/// What a picture of the source `file` publishes, at `focus`, for `need`.
fn picture(
    file: &Path,
    probe: &Probe,
    focus: Focus,
    need: Need,
    site: &crate::config::Config,
) -> Picture {
    let config = &site.images;
    let (width, height, original) = match probe.kind {
        Kind::Plain { width, height } => {
            return Picture {
                width,
                height,
                raster: None,
            };
        }
        Kind::Raster {
            width,
            height,
            original,
        } => (width, height, original),
    };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("image");
    let stem = plan::stem(name);
    let source = plan::Source {
        stem: &stem,
        hash: probe.hash,
        original,
    };
    let whole = Rect {
        x: 0,
        y: 0,
        w: width,
        h: height,
    };
    let crop = |ratio| Rect::crop(width, height, ratio, focus);
    // Only articles have structured data listing Google's three crops; a
    // list page's picture is its social card, the 16:9 one.
    let ratios = if need == Need::Lead {
        &RATIOS[..]
    } else {
        &RATIOS[..1]
    };
    let (full, wide, square, crops) = match need {
        Need::Inline => (Some(source.set(whole, config)), None, None, Vec::new()),
        Need::Portrait => {
            let square = source.set_at(crop((1, 1)), &config.portrait_widths, config);
            (None, None, Some(square), Vec::new())
        }
        Need::Lead | Need::Cover => {
            let widest = config.widths.last().copied().unwrap_or(GOOGLE_WIDTH);
            let at_google_width = |&r| {
                let rect = crop(r);
                source.variant(rect, rect.w.min(widest.max(GOOGLE_WIDTH)), original, config)
            };
            let crops = ratios.iter().map(at_google_width).collect();
            (None, Some(source.set(crop(RATIOS[0]), config)), None, crops)
        }
    };
    let raster = Raster {
        markup: Markup::new(
            site.root_path(),
            full.as_ref(),
            wide.as_ref(),
            square.as_ref(),
        ),
        full,
        wide,
        square,
        crops,
    };
    Picture {
        width: Some(width),
        height: Some(height),
        raster: Some(raster),
    }
}

type Published = (Vec<OutputFile>, ImageStats, Vec<(PathBuf, String)>);

/// Encodes the variants the cache lacks, sources in parallel, and lists
/// every variant as a file to copy from the cache.
fn encode_missing(
    dir: &Path,
    jobs: BTreeMap<PathBuf, Vec<Variant>>,
    unpublished: &HashSet<String>,
    config: &crate::config::ImagesConfig,
) -> Published {
    let mut out = Vec::new();
    let mut stats = ImageStats::default();
    let mut todo: Vec<(PathBuf, Vec<Variant>)> = Vec::new();
    // Two files with the same bytes share their cached variants (the key),
    // but each name is published (the path).
    let (mut encoding, mut publishing) = (HashSet::new(), HashSet::new());
    for (file, variants) in &jobs {
        let mut missing = Vec::new();
        // A source shown by many articles lists its variants for each.
        for v in variants {
            let publish =
                !unpublished.contains(&v.rel_path) && publishing.insert(v.rel_path.as_str());
            let new = encoding.insert(v.key);
            if !publish && !new {
                continue;
            }
            let cached = cache::file(dir, v);
            if new {
                if cached.is_file() {
                    stats.reused += 1;
                } else {
                    missing.push(v.clone());
                }
            }
            if publish {
                out.push(OutputFile {
                    rel_path: v.rel_path.clone(),
                    contents: Contents::Copy(cached),
                });
            }
        }
        if !missing.is_empty() {
            todo.push((file.clone(), missing));
        }
    }
    if !todo.is_empty()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let m = format!("cannot create the image cache {}: {e}", dir.display());
        return (
            out,
            stats,
            todo.into_iter().map(|(f, _)| (f, m.clone())).collect(),
        );
    }
    let results: Vec<(PathBuf, Result<usize, String>)> = todo
        .par_iter()
        .map(|(file, missing)| (file.clone(), encode_into(dir, file, missing, config)))
        .collect();
    let mut errors = Vec::new();
    for (file, r) in results {
        match r {
            Ok(n) => stats.encoded += n,
            Err(m) => errors.push((file, m)),
        }
    }
    (out, stats, errors)
}

/// Each source with a variant named like another source's different
/// variant: the same file name, width and format, and keys whose first 64
/// bits agree, which only a file made to collide gives.
fn clashes(jobs: &BTreeMap<PathBuf, Vec<Variant>>) -> Vec<(PathBuf, String)> {
    let mut names = HashMap::new();
    let mut errors = Vec::new();
    for (file, variants) in jobs {
        let clash = variants.iter().find(|v| {
            let first = *names.entry(v.rel_path.as_str()).or_insert(v.key);
            first != v.key
        });
        if let Some(v) = clash {
            let m = format!(
                "another picture would be published as `{}`; rename this file",
                v.rel_path
            );
            errors.push((file.clone(), m));
        }
    }
    errors
}

/// Encodes `missing` from `file` into the cache; how many it wrote.
fn encode_into(
    dir: &Path,
    file: &Path,
    missing: &[Variant],
    config: &crate::config::ImagesConfig,
) -> Result<usize, String> {
    let refs: Vec<&Variant> = missing.iter().collect();
    let encoded = encode::variants(file, &refs, config)?;
    for (key, bytes) in &encoded {
        let v = missing
            .iter()
            .find(|v| v.key == *key)
            .expect("encoded from this list");
        cache::put(&cache::file(dir, v), bytes)?;
    }
    Ok(encoded.len())
}

#[cfg(test)]
mod tests {
    use super::plan::Format;
    use super::*;

    fn variant(rel_path: &str, key: u128) -> Variant {
        let rect = Rect {
            x: 0,
            y: 0,
            w: 800,
            h: 450,
        };
        Variant {
            rel_path: rel_path.into(),
            width: 800,
            height: 450,
            format: Format::Avif,
            key,
            rect,
            source: [0; 32],
        }
    }

    #[test]
    fn two_pictures_whose_variants_would_share_a_name_are_refused_at_the_second() {
        let jobs = BTreeMap::from([
            (
                "a/ferry.jpg".into(),
                vec![variant("img/ferry-800-1.avif", 1)],
            ),
            // The same bytes under the same name: one file, published once.
            (
                "b/ferry.jpg".into(),
                vec![variant("img/ferry-800-1.avif", 1)],
            ),
            (
                "c/ferry.jpg".into(),
                vec![variant("img/ferry-800-1.avif", 2)],
            ),
        ]);
        let errors = clashes(&jobs);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, PathBuf::from("c/ferry.jpg"));
        assert!(
            errors[0].1.contains("`img/ferry-800-1.avif`"),
            "{}",
            errors[0].1
        );
    }

    /// A picture saved again between the build's reading it for its keys
    /// and for encoding: nothing is encoded under the old bytes' keys.
    #[test]
    fn a_source_changed_since_its_keys_were_made_is_not_encoded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ferry.jpg");
        image::RgbImage::from_pixel(800, 450, image::Rgb([20, 90, 160]))
            .save(&path)
            .unwrap();
        let mut v = variant("img/ferry-800-1.avif", 1);
        v.format = Format::Jpeg;
        let config = crate::config::ImagesConfig::default();
        let stale = encode::variants(&path, &[&v], &config);
        assert!(stale.is_err_and(|m| m.contains("changed while")));
        v.source = *blake3::hash(&std::fs::read(&path).unwrap()).as_bytes();
        let encoded = encode::variants(&path, &[&v], &config).unwrap();
        let decoded = image::load_from_memory(&encoded[0].1).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (800, 450));
    }
}
